using ActorRealm.Cluster.Prime;

namespace ActorRealm.Cluster.Joining;

/// <summary>What a node knows of a cluster side: its own, or another cluster's from an InitJoin answer.</summary>
/// <param name="Formed">Whether the cluster has an Up (or Leaving, Exiting) member.</param>
/// <param name="HasQuorum">Whether the side has quorum.</param>
/// <param name="Prime">The prime state the side follows.</param>
public sealed record ClusterSide(bool Formed, bool HasQuorum, PrimeState Prime);

/// <summary>Whether a member moves over to another cluster it found, and why.</summary>
public enum SeparatedClusterVerdict
{
    /// <summary>Stay: the other cluster moves over, or both wait (one of them has quorum or will form).</summary>
    Stay,

    /// <summary>The other cluster has formed and this one has not: a forming cluster never competes with a formed one.</summary>
    JoinFormedCluster,

    /// <summary>Both have formed; the other side has quorum in the same or a newer prime state and this side has none.</summary>
    JoinClusterWithQuorum,

    /// <summary>
    /// Neither side has quorum, both have formed or neither has, and the other cluster holds the
    /// first seed node: without a tie-break two such clusters (each holding half of the realm)
    /// would wait for each other forever.
    /// </summary>
    JoinFirstSeedsCluster,

    /// <summary>
    /// This node is still joining, and the other cluster lists live members that this node's view
    /// lists too (the same incarnations), but not this node: a member whose view of that cluster was
    /// stale (removed without knowing it) welcomed this node, and the cluster ignores it. Decided by
    /// <see cref="RealmSides.Decide"/>, which sees the member lists.
    /// </summary>
    JoinClusterOfSharedMembers,
}

/// <summary>
/// Separated clusters of one realm (two clusters whose members do not know each other, found
/// when a member probes an absent member) must become one again. Exactly one of any two sides
/// moves over, as new incarnations joining the other: a cluster that has not formed moves to a
/// formed one; a formed side without quorum moves to one with quorum; and when neither side has
/// quorum and both are alike, the side without the first seed node moves, since only the first
/// seed may found a cluster. Moving over is restarting, which changes no cluster's membership.
/// </summary>
public static class SeparatedClusters
{
    /// <summary>Decides whether this node's side moves over to the other cluster.</summary>
    /// <param name="own">This node's side (its prime state already the newer of the two).</param>
    /// <param name="other">The other cluster, as its member answered.</param>
    /// <param name="otherIsFirstSeed">Whether the answering member is the first seed node.</param>
    public static SeparatedClusterVerdict Decide(ClusterSide own, ClusterSide other, bool otherIsFirstSeed)
    {
        ArgumentNullException.ThrowIfNull(own);
        ArgumentNullException.ThrowIfNull(other);
        var otherPrimeAtLeast = other.Prime.CompareTo(own.Prime) >= 0;
        if (other.Formed && !own.Formed)
        {
            return SeparatedClusterVerdict.JoinFormedCluster;
        }

        if (other.Formed && other.HasQuorum && !own.HasQuorum && otherPrimeAtLeast)
        {
            return SeparatedClusterVerdict.JoinClusterWithQuorum;
        }

        return other.Formed == own.Formed && !other.HasQuorum && !own.HasQuorum && otherIsFirstSeed && otherPrimeAtLeast
            ? SeparatedClusterVerdict.JoinFirstSeedsCluster
            : SeparatedClusterVerdict.Stay;
    }
}
