using ActorRealm.Cluster;
using ActorRealm.PersistenceSets.Layout;
using static ActorRealm.PersistenceSets.Tests.Layout.LayoutConfig;

namespace ActorRealm.PersistenceSets.Tests.Layout;

/// <summary><see cref="PersistenceLayout.Of"/> builds layouts in code under the configuration's rules.</summary>
public sealed class LayoutInCodeTests
{
    private static (string, NodeAddress)[] Servers(string prefix, int basePort) =>
        [.. Enumerable.Range(1, 3).Select(i => ($"{prefix}{i}", NodeAddress.Parse($"127.0.0.1:{basePort + i}")))];

    [Fact]
    public void The_documents_example_built_in_code_equals_the_configured_one()
    {
        var inCode = PersistenceLayout.Of("_setA", StandbyReplication.Async, RealmSites, ("_setA", "main", Servers("a", 7300)), ("_setB", "dr", Servers("b", 7310)));
        var configured = Read(DocumentExample).Layout!;
        Assert.Equal(configured.Sets.Select(s => (s.Name, s.Site)), inCode.Sets.Select(s => (s.Name, s.Site)));
        Assert.Equal(configured.Servers, inCode.Servers);
        Assert.Equal(configured.Sets.SelectMany(s => s.RealmServers), inCode.Sets.SelectMany(s => s.RealmServers));
        Assert.Equal(configured.InitialPrimarySet.Name, inCode.InitialPrimarySet.Name);
    }

    [Fact]
    public void The_same_rules_refuse_with_the_same_messages_without_positions()
    {
        var error = Assert.Throws<PersistenceLayoutException>(() =>
            PersistenceLayout.Of("_setC", StandbyReplication.Sync, RealmSites, ("_setA", "dr", Servers("a", 7300)), ("_setB", "dr", [])));
        Assert.Equal(
            [
                "actorrealm.persistence.sets._setB.servers is empty: every set needs at least one server (three is usual).",
                "Sets '_setA', '_setB' are all at site 'dr' (actorrealm.persistence.sets.<set>.site): the standby set must run at another site than the primary set, or a lost site takes both.",
                "actorrealm.persistence.primary-set = '_setC' names no set; the sets are '_setA', '_setB'.",
            ],
            error.Problems);
    }

    [Fact]
    public void A_layout_without_sets_is_refused_in_code()
    {
        var error = Assert.Throws<PersistenceLayoutException>(() => PersistenceLayout.Of(string.Empty, StandbyReplication.Async, RealmSites));
        Assert.Equal(["actorrealm.persistence.sets defines no set: a persistence cluster has exactly two, the primary set and the standby set."], error.Problems);
    }
}
