namespace ActorRealm.Persistence.Storage;

/// <summary>
/// The highest sequence numbers a writer committed, so steady appends need no query per batch. Bounded: when it
/// holds too many ids it starts over (a forgotten id costs one indexed query, nothing else).
/// </summary>
internal sealed class HighestSequenceCache(int capacity = 65_536)
{
    private readonly Dictionary<string, long> _highest = new(StringComparer.Ordinal);

    public int Count => _highest.Count;

    /// <summary>The remembered numbers of those <paramref name="ids"/> this cache knows.</summary>
    public Dictionary<string, long> Known(IReadOnlyList<string> ids)
    {
        var known = new Dictionary<string, long>(ids.Count, StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (_highest.TryGetValue(id, out var highest))
            {
                known[id] = highest;
            }
        }

        return known;
    }

    /// <summary>Remembers the numbers of a committed plan.</summary>
    public void Remember(IReadOnlyDictionary<string, long> committed)
    {
        if (_highest.Count + committed.Count > capacity)
        {
            _highest.Clear();
        }

        foreach (var (id, highest) in committed)
        {
            _highest[id] = highest;
        }
    }

    /// <summary>Forgets everything (after a failed transaction the numbers may be wrong).</summary>
    public void Clear() => _highest.Clear();
}
