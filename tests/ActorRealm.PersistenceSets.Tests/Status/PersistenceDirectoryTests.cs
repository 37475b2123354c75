using ActorRealm.PersistenceSets.Layout;
using ActorRealm.PersistenceSets.Status;
using ActorRealm.PersistenceSets.Tests.Layout;

namespace ActorRealm.PersistenceSets.Tests.Status;

/// <summary>
/// The directory a realm server gives the client library: every server with its actor path, the primary set, epoch
/// and leader as its live clients report them.
/// </summary>
public sealed class PersistenceDirectoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly PersistenceLayout Layout = LayoutConfig.Read(LayoutConfig.DocumentExample).Layout!;

    [Fact]
    public void The_primary_leader_is_named_by_its_own_report_and_every_server_has_its_path_primary_set_first()
    {
        var view = PersistenceViewBuilder.Build(Layout, "main-1", "main", [Status("a2", "_setA", SetRole.Primary, PersistenceRole.Leader, term: 3, epoch: 0, leader: "a2"), Status("a1", "_setA", SetRole.Primary, PersistenceRole.Member, 3, 0, "a2")]);

        var directory = PersistenceDirectoryBuilder.Build(Layout, view, "akka.ssl.tcp", "realm");

        Assert.Equal(("main-1", "_setA", 0L, "a2"), (directory.RealmServer, directory.PrimarySet, directory.Epoch, directory.Leader));
        Assert.Equal(["a1", "a2", "a3", "b1", "b2", "b3"], directory.Servers.Select(s => s.Name));
        var a1 = directory.Servers[0];
        Assert.Equal(("_setA", "main", "127.0.0.1:7301", "akka.ssl.tcp://realm@127.0.0.1:7301/user/persistence-server"), (a1.Set, a1.Site, a1.Address, a1.Path));
    }

    [Fact]
    public void Without_live_clients_the_configured_primary_set_in_epoch_0_and_no_leader()
    {
        var view = PersistenceViewBuilder.Build(Layout, "dr-1", "dr", []);

        var directory = PersistenceDirectoryBuilder.Build(Layout, view, "akka.tcp", "realm");

        Assert.Equal(("_setA", 0L, (string?)null), (directory.PrimarySet, directory.Epoch, directory.Leader));
    }

    [Fact]
    public void After_a_cut_over_the_newest_epoch_wins_and_the_standby_sets_own_leader_is_not_taken_for_the_primary_leader()
    {
        // dr sees its own set primary in epoch 1 (b1 leads); a stale member still reports epoch 0.
        var afterCutOver = PersistenceViewBuilder.Build(Layout, "dr-1", "dr", [
            Status("b1", "_setB", SetRole.Primary, PersistenceRole.Leader, 4, 1, "b1"),
            Status("b3", "_setB", SetRole.Standby, PersistenceRole.Member, 2, 0, "b2")]);
        var directory = PersistenceDirectoryBuilder.Build(Layout, afterCutOver, "akka.tcp", "realm");
        Assert.Equal(("_setB", 1L, "b1"), (directory.PrimarySet, directory.Epoch, directory.Leader));
        Assert.Equal(["b1", "b2", "b3", "a1", "a2", "a3"], directory.Servers.Select(s => s.Name));

        // Only standby servers report here: the primary set is the other one, its leader unknown from here.
        var standbyOnly = PersistenceViewBuilder.Build(Layout, "dr-1", "dr", [Status("b2", "_setB", SetRole.Standby, PersistenceRole.Leader, 1, 0, "b2")]);
        Assert.Equal(("_setA", 0L, (string?)null), (PersistenceDirectoryBuilder.Build(Layout, standbyOnly, "akka.tcp", "realm") is var d ? (d.PrimarySet, d.Epoch, d.Leader) : default));

        // A primary member knows its leader when the leader itself is not a client here.
        var memberOnly = PersistenceViewBuilder.Build(Layout, "main-1", "main", [Status("a3", "_setA", SetRole.Primary, PersistenceRole.Member, 5, 0, "a1")]);
        Assert.Equal("a1", PersistenceDirectoryBuilder.Build(Layout, memberOnly, "akka.tcp", "realm").Leader);
    }

    private static PersistenceServerStatus Status(string server, string set, SetRole setRole, PersistenceRole role, long term, long epoch, string? leader) =>
        new(server, set, set == "_setA" ? "main" : "dr", setRole, role, term, epoch, 10, 10, leader, null, null, Now);
}
