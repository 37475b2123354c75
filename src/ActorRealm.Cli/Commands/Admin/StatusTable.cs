using System.Globalization;
using ActorRealm.Server.Admin;
using Spectre.Console;

namespace ActorRealm.Cli.Commands.Admin;

/// <summary>
/// Renders a node's status: a summary, then one table of members per site (prime site first). The
/// tables fit the console: names, addresses and statuses never wrap, only the notes column does, at
/// spaces; incarnations, long and rarely needed, only with <c>wide</c>.
/// </summary>
internal static class StatusTable
{
    public static void Render(IAnsiConsole console, NodeStatusView status, bool wide = false)
    {
        console.MarkupLine(CultureInfo.InvariantCulture, "[bold]Realm[/] {0}   [bold]node[/] {1} ({2}, site {3})   [bold]status[/] {4}{5}",
            Esc(status.Realm), Esc(status.Node), Esc(status.Address), Esc(status.Site), Colored(status.Status), status.Serving ? "   [green]serving[/]" : "   [red]not serving[/]");
        console.MarkupLine(CultureInfo.InvariantCulture, "[bold]Prime site[/] {0} (epoch {1}){2}",
            Esc(status.PrimeSite), status.PrimeEpoch, status.PrimeSwitch is { } s
                ? $", switched by {Esc(s.SwitchedBy)} at {s.SwitchedAt.ToString("u", CultureInfo.InvariantCulture)}"
                : ", from configuration");
        console.MarkupLine(CultureInfo.InvariantCulture, "[bold]Quorum[/] {0} ({1})",
            status.HasQuorum ? "[green]yes[/]" : "[red]NO[/]", Esc(status.Quorum.Explanation));
        console.MarkupLine(CultureInfo.InvariantCulture, "[bold]Leader[/] {0}", Esc(status.Leader ?? "none"));
        var sites = status.Sites.OrderByDescending(s => s.Prime).ThenBy(s => s.Name, StringComparer.Ordinal).Select(s => s.Name).ToList();
        foreach (var extra in status.Members.Select(m => m.Site).Distinct().Where(s => !sites.Contains(s)))
        {
            sites.Add(extra);
        }

        foreach (var site in sites)
        {
            console.Write(SiteTable(status, site, wide));
        }
    }

    private static Table SiteTable(NodeStatusView status, string site, bool wide)
    {
        var prime = site == status.PrimeSite;
        var table = new Table { Border = TableBorder.Rounded, Expand = false };
        table.Title = new TableTitle($"site {Esc(site)}{(prime ? " [yellow](prime)[/]" : string.Empty)}");
        // A value split across lines misreads (127.0.0.1:2552 / 0): only the notes may wrap.
        table.AddColumns(Value("node"), Value("address"), Value("status"), Value("reachable"));
        if (wide)
        {
            table.AddColumn(Value("incarnation"));
        }

        table.AddColumn(new TableColumn(string.Empty));
        foreach (var member in status.Members.Where(m => m.Site == site).OrderBy(m => m.Address, StringComparer.Ordinal))
        {
            var notes = new List<string>();
            if (member.IsSelf)
            {
                notes.Add("this node");
            }

            if (member.IsLeader)
            {
                notes.Add("leader");
            }

            if (member.Roles.Count > 0)
            {
                notes.Add("roles " + string.Join(", ", member.Roles));
            }

            if (member.UnreachableFrom.Count > 0)
            {
                notes.Add("suspected by " + string.Join(", ", member.UnreachableFrom));
            }

            string[] cells = [Esc(member.Node), Esc(member.Address), Colored(member.Status), Reachability(member)];
            table.AddRow([.. cells, .. wide ? [member.Incarnation?.ToString(CultureInfo.InvariantCulture) ?? "-"] : Array.Empty<string>(), Esc(string.Join("; ", notes))]);
        }

        return table;
    }

    private static TableColumn Value(string header) => new TableColumn(header).NoWrap();

    private static string Reachability(MemberView member) => member.Status switch
    {
        MemberView.AbsentStatus => "[grey]-[/]",
        _ when member.Reachable => "[green]yes[/]",
        _ => "[red]no[/]",
    };

    private static string Colored(string status) => status switch
    {
        "up" => "[green]up[/]",
        "joining" or "leaving" or "exiting" => $"[yellow]{status}[/]",
        "down" => "[red]down[/]",
        _ => $"[grey]{Esc(status)}[/]",
    };

    private static string Esc(string text) => Markup.Escape(text);
}
