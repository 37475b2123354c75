using ActorRealm.Cluster;
using ActorRealm.Cluster.Prime;
using ActorRealm.PersistenceSets.Layout;
using ActorRealm.PersistenceSets.RealmLink;
using ActorRealm.PersistenceSets.Status;
using static ActorRealm.PersistenceSets.Tests.Layout.LayoutConfig;

namespace ActorRealm.PersistenceSets.Tests.RealmLink;

/// <summary>The realm server's half of a cut-over or migration (ADR 0073): refusals, the realm guard, the target.</summary>
public sealed class PersistenceChangeRulesTests
{
    private static readonly TimeSpan Min = TimeSpan.FromSeconds(60);
    private static readonly NodeAddress Main1 = NodeAddress.Parse("127.0.0.1:25520");
    private static readonly NodeAddress Main2 = NodeAddress.Parse("127.0.0.1:25521");
    private static readonly ClusterLayout Realm = new(RealmSites.Select(s => KeyValuePair.Create(s.Key, (IEnumerable<NodeAddress>)s.Value)));
    private static readonly PersistenceLayout Layout = PersistenceLayout.Of(
        "_setA",
        StandbyReplication.Async,
        RealmSites,
        ("_setA", "main", [("a1", NodeAddress.Parse("127.0.0.1:7301")), ("a2", NodeAddress.Parse("127.0.0.1:7302")), ("a3", NodeAddress.Parse("127.0.0.1:7303"))]),
        ("_setB", "dr", [("b1", NodeAddress.Parse("127.0.0.1:7311")), ("b2", NodeAddress.Parse("127.0.0.1:7312")), ("b3", NodeAddress.Parse("127.0.0.1:7313"))]));

    private static readonly PrimeState MainPrime = PrimeState.Initial("main");
    private static readonly PrimeState DrPrime = MainPrime.SwitchTo("dr", "ops", DateTimeOffset.UnixEpoch, Guid.Empty);

    private static PersistenceChangePrecheck CutOver(string toSet = "_setB", string confirm = "main", string selfSite = "dr", PrimeState? prime = null, Dictionary<NodeAddress, TimeSpan>? unreachable = null) =>
        PersistenceChangeRules.CutOver(Layout, Realm, prime ?? DrPrime, selfSite, toSet, confirm, unreachable ?? new() { [Main1] = Min, [Main2] = Min * 2 }, Min);

    [Fact]
    public void A_set_or_site_the_realm_does_not_define_is_a_bad_request()
    {
        Assert.Equal((PrecheckVerdict.BadRequest, "there is no set '_setC'; the sets are '_setA', '_setB'"), (CutOver(toSet: "_setC").Verdict, CutOver(toSet: "_setC").Message));
        Assert.Equal((PrecheckVerdict.BadRequest, "there is no site 'mian'; the sites are 'dr', 'main'"), (CutOver(confirm: "mian").Verdict, CutOver(confirm: "mian").Message));
        Assert.Equal(PrecheckVerdict.BadRequest, PersistenceChangeRules.Migration(Layout, "_setC").Verdict);
        Assert.Equal(PrecheckVerdict.Proceed, PersistenceChangeRules.Migration(Layout, "_setB").Verdict);
    }

    [Fact]
    public void A_cut_over_is_given_at_the_surviving_site()
    {
        var check = CutOver(selfSite: "main");

        Assert.Equal(PrecheckVerdict.Conflict, check.Verdict);
        Assert.Contains("at a realm server of its site 'dr'", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_realm_guard_is_the_prime_switchs_rule_and_wants_the_prime_site_switched_first()
    {
        var reachable = CutOver(unreachable: new() { [Main1] = Min, [Main2] = TimeSpan.FromSeconds(12) });
        Assert.Equal(PrecheckVerdict.Proceed, reachable.Verdict);
        Assert.False(reachable.GuardPassed);
        Assert.Contains("127.0.0.1:25521 was reachable 12 s ago", reachable.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:25520 is reachable now", CutOver(unreachable: []).Message, StringComparison.Ordinal);

        var stillPrime = CutOver(prime: MainPrime);
        Assert.False(stillPrime.GuardPassed);
        Assert.Contains("Switch the prime site first: actorrealm prime set --site dr --confirm-site-down main", stillPrime.Message, StringComparison.Ordinal);

        var passed = CutOver();
        Assert.True(passed.GuardPassed);
        Assert.Contains("'dr' is the prime site (epoch 1)", passed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_target_is_the_leader_of_the_set_that_must_act_and_a_redirect_wins()
    {
        static PersistenceServerStatus S(string name, string set, SetRole role, PersistenceRole r, long epoch = 0, long term = 1) =>
            new(name, set, set == "_setA" ? "main" : "dr", role, r, term, epoch, 10, 10, null, null, null, DateTimeOffset.UnixEpoch);
        PersistenceServerStatus[] live =
        [
            S("a1", "_setA", SetRole.Primary, PersistenceRole.Member),
            S("a2", "_setA", SetRole.Primary, PersistenceRole.Leader),
            S("b1", "_setB", SetRole.Standby, PersistenceRole.Member),
            S("b3", "_setB", SetRole.Standby, PersistenceRole.Leader),
        ];

        Assert.Equal("b3", PersistenceChangeRules.Target(PersistenceChangeKind.CutOver, "_setB", live));
        Assert.Equal("a2", PersistenceChangeRules.Target(PersistenceChangeKind.Migration, "_setB", live));
        Assert.Equal("b1", PersistenceChangeRules.Target(PersistenceChangeKind.CutOver, "_setB", live, preferred: "b1"));
        Assert.Equal("b3", PersistenceChangeRules.Target(PersistenceChangeKind.CutOver, "_setB", live, preferred: "b2"));
        Assert.Null(PersistenceChangeRules.Target(PersistenceChangeKind.CutOver, "_setB", live[..2]));
    }
}
