using ActorRealm.Cli.Commands.Admin;
using System.Text.RegularExpressions;
using ActorRealm.Server.Admin;

namespace ActorRealm.Cli.Tests;

/// <summary>The status tables fit an 80-column terminal without splitting a value.</summary>
public sealed class StatusTableTests
{
    private static readonly string[] Addresses = ["127.0.0.1:25520", "127.0.0.1:25521", "127.0.0.1:25522", "127.0.0.1:25523"];

    [Fact]
    public void In_80_columns_no_line_is_longer_and_every_address_stays_whole()
    {
        var lines = Render(wide: false);

        Assert.All(lines, line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
        // Every address whole: the header's two, one per row, and the two main-2 is suspected by.
        var text = string.Join('\n', lines);
        Assert.True(Regex.Count(text, @"127\.0\.0\.1:2552\d") == 8, text);
        Assert.True(Regex.Count(text, "127") == 8, text);
        Assert.Contains(lines, l => l.Contains("suspected by", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("incarnation", StringComparison.Ordinal));
    }

    [Fact]
    public void Wide_adds_the_incarnations()
    {
        var lines = Render(wide: true, width: 160);

        Assert.Contains(lines, l => l.Contains("incarnation", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("│ main-1 ", StringComparison.Ordinal) && l.Contains("5419087715", StringComparison.Ordinal));
    }

    private static string[] Render(bool wide, int width = 80)
    {
        var output = new StringWriter();
        StatusTable.Render(ConsoleOutput.For(output, width), Status(), wide);
        return output.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
    }

    private static NodeStatusView Status() => new(
        "demo",
        "main-1",
        Addresses[0],
        "main",
        "up",
        true,
        new QuorumView("Majority", "quorum: 3 of 4 members reachable, more than half", 3, 4),
        true,
        true,
        "main",
        0,
        null,
        Addresses[0],
        [
            new MemberView("main-1", "main", Addresses[0], "up", true, 5419087715, true, true, [], ["api", "store"]),
            new MemberView("main-2", "main", Addresses[1], "up", false, 811232311, false, false, [Addresses[0], Addresses[2]], []),
            new MemberView("dr-1", "dr", Addresses[2], "up", true, 1460736605, false, false, [], []),
            new MemberView("dr-2", "dr", Addresses[3], "absent", false, null, false, false, [], []),
        ],
        [new SiteView("dr", false, [Addresses[2], Addresses[3]]), new SiteView("main", true, [Addresses[0], Addresses[1]])],
        DateTimeOffset.UnixEpoch);
}
