using ActorRealm.Cluster.Quorum;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests;

/// <summary>The site quorum rule: exhaustive checks over small clusters.</summary>
public sealed class SiteQuorumTests
{
    /// <summary>
    /// The rule restated from the document, with percentages: exactly 50% reachable and every
    /// prime-site member among them, or more than 50%.
    /// </summary>
    internal static bool Oracle(ClusterLayout layout, string primeSite, IReadOnlySet<NodeAddress> reachable)
    {
        var percent = 100m * layout.AllMembers.Count(reachable.Contains) / layout.Count;
        var allPrime = layout.MembersOf(primeSite).All(reachable.Contains);
        return percent > 50m || (percent == 50m && allPrime);
    }

    [Fact]
    public void Every_layout_up_to_ten_members_every_subset_every_prime_matches_the_rule_and_never_gives_two_disjoint_sides_quorum()
    {
        var layouts = 0;
        for (var total = 1; total <= 10; total++)
        {
            for (var main = 0; main <= total; main++)
            {
                var layout = Layout(main, total - main);
                foreach (var prime in layout.Sites)
                {
                    CheckLayout(layout, prime);
                    layouts++;
                }
            }
        }

        // For each size n: two one-site layouts, and n - 1 two-site splits with two choices of prime.
        Assert.Equal(Enumerable.Range(1, 10).Sum(n => 2 + (2 * (n - 1))), layouts);
    }

    [Fact]
    public void Reason_names_the_branch_that_decided()
    {
        var layout = Layout(2, 2);
        Assert.Equal(QuorumReason.Majority, SiteQuorum.Evaluate(layout, Main, Set(Addresses(Main, 2), [Address(Dr, 1)])).Reason);
        Assert.Equal(QuorumReason.HalfWithPrimeSite, SiteQuorum.Evaluate(layout, Main, Set(Addresses(Main, 2))).Reason);
        Assert.Equal(QuorumReason.HalfWithoutPrimeSite, SiteQuorum.Evaluate(layout, Main, Set(Addresses(Dr, 2))).Reason);
        Assert.Equal(QuorumReason.NoMajority, SiteQuorum.Evaluate(layout, Main, Set([Address(Main, 1)])).Reason);
    }

    [Fact]
    public void Decision_reports_counts_missing_prime_members_and_a_readable_explanation()
    {
        var decision = SiteQuorum.Evaluate(Layout(2, 2), Main, Set([Address(Main, 1), Address(Dr, 1)]));
        Assert.False(decision.HasQuorum);
        Assert.Equal(2, decision.Reachable);
        Assert.Equal(4, decision.Total);
        Assert.Equal([Address(Main, 2)], decision.MissingPrimeMembers);
        Assert.Equal("no quorum: 2 of 4 members reachable, exactly half, but prime site 'main' is missing main-2:4053", decision.Explanation);
    }

    [Fact]
    public void Addresses_outside_the_layout_do_not_count()
    {
        var decision = SiteQuorum.Evaluate(Layout(1, 1), Main, Set([Address(Dr, 1), new NodeAddress("stranger", 1)]));
        Assert.False(decision.HasQuorum);
        Assert.Equal(1, decision.Reachable);
    }

    [Fact]
    public void Unknown_prime_site_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => SiteQuorum.Evaluate(Layout(1, 1), "elsewhere", Set()));
        Assert.Contains("Unknown site 'elsewhere'", error.Message, StringComparison.Ordinal);
    }

    private static void CheckLayout(ClusterLayout layout, string prime)
    {
        var members = layout.AllMembers.ToArray();
        var n = members.Length;
        var quorum = new bool[1 << n];
        for (var mask = 0; mask < 1 << n; mask++)
        {
            var reachable = Enumerable.Range(0, n).Where(i => (mask & (1 << i)) != 0).Select(i => members[i]).ToHashSet();
            var decision = SiteQuorum.Evaluate(layout, prime, reachable);
            quorum[mask] = decision.HasQuorum;
            Assert.True(
                decision.HasQuorum == Oracle(layout, prime, reachable),
                $"{layout} prime {prime}, reachable [{string.Join(", ", reachable)}]: {decision.Explanation}");
            Assert.Equal(reachable.Count, decision.Reachable);
        }

        var all = (1 << n) - 1;
        for (var mask = 0; mask <= all; mask++)
        {
            if (!quorum[mask])
            {
                continue;
            }

            // Every subset of the complement: no disjoint side may also have quorum.
            var rest = all & ~mask;
            for (var other = rest; ; other = (other - 1) & rest)
            {
                Assert.False(quorum[other], $"{layout} prime {prime}: disjoint sides {mask:b} and {other:b} both have quorum");
                if (other == 0)
                {
                    break;
                }
            }
        }
    }
}
