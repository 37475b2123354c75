using ActorRealm.Cluster;
using ActorRealm.PersistenceSets.Layout;
using static ActorRealm.PersistenceSets.Tests.Layout.LayoutConfig;

namespace ActorRealm.PersistenceSets.Tests.Layout;

/// <summary>Layouts the configuration accepts, and what is read from them.</summary>
public sealed class LayoutAcceptedTests
{
    [Fact]
    public void The_documents_example_reads_two_sets_of_three_at_main_and_dr()
    {
        var settings = Read(DocumentExample);

        var layout = Assert.IsType<PersistenceLayout>(settings.Layout);
        Assert.Equal(["_setA", "_setB"], layout.Sets.Select(s => s.Name));
        Assert.Equal("main", layout.Set("_setA").Site);
        Assert.Equal("dr", layout.Set("_setB").Site);
        Assert.Equal(["a1", "a2", "a3"], layout.Set("_setA").Servers.Select(s => s.Name));
        Assert.Equal(["b1", "b2", "b3"], layout.Set("_setB").Servers.Select(s => s.Name));
        Assert.Equal(NodeAddress.Parse("127.0.0.1:7312"), layout.Server("b2").Address);
        Assert.Equal(new PersistenceServerDefinition("a3", "_setA", "main", NodeAddress.Parse("127.0.0.1:7303")), layout.Server("a3"));
        Assert.Equal("_setA", layout.InitialPrimarySet.Name);
        Assert.Equal("_setB", layout.InitialStandbySet.Name);
        Assert.Equal(StandbyReplication.Async, layout.StandbyReplication);
        Assert.Equal(2, layout.Set("_setA").Majority);
        Assert.Null(settings.Server);
        Assert.Null(settings.ThisServer);
        Assert.Empty(settings.Warnings);
        Assert.Equal("_setA (primary) at main: a1, a2, a3; _setB at dr: b1, b2, b3", layout.ToString());
    }

    [Fact]
    public void Without_sets_the_realm_has_no_persistence_cluster()
    {
        var settings = Read(Realm);
        Assert.Null(settings.Layout);
        Assert.Null(settings.Server);
        Assert.Empty(settings.Warnings);
    }

    [Fact]
    public void A_set_connects_to_every_realm_server_of_its_site_by_default_in_the_listed_order()
    {
        var layout = Read(DocumentExample).Layout!;
        Assert.Equal<NodeAddress>([NodeAddress.Parse("127.0.0.1:25520"), NodeAddress.Parse("127.0.0.1:25521")], layout.Set("_setA").RealmServers);
        Assert.Equal<NodeAddress>([NodeAddress.Parse("127.0.0.1:25522"), NodeAddress.Parse("127.0.0.1:25523")], layout.Set("_setB").RealmServers);
    }

    [Fact]
    public void Realm_servers_of_the_sets_site_may_be_chosen_and_ordered()
    {
        var layout = Read(Example("sets._setA.realm-servers = [\"127.0.0.1:25521\", \"127.0.0.1:25520\"]")).Layout!;
        Assert.Equal<NodeAddress>([NodeAddress.Parse("127.0.0.1:25521"), NodeAddress.Parse("127.0.0.1:25520")], layout.Set("_setA").RealmServers);
    }

    [Theory]
    [InlineData("sync", StandbyReplication.Sync)]
    [InlineData("async", StandbyReplication.Async)]
    [InlineData("SYNC", StandbyReplication.Sync)]
    public void Standby_replication_is_async_or_sync(string value, StandbyReplication expected) =>
        Assert.Equal(expected, Read(Example($"standby-replication = {value}")).Layout!.StandbyReplication);

    [Fact]
    public void A_persistence_servers_node_file_names_the_server_it_runs()
    {
        var settings = Read(Example("server = b2"));
        Assert.Equal("b2", settings.Server);
        Assert.Equal(new PersistenceServerDefinition("b2", "_setB", "dr", NodeAddress.Parse("127.0.0.1:7312")), settings.ThisServer);
    }

    [Fact]
    public void The_environment_can_select_the_server_and_the_mode()
    {
        var settings = Read(DocumentExample, new Dictionary<string, string>
        {
            ["ACTORREALM__PERSISTENCE__SERVER"] = "a1",
            ["ACTORREALM__PERSISTENCE__STANDBY_REPLICATION"] = "sync",
        });
        Assert.Equal("a1", settings.Server);
        Assert.Equal(StandbyReplication.Sync, settings.Layout!.StandbyReplication);
    }

    [Fact]
    public void The_standby_set_may_be_the_initial_primary()
    {
        var layout = Read(Example("primary-set = _setB")).Layout!;
        Assert.Equal("_setB", layout.InitialPrimarySet.Name);
        Assert.Equal("_setA", layout.InitialStandbySet.Name);
        Assert.Equal("_setA", layout.OtherSet("_setB").Name);
        Assert.Equal("_setA at main: a1, a2, a3; _setB (primary) at dr: b1, b2, b3", layout.ToString());
    }

    [Fact]
    public void The_sets_can_be_found_by_site_and_servers_by_name()
    {
        var layout = Read(DocumentExample).Layout!;
        Assert.Equal("_setB", layout.SetAt("dr")?.Name);
        Assert.Null(layout.SetAt("elsewhere"));
        Assert.True(layout.TryGetServer("a2", out var a2));
        Assert.Equal("_setA", a2.Set);
        Assert.False(layout.TryGetServer("c1", out _));
        Assert.Equal("No persistence server 'c1'; the servers are 'a1', 'a2', 'a3', 'b1', 'b2', 'b3'. (Parameter 'name')", Assert.Throws<ArgumentException>(() => layout.Server("c1")).Message);
        Assert.Throws<ArgumentException>(() => layout.Set("_setC"));
        Assert.True(layout.Set("_setA").Contains("a1"));
        Assert.False(layout.Set("_setA").Contains("b1"));
    }

    [Fact]
    public void Even_single_and_unequal_sets_are_accepted_with_warnings()
    {
        var settings = Read(Example("""
            sets._setA.servers = [{ name = a1, address = "127.0.0.1:7301" }, { name = a2, address = "127.0.0.1:7302" }]
            sets._setB.servers = [{ name = b1, address = "127.0.0.1:7311" }]
            """));
        Assert.Equal(
            [
                "Set '_setA' has 2 servers: a majority is 2, so it survives losing 0, no more than a set of 1. An odd number (three) is usual.",
                "Set '_setB' has one server: while it is down the set has no leader. Three servers are usual.",
                "The sets have unequal numbers of servers (_setA: 2, _setB: 1): after a cut-over or migration the primary set survives a different number of lost servers.",
            ],
            settings.Warnings);
    }

    [Fact]
    public void A_set_overridden_with_null_is_not_defined()
    {
        var problems = Refusal(Example("sets._setB = null"));
        Assert.Equal(["actorrealm.persistence.sets defines 1 set ('_setA'): a persistence cluster has exactly two, the primary set and the standby set, at different sites."], problems);
    }
}
