using System.Collections.Immutable;

namespace ActorRealm.Cluster.Membership;

/// <summary>Merging of sorted maps, the building block of every gossip merge.</summary>
internal static class SortedMaps
{
    /// <summary>
    /// The union of both maps; keys present in both take <paramref name="combine"/> of the two
    /// values (which must be commutative and associative for the merge to be).
    /// </summary>
    public static ImmutableSortedDictionary<TKey, TValue> Merge<TKey, TValue>(
        ImmutableSortedDictionary<TKey, TValue> mine,
        ImmutableSortedDictionary<TKey, TValue> theirs,
        Func<TValue, TValue, TValue> combine)
        where TKey : notnull
    {
        var builder = mine.ToBuilder();
        foreach (var (key, value) in theirs)
        {
            builder[key] = builder.TryGetValue(key, out var existing) ? combine(existing, value) : value;
        }

        return builder.ToImmutable();
    }
}
