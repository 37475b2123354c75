using ActorRealm.Cluster.Downing;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Quorum;
using FsCheck;
using FsCheck.Fluent;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests.Downing;

/// <summary>
/// The downing strategy over every (or many random) combinations of crashed nodes and cut links in
/// a formed realm (<see cref="RealmModel"/>), every node deciding once stable-after has long passed.
/// </summary>
public sealed class SiteQuorumDowningPropertyTests
{
    private static readonly SiteQuorumDowningStrategy Strategy = new(TimeSpan.FromSeconds(20));

    /// <summary>A layout, its prime site, which links are cut and which nodes crashed (at least one runs).</summary>
    internal sealed record Scenario(int Main, int Dr, string Prime, long CutMask, int CrashMask)
    {
        public ClusterLayout Layout => TestNodes.Layout(Main, Dr);

        public List<(NodeAddress A, NodeAddress B)> Links()
        {
            var all = Layout.AllMembers.ToList();
            return [.. all.SelectMany((a, i) => all.Skip(i + 1).Select(b => (a, b)))];
        }

        public override string ToString()
        {
            var cut = Links().Where((_, i) => (CutMask & (1L << i)) != 0).Select(l => $"{l.A.Host}|{l.B.Host}");
            var crashed = Layout.AllMembers.Where((_, i) => (CrashMask & (1 << i)) != 0).Select(a => a.Host);
            return $"{Main}+{Dr} prime {Prime}; cut [{string.Join(", ", cut)}]; crashed [{string.Join(", ", crashed)}]";
        }
    }

    /// <summary>Every scenario of a two-per-site realm, with either site prime (1,920 scenarios).</summary>
    [Fact]
    public void Two_per_site_every_combination_of_crashes_and_cut_links()
    {
        var checkedScenarios = 0;
        foreach (var prime in new[] { Main, Dr })
        {
            for (var cut = 0L; cut < 1 << 6; cut++)
            {
                for (var crash = 0; crash < (1 << 4) - 1; crash++)
                {
                    Check(new Scenario(2, 2, prime, cut, crash));
                    checkedScenarios++;
                }
            }
        }

        Assert.Equal(2 * 64 * 15, checkedScenarios);
    }

    [Fact]
    public void Random_realms_of_up_to_four_per_site() =>
        FsCheck.Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(1500),
            Prop.ForAll(Scenarios.ToArbitrary(), scenario =>
            {
                Check(scenario);
                return true;
            }));

    [Fact]
    public void With_crashes_only_the_lowest_survivor_downs_exactly_the_crashed_nodes_when_the_survivors_have_quorum()
    {
        foreach (var (main, dr) in new[] { (1, 1), (1, 2), (2, 2), (2, 3), (3, 3) })
        {
            var size = main + dr;
            for (var crash = 1; crash < (1 << size) - 1; crash++)
            {
                var scenario = new Scenario(main, dr, Main, 0, crash);
                var decisions = Decisions(scenario, out var realm);
                var survivors = realm.Alive.ToHashSet();
                var downers = decisions.Where(d => d.Value is DownUnreachable).ToList();
                if (SiteQuorum.Evaluate(realm.Layout, Main, survivors).HasQuorum)
                {
                    var downer = Assert.Single(downers);
                    Assert.Equal(survivors.Min(), downer.Key);
                    Assert.Equal(realm.Addresses.Except(survivors).Select(realm.NodeAt), ((DownUnreachable)downer.Value).Nodes.ToList());
                }
                else
                {
                    Assert.Empty(downers);
                    Assert.All(decisions.Values, d => Assert.False(d.Quorum.HasQuorum, scenario.ToString()));
                }
            }
        }
    }

    private static Gen<Scenario> Scenarios =>
        from main in Gen.Choose(1, 4)
        from dr in Gen.Choose(1, 4)
        from prime in Gen.Elements(Main, Dr)
        from cutBits in Gen.Choose(0, int.MaxValue)
        from density in Gen.Choose(0, 3)
        from crashBits in Gen.Choose(0, (1 << (main + dr)) - 2)
        select new Scenario(main, dr, prime, Sparse(cutBits, density), crashBits);

    // Fewer cut links than a uniform mask would give (0: none; 3: about half of them).
    private static long Sparse(int bits, int density) => density switch
    {
        0 => 0,
        1 => bits & (bits >> 7) & (bits >> 14),
        2 => bits & (bits >> 11),
        _ => bits,
    };

    private static void Check(Scenario scenario)
    {
        var decisions = Decisions(scenario, out var realm);
        var downs = decisions.Where(d => d.Value is DownUnreachable).ToDictionary(d => d.Key, d => ((DownUnreachable)d.Value).Nodes);
        foreach (var (downer, nodes) in downs)
        {
            var view = realm[downer];
            var context = $"{scenario}: {downer} downs [{string.Join(", ", nodes)}]";
            Assert.True(view.Quorum.HasQuorum, $"{context} without quorum ({view.Quorum.Explanation})");
            Assert.True(view.IsLeader, $"{context} but is not the leader in its view");
            Assert.DoesNotContain(view.Self, nodes);
            var survivors = realm.Addresses.Where(a => !nodes.Contains(realm.NodeAt(a))).ToHashSet();
            Assert.True(SiteQuorum.Evaluate(realm.Layout, scenario.Prime, survivors).HasQuorum, $"{context}: the rest has no quorum");
            foreach (var (other, otherNodes) in downs.Where(d => d.Key != downer))
            {
                Assert.False(otherNodes.Contains(view.Self), $"{context}, and {other} downs it: [{string.Join(", ", otherNodes)}]");
            }
        }
    }

    /// <summary>What each running node decides an hour after the faults, serving as its quorum says.</summary>
    private static Dictionary<NodeAddress, DowningDecision> Decisions(Scenario scenario, out RealmModel realm)
    {
        realm = new RealmModel(scenario.Layout, PrimeState.Initial(scenario.Prime));
        foreach (var (link, i) in scenario.Links().Select((l, i) => (l, i)).Where(x => (scenario.CutMask & (1L << x.i)) != 0))
        {
            realm.Cut([link.A], [link.B]);
        }

        realm.Crash(realm.Addresses.Where((_, i) => (scenario.CrashMask & (1 << i)) != 0).ToList());
        var decisions = new Dictionary<NodeAddress, DowningDecision>();
        foreach (var address in realm.Alive)
        {
            var view = realm[address];
            var stability = Strategy.Decide(view, view.Quorum.HasQuorum, UnreachableStability.Start(TimeSpan.Zero), TimeSpan.Zero).Stability;
            decisions[address] = Strategy.Decide(view, view.Quorum.HasQuorum, stability, TimeSpan.FromHours(1)).Decision;
        }

        return decisions;
    }
}
