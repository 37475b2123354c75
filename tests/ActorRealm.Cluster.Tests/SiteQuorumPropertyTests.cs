using ActorRealm.Cluster.Quorum;
using FsCheck;
using FsCheck.Fluent;

namespace ActorRealm.Cluster.Tests;

/// <summary>The site quorum rule on random layouts of up to 30 members over up to three sites.</summary>
public sealed class SiteQuorumPropertyTests
{
    /// <summary>A random layout, a prime site and two disjoint sides.</summary>
    internal sealed record Scenario(ClusterLayout Layout, string Prime, HashSet<NodeAddress> A, HashSet<NodeAddress> B)
    {
        public override string ToString() =>
            $"{Layout} | prime {Prime} | A [{string.Join(", ", A)}] | B [{string.Join(", ", B)}]";
    }

    private static Gen<Scenario> Scenarios =>
        from size in Gen.Choose(1, 30)
        from sites in Gen.Choose(0, 2).ArrayOf(size)
        from sides in Gen.Choose(0, 2).ArrayOf(size)
        from primeIndex in Gen.Choose(0, 2)
        select Build(sites, sides, primeIndex);

    [Fact]
    public void Two_disjoint_sides_never_both_have_quorum() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(Scenarios.ToArbitrary(), s =>
            !(SiteQuorum.Evaluate(s.Layout, s.Prime, s.A).HasQuorum && SiteQuorum.Evaluate(s.Layout, s.Prime, s.B).HasQuorum)));

    [Fact]
    public void The_rule_matches_its_definition() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(Scenarios.ToArbitrary(), s =>
            SiteQuorum.Evaluate(s.Layout, s.Prime, s.A).HasQuorum == SiteQuorumTests.Oracle(s.Layout, s.Prime, s.A)));

    [Fact]
    public void Reaching_more_members_never_loses_quorum() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(Scenarios.ToArbitrary(), s =>
            !SiteQuorum.Evaluate(s.Layout, s.Prime, s.A).HasQuorum ||
            SiteQuorum.Evaluate(s.Layout, s.Prime, s.A.Union(s.B).ToHashSet()).HasQuorum));

    private static Scenario Build(int[] sites, int[] sides, int primeIndex)
    {
        var names = new[] { "main", "dr", "third" };
        var members = sites.Select((site, i) => (Site: names[site], Address: new NodeAddress($"node-{i}", 4053))).ToList();
        var layout = new ClusterLayout(members
            .GroupBy(m => m.Site)
            .Select(g => KeyValuePair.Create(g.Key, g.Select(m => m.Address))));
        var present = layout.Sites.ToList();
        var prime = present[primeIndex % present.Count];
        var a = members.Where((_, i) => sides[i] == 1).Select(m => m.Address).ToHashSet();
        var b = members.Where((_, i) => sides[i] == 2).Select(m => m.Address).ToHashSet();
        return new Scenario(layout, prime, a, b);
    }
}
