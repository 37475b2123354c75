using System.Collections.Immutable;

namespace ActorRealm.Cluster.Membership;

/// <summary>How two vector clocks relate.</summary>
public enum VectorClockOrdering
{
    /// <summary>Both clocks are equal.</summary>
    Same,

    /// <summary>This clock happened before the other.</summary>
    Before,

    /// <summary>This clock happened after the other.</summary>
    After,

    /// <summary>Neither happened before the other.</summary>
    Concurrent,
}

/// <summary>An immutable vector clock keyed by node incarnation. Missing entries count as zero.</summary>
public sealed class VectorClock : IEquatable<VectorClock>
{
    private VectorClock(ImmutableSortedDictionary<NodeId, long> versions) => Versions = versions;

    /// <summary>The empty clock.</summary>
    public static VectorClock Empty { get; } = new(ImmutableSortedDictionary<NodeId, long>.Empty);

    /// <summary>The non-zero entries, sorted by node.</summary>
    public ImmutableSortedDictionary<NodeId, long> Versions { get; }

    /// <summary>Builds a clock from entries; zero entries are dropped.</summary>
    public static VectorClock From(IEnumerable<KeyValuePair<NodeId, long>> entries)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<NodeId, long>();
        foreach (var (node, version) in entries)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(version);
            if (version > 0)
            {
                builder[node] = Math.Max(version, builder.GetValueOrDefault(node));
            }
        }

        return new VectorClock(builder.ToImmutable());
    }

    /// <summary>The entry of <paramref name="node"/> (zero when absent).</summary>
    public long this[NodeId node] => Versions.GetValueOrDefault(node);

    /// <summary>Returns this clock with the entry of <paramref name="node"/> incremented.</summary>
    public VectorClock Increment(NodeId node) => new(Versions.SetItem(node, this[node] + 1));

    /// <summary>Returns the pointwise maximum of both clocks.</summary>
    public VectorClock Merge(VectorClock other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new VectorClock(SortedMaps.Merge(Versions, other.Versions, Math.Max));
    }

    /// <summary>Returns this clock without the entries of <paramref name="nodes"/> (removed members).</summary>
    public VectorClock Prune(IEnumerable<NodeId> nodes) => new(Versions.RemoveRange(nodes));

    /// <summary>Compares this clock with <paramref name="other"/>.</summary>
    public VectorClockOrdering CompareTo(VectorClock other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var thisBigger = false;
        var otherBigger = false;
        foreach (var node in Versions.Keys.Union(other.Versions.Keys))
        {
            var mine = this[node];
            var theirs = other[node];
            thisBigger |= mine > theirs;
            otherBigger |= theirs > mine;
        }

        return (thisBigger, otherBigger) switch
        {
            (false, false) => VectorClockOrdering.Same,
            (true, false) => VectorClockOrdering.After,
            (false, true) => VectorClockOrdering.Before,
            _ => VectorClockOrdering.Concurrent,
        };
    }

    /// <inheritdoc />
    public bool Equals(VectorClock? other) => other is not null && Versions.SequenceEqual(other.Versions);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as VectorClock);

    /// <inheritdoc />
    public override int GetHashCode() => Versions.Count == 0 ? 0 : HashCode.Combine(Versions.Count, Versions.Keys.First(), Versions.Values.Sum());

    /// <summary>Returns <c>{node: version, ...}</c>.</summary>
    public override string ToString() => "{" + string.Join(", ", Versions.Select(v => $"{v.Key}: {v.Value}")) + "}";
}
