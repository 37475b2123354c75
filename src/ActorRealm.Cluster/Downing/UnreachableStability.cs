using System.Collections.Immutable;

namespace ActorRealm.Cluster.Downing;

/// <summary>
/// Tracks since when the set of unreachable members has been unchanged, on a monotonic clock
/// (for example <see cref="TimeProvider.GetElapsedTime(long)"/> since the node started). Any
/// change, a member becoming unreachable or reachable again, restarts the stable-after period.
/// </summary>
/// <param name="Unreachable">The unreachable members last observed.</param>
/// <param name="Since">When that set was first observed (monotonic).</param>
public sealed record UnreachableStability(ImmutableSortedSet<NodeId> Unreachable, TimeSpan Since)
{
    /// <summary>Nothing unreachable, since <paramref name="now"/>.</summary>
    public static UnreachableStability Start(TimeSpan now) => new([], now);

    /// <summary>Returns the tracker after observing <paramref name="unreachable"/> at <paramref name="now"/>.</summary>
    public UnreachableStability Observe(IEnumerable<NodeId> unreachable, TimeSpan now)
    {
        var set = unreachable.ToImmutableSortedSet();
        return set.SetEquals(Unreachable) ? this : new UnreachableStability(set, now);
    }

    /// <summary>How long the set has been unchanged at <paramref name="now"/>.</summary>
    public TimeSpan StableFor(TimeSpan now) => now - Since;

    /// <summary>Equality with the set compared by content.</summary>
    public bool Equals(UnreachableStability? other) => other is not null && Since == other.Since && Unreachable.SetEquals(other.Unreachable);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Since, Unreachable.Count);
}
