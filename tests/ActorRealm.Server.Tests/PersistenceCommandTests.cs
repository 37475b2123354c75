using System.Collections.Immutable;
using System.Text.Json;
using ActorRealm.Cluster;
using ActorRealm.PersistenceSets.Layout;
using ActorRealm.PersistenceSets.Status;
using ActorRealm.Server.Admin;
using ActorRealm.Server.Tests.Support;

namespace ActorRealm.Server.Tests;

/// <summary><c>actorrealm persistence status</c> against an admin API with a stand-in node.</summary>
public sealed class PersistenceCommandTests
{
    [Fact]
    public async Task The_table_shows_the_primary_set_first_with_its_clients_live_and_the_other_set_offline()
    {
        await using var admin = await AdminHarness.StartAsync();
        admin.Node.Persistence = MainView();

        var (exit, output, error) = CliRunner.Run("persistence", "status", "--admin", admin.Authority, "--token", AdminHarness.Token);

        Assert.True(exit == 0, error);
        Assert.Contains("Persistence servers as realm server main-1 (site main) sees them   standby replication async", output, StringComparison.Ordinal);
        var setA = output.IndexOf("set _setA at site main (primary, epoch 0, leader a1), 2 of 3 live here", StringComparison.Ordinal);
        var setB = output.IndexOf("set _setB at site dr (no live server here), 0 of 3 live here", StringComparison.Ordinal);
        Assert.True(setA >= 0 && setB > setA, output);
        Assert.Contains("primary leader, term 3, epoch 0, last 120, committed 118", Row(output, "│ a1 "), StringComparison.Ordinal);
        Assert.Contains("offline: defined in the realm, not a client of this realm server", Row(output, "│ a3 "), StringComparison.Ordinal);
        // The sessions column: the leader's client sessions, a member's 0, nothing for an offline server.
        Assert.Matches(@"│ a1 +│ 127\.0\.0\.1:7301 +│ +7 +│", Row(output, "│ a1 "));
        Assert.Matches(@"│ a2 +│ 127\.0\.0\.1:7302 +│ +0 +│", Row(output, "│ a2 "));
        Assert.Matches(@"│ a3 +│ 127\.0\.0\.1:7303 +│ +│", Row(output, "│ a3 "));
        Assert.All(["│ b1 ", "│ b2 ", "│ b3 "], b => Assert.Contains("offline: defined in the realm", Row(output, b), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_prints_what_the_node_serves_and_a_realm_without_sets_is_a_clear_error()
    {
        await using var admin = await AdminHarness.StartAsync();
        admin.Node.Persistence = MainView();

        var json = CliRunner.Run("persistence", "status", "--admin", admin.Authority, "--token", AdminHarness.Token, "--json");
        Assert.True(json.Exit == 0, json.Error);
        var view = JsonSerializer.Deserialize(json.Output, AdminJsonContext.Instance.PersistenceStatusView)!;
        Assert.Equal(["live", "live", "offline"], view.Sets.Single(s => s.Name == "_setA").Servers.Select(s => s.State));

        admin.Node.Persistence = null;
        var none = CliRunner.Run("persistence", "status", "--admin", admin.Authority, "--token", AdminHarness.Token);
        Assert.Equal(1, none.Exit);
        Assert.Contains("This realm defines no persistence sets (actorrealm.persistence.sets).", none.Error, StringComparison.Ordinal);

        var unauthorized = CliRunner.Run("persistence", "status", "--admin", admin.Authority, "--token", "wrong-token-wrong-token");
        Assert.Equal(1, unauthorized.Exit);
    }

    [Fact]
    public async Task Status_adds_one_line_per_set_when_the_realm_defines_sets()
    {
        await using var admin = await AdminHarness.StartAsync();
        admin.Node.Persistence = MainView();

        var (exit, output, error) = CliRunner.Run("status", "--admin", admin.Authority, "--token", AdminHarness.Token);

        Assert.True(exit == 0, error);
        Assert.Contains("Persistence sets as main-1 sees them (standby replication async; details: actorrealm persistence status)", output, StringComparison.Ordinal);
        Assert.Contains("_setA at main: primary, epoch 0, leader a1, 2 of 3 live here, standby lag 12 messages, 3072 bytes", output, StringComparison.Ordinal);
        Assert.Contains("_setB at dr: standby at epoch 0, offline here (clients of another realm server)", output, StringComparison.Ordinal);
        Assert.True(output.IndexOf("_setA at main", StringComparison.Ordinal) < output.IndexOf("_setB at dr", StringComparison.Ordinal), output);

        admin.Node.Persistence = null;
        var none = CliRunner.Run("status", "--admin", admin.Authority, "--token", AdminHarness.Token);
        Assert.True(none.Exit == 0, none.Error);
        Assert.DoesNotContain("Persistence sets", none.Output, StringComparison.Ordinal);
    }

    private static string Row(string output, string marker) => output.Split('\n').Single(l => l.Contains(marker, StringComparison.Ordinal));

    /// <summary>The document's example as main-1 sees it: a1 and a2 its clients, a3 killed, _setB at the other site.</summary>
    private static PersistenceStatusView MainView()
    {
        static (string, NodeAddress) Server(string name, int port) => (name, new NodeAddress("127.0.0.1", port));
        var layout = PersistenceLayout.Of(
            "_setA",
            StandbyReplication.Async,
            new Dictionary<string, ImmutableArray<NodeAddress>>
            {
                ["main"] = [new NodeAddress("127.0.0.1", 25520)],
                ["dr"] = [new NodeAddress("127.0.0.1", 25522)],
            },
            ("_setA", "main", [Server("a1", 7301), Server("a2", 7302), Server("a3", 7303)]),
            ("_setB", "dr", [Server("b1", 7311), Server("b2", 7312), Server("b3", 7313)]));
        PersistenceServerStatus Status(string name, PersistenceRole role, long last, long? lag) =>
            new(name, "_setA", "main", SetRole.Primary, role, 3, 0, last, 118, "a1", lag, role == PersistenceRole.Leader ? new StandbyLag(12, 3072, TimeSpan.FromSeconds(1.5)) : null, DateTimeOffset.UnixEpoch,
                ClientSessions: role == PersistenceRole.Leader ? 7 : 0);
        return PersistenceStatusView.From(PersistenceViewBuilder.Build(layout, "main-1", "main", [Status("a1", PersistenceRole.Leader, 120, null), Status("a2", PersistenceRole.Member, 120, 0)]));
    }
}
