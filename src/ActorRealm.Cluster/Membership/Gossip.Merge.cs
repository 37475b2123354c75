using System.Collections.Immutable;
using ActorRealm.Cluster.Prime;

namespace ActorRealm.Cluster.Membership;

/// <summary>Merging two gossips.</summary>
public sealed partial class Gossip
{
    /// <summary>
    /// Merges two gossips into their least upper bound, so merging is commutative, associative
    /// and idempotent:
    /// tombstones are united (latest removal time); members are united, the
    /// <see cref="Member.HighestPriority">highest-priority</see> record of each incarnation wins
    /// (Down and Removed win) and tombstoned incarnations are dropped; reachability takes each
    /// observer's newer rows; versions take the pointwise maximum without removed incarnations;
    /// the prime state takes the <see cref="PrimeState.Max">greater</see> state. A member stays in
    /// the seen set only if it had seen a gossip equal in content to the merge, so when one side
    /// already contains the other its seen set survives, and a truly new state is seen by nobody.
    /// </summary>
    public Gossip Merge(Gossip other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var content = new Gossip(
            SortedMaps.Merge(_members, other._members, Member.HighestPriority),
            Reachability.Merge(other.Reachability),
            [],
            Version.Merge(other.Version),
            PrimeState.Max(Prime, other.Prime),
            SortedMaps.Merge(Tombstones, other.Tombstones, Math.Max)).Normalised();

        var seen = ImmutableSortedSet<NodeId>.Empty;
        if (ContentEquals(content))
        {
            seen = seen.Union(Seen);
        }

        if (other.ContentEquals(content))
        {
            seen = seen.Union(other.Seen);
        }

        return new Gossip(content._members, content.Reachability, seen.Except(content.Tombstones.Keys), content.Version, content.Prime, content.Tombstones);
    }
}
