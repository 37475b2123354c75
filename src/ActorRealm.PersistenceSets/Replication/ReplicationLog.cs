namespace ActorRealm.PersistenceSets.Replication;

/// <summary>
/// The in-memory copy of a server's log with the producer deduplication table derived from it (so the table
/// survives leader changes and cut-overs exactly as the log does).
/// </summary>
internal sealed class ReplicationLog
{
    private readonly List<LogEntry> _entries = [];
    private readonly Dictionary<(string Producer, long Seq), long> _indexOf = [];
    private readonly Dictionary<string, long> _highestSeq = new(StringComparer.Ordinal);

    public ReplicationLog(IEnumerable<LogEntry> stored)
    {
        foreach (var entry in stored)
        {
            Append(entry);
        }
    }

    public long LastIndex => _entries.Count;

    public LogEntry? Last => _entries.Count == 0 ? null : _entries[^1];

    public IReadOnlyList<LogEntry> All => _entries;

    public LogEntry this[long index] => _entries[(int)(index - 1)];

    public bool Matches(long index, long epoch, long term) =>
        index == 0 || (index <= LastIndex && this[index].Epoch == epoch && this[index].Term == term);

    public (long Epoch, long Term) IdAt(long index) => index == 0 ? (0, 0) : (this[index].Epoch, this[index].Term);

    public void Append(LogEntry entry)
    {
        if (entry.Index != LastIndex + 1)
        {
            throw new InvalidOperationException($"entry {entry.Index} appended after {LastIndex}");
        }

        _entries.Add(entry);
        if (entry.Payload is Publish p)
        {
            _indexOf[(p.ProducerId, p.ProducerSeq)] = entry.Index;
            _highestSeq[p.ProducerId] = Math.Max(_highestSeq.GetValueOrDefault(p.ProducerId), p.ProducerSeq);
        }
    }

    /// <summary>Removes entries from <paramref name="index"/> on and returns them.</summary>
    public IReadOnlyList<LogEntry> TruncateFrom(long index)
    {
        var removed = Slice(index, LastIndex);
        _entries.RemoveRange((int)(index - 1), removed.Count);
        if (removed.Any(e => e.Payload is Publish))
        {
            // Truncation is rare (leader changes, epoch changes): rebuilding keeps the table exactly derived.
            _indexOf.Clear();
            _highestSeq.Clear();
            var kept = _entries.ToList();
            _entries.Clear();
            kept.ForEach(Append);
        }

        return removed;
    }

    /// <summary>
    /// The last index from <paramref name="from"/> up to <paramref name="to"/> whose entries together stay within
    /// <paramref name="maxBytes"/> (message bytes plus <paramref name="overhead"/> each); at least <paramref name="from"/>.
    /// </summary>
    public long LastWithin(long from, long to, long maxBytes, int overhead)
    {
        var total = 0L;
        for (var index = from; index <= to; index++)
        {
            total += _entries[(int)(index - 1)].Payload.ByteCount + overhead;
            if (total > maxBytes && index > from)
            {
                return index - 1;
            }
        }

        return to;
    }

    public IReadOnlyList<LogEntry> Slice(long from, long to) =>
        from > to ? [] : _entries.GetRange((int)(from - 1), (int)(to - from + 1));

    /// <summary>The index holding this producer's sequence, or 0; and whether a higher sequence is already stored.</summary>
    public (long Index, bool Passed) FindPublish(string producer, long seq) =>
        _indexOf.TryGetValue((producer, seq), out var index)
            ? (index, false)
            : (0, _highestSeq.TryGetValue(producer, out var high) && high > seq);

    /// <summary>The last entry of the log, compared as the election restriction compares: epoch, term, then index.</summary>
    public static int CompareUpToDate(long epochA, long termA, long indexA, long epochB, long termB, long indexB) =>
        (epochA, termA, indexA).CompareTo((epochB, termB, indexB));
}
