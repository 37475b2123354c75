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
        foreach (var set in view.Sets.OrderBy(s => s.Role == "primary" || (s.Role is null && s.InitialPrimary) ? 0 : 1).ThenBy(s => s.Name, StringComparer.Ordinal))
        {
            var table = new Table { Border = TableBorder.Rounded, Expand = false };
            var role = set.Role ?? (set.InitialPrimary ? "primary at epoch 0, no live server here" : "no live server here");
            var epoch = set.Epoch is { } e ? $", epoch {e}" : string.Empty;
            var leader = set.Leader is { } l ? $", leader {Esc(l)}" : string.Empty;
            table.Title = new TableTitle($"set {Esc(set.Name)} at site {Esc(set.Site)} ({Esc(role)}{epoch}{leader}), {set.Live} of {set.Servers.Count} live here");
            table.AddColumns("server", "address", "state");
            foreach (var server in set.Servers)
            {
                var notes = server.Notes.Count > 0 ? $" [red]({Esc(string.Join("; ", server.Notes))})[/]" : string.Empty;
                var state = server.State == "live" ? Esc(server.Summary) : $"[grey]{Esc(server.Summary)}[/]";
                table.AddRow(Esc(server.Name), Esc(server.Address), state + notes);
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

    private static string Esc(string text) => Markup.Escape(text);
}
