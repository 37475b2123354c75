using System.Globalization;
using ActorRealm.Server.Admin;
using Spectre.Console;

namespace ActorRealm.Cli.Commands.Admin;

/// <summary>Renders a realm server's view of the persistence servers: one table per set (the primary first).</summary>
internal static class PersistenceTable
{
    public static void Render(IAnsiConsole console, PersistenceStatusView view)
    {
        console.MarkupLine(CultureInfo.InvariantCulture, "[bold]Persistence servers[/] as realm server {0} (site {1}) sees them   [bold]standby replication[/] {2}",
            Esc(view.RealmServer), Esc(view.Site), Esc(view.StandbyReplication));
        foreach (var set in Ordered(view.Sets))
        {
            var table = new Table { Border = TableBorder.Rounded, Expand = false };
            var role = set.Role ?? (set.InitialPrimary ? "primary at epoch 0, no live server here" : "no live server here");
            var epoch = set.Epoch is { } e ? $", epoch {e}" : string.Empty;
            var leader = set.Leader is { } l ? $", leader {Esc(l)}" : string.Empty;
            table.Title = new TableTitle($"set {Esc(set.Name)} at site {Esc(set.Site)} ({Esc(role)}{epoch}{leader}), {set.Live} of {set.Servers.Count} live here");
            table.AddColumns("server", "address", "sessions", "state");
            foreach (var server in set.Servers)
            {
                var notes = server.Notes.Count > 0 ? $" [red]({Esc(string.Join("; ", server.Notes))})[/]" : string.Empty;
                var state = server.State == "live" ? Esc(server.Summary) : $"[grey]{Esc(server.Summary)}[/]";
                // Client sessions: a live server's count, nothing for one that is not this realm server's client.
                table.AddRow(Esc(server.Name), Esc(server.Address), server.ClientSessions?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, state + notes);
            }

            console.Write(table);
            foreach (var note in set.Notes)
            {
                console.MarkupLine(CultureInfo.InvariantCulture, "[red]{0}[/]", Esc(note));
            }
        }

        foreach (var stranger in view.UndefinedClients)
        {
            console.MarkupLine(CultureInfo.InvariantCulture, "[yellow]client not defined in this realm:[/] {0}", Esc(stranger));
        }
    }

    /// <summary>
    /// One line per set for <c>actorrealm status</c>: its role, epoch and leader, how many of its servers are this
    /// realm server's clients, and the primary leader's standby lag (the live RPO in async mode) when it is one.
    /// </summary>
    public static void RenderSummary(IAnsiConsole console, PersistenceStatusView view)
    {
        console.MarkupLine(CultureInfo.InvariantCulture, "[bold]Persistence sets[/] as {0} sees them (standby replication {1}; details: actorrealm persistence status)",
            Esc(view.RealmServer), Esc(view.StandbyReplication));
        foreach (var set in Ordered(view.Sets))
        {
            var role = set.Role ?? (set.InitialPrimary ? "primary at epoch 0" : "standby at epoch 0");
            var epoch = set.Role is not null && set.Epoch is { } e ? $", epoch {e}" : string.Empty;
            var leader = set.Leader is { } l ? $", leader {Esc(l)}" : string.Empty;
            var live = set.Live == 0 ? "offline here (clients of another realm server)" : $"{set.Live} of {set.Servers.Count} live here";
            var lag = set.Servers.FirstOrDefault(s => s.StandbyLagMessages is not null) is { } primaryLeader
                ? $", standby lag {primaryLeader.StandbyLagMessages} messages, {primaryLeader.StandbyLagBytes} bytes"
                : string.Empty;
            console.MarkupLine(CultureInfo.InvariantCulture, "  {0} at {1}: {2}{3}{4}, {5}{6}", Esc(set.Name), Esc(set.Site), Esc(role), epoch, leader, live, lag);
        }
    }

    private static IEnumerable<PersistenceSetStatusView> Ordered(IEnumerable<PersistenceSetStatusView> sets) =>
        sets.OrderBy(s => s.Role == "primary" || (s.Role is null && s.InitialPrimary) ? 0 : 1).ThenBy(s => s.Name, StringComparer.Ordinal);

    private static string Esc(string text) => Markup.Escape(text);
}
