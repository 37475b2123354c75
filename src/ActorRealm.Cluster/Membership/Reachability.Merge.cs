using System.Collections.Immutable;

namespace ActorRealm.Cluster.Membership;

/// <summary>Merging of reachability tables.</summary>
public sealed partial class Reachability
{
    /// <summary>
    /// Merges two tables: per observer the higher version wins; with equal versions each subject
    /// keeps the record with the higher version, then the worse status. Commutative, associative
    /// and idempotent.
    /// </summary>
    public Reachability Merge(Reachability other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new Reachability(SortedMaps.Merge(_observers, other._observers, ObserverRows.Merge));
    }

    private sealed record ObserverRows(long Version, ImmutableSortedDictionary<NodeId, ReachabilityRecord> Rows)
    {
        public static ObserverRows None { get; } = new(0, ImmutableSortedDictionary<NodeId, ReachabilityRecord>.Empty);

        public static ObserverRows Merge(ObserverRows a, ObserverRows b)
        {
            if (a.Version != b.Version)
            {
                return a.Version > b.Version ? a : b;
            }

            return new ObserverRows(a.Version, SortedMaps.Merge(a.Rows, b.Rows, Later));
        }

        public bool Equals(ObserverRows? other) => other is not null && Version == other.Version && Rows.SequenceEqual(other.Rows);

        public override int GetHashCode() => HashCode.Combine(Version, Rows.Count);

        private static ReachabilityRecord Later(ReachabilityRecord a, ReachabilityRecord b) =>
            a.Version != b.Version
                ? (a.Version > b.Version ? a : b)
                : (a.Status >= b.Status ? a : b);
    }
}
