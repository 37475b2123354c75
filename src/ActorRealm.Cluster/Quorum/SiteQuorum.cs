using System.Collections.Immutable;

namespace ActorRealm.Cluster.Quorum;

/// <summary>
/// The site quorum rule: a side has quorum when more than half of all configured members are
/// reachable, or exactly half with every member of the prime site among them. Because the prime
/// site is never empty, two disjoint sides can never both have quorum.
/// </summary>
public static class SiteQuorum
{
    /// <summary>Evaluates the rule for the members a side can reach (itself included).</summary>
    /// <param name="layout">The configured members by site.</param>
    /// <param name="primeSite">The current prime site; must be a site of the layout.</param>
    /// <param name="reachable">Reachable addresses; addresses that are not configured are ignored.</param>
    /// <exception cref="ArgumentException">The prime site is not in the layout.</exception>
    public static QuorumDecision Evaluate(ClusterLayout layout, string primeSite, IReadOnlySet<NodeAddress> reachable)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(primeSite);
        ArgumentNullException.ThrowIfNull(reachable);
        var primeMembers = layout.MembersOf(primeSite);
        var total = layout.Count;
        var count = layout.AllMembers.Count(reachable.Contains);
        var missingPrime = primeMembers.Where(m => !reachable.Contains(m)).ToImmutableSortedSet();

        // Integer comparisons on 2 * count: "exactly half" only exists for an even total.
        var reason = (2 * count).CompareTo(total) switch
        {
            > 0 => QuorumReason.Majority,
            0 when missingPrime.IsEmpty => QuorumReason.HalfWithPrimeSite,
            0 => QuorumReason.HalfWithoutPrimeSite,
            _ => QuorumReason.NoMajority,
        };
        var hasQuorum = reason is QuorumReason.Majority or QuorumReason.HalfWithPrimeSite;
        return new QuorumDecision(hasQuorum, reason, count, total, primeSite, missingPrime);
    }
}
