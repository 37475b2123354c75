namespace ActorRealm.PersistenceSets.Replication;

/// <summary>
/// The in-memory copy of a server's log after its compacted prefix (<see cref="Snapshot"/>), with the producer
/// deduplication table derived from both (so the table survives leader changes, cut-overs and compaction exactly as
/// the log does).
/// </summary>
internal sealed class ReplicationLog
{
    private readonly List<LogEntry> _entries = [];
    private readonly Dictionary<(string Producer, long Seq), long> _indexOf = [];
    private readonly Dictionary<string, long> _highestSeq = new(StringComparer.Ordinal);
    private Dictionary<string, ProducerMark> _compactedProducers = new(StringComparer.Ordinal);

    public ReplicationLog(LogSnapshot snapshot, IEnumerable<LogEntry> stored)
    {
        Reset(snapshot);
        foreach (var entry in stored)
        {
            Append(entry);
        }
    }

    /// <summary>What the compacted prefix left behind (<see cref="LogSnapshot.Empty"/> when nothing was compacted).</summary>
    public LogSnapshot Snapshot { get; private set; } = LogSnapshot.Empty;

    /// <summary>The first index held as an entry.</summary>
    public long FirstIndex => Snapshot.Index + 1;

    public long LastIndex => Snapshot.Index + _entries.Count;

    /// <summary>The entries after the snapshot: entry <c>i</c> at position <c>i - FirstIndex</c>.</summary>
    public IReadOnlyList<LogEntry> All => _entries;

    public LogEntry this[long index] =>
        index >= FirstIndex
            ? _entries[(int)(index - FirstIndex)]
            : throw new InvalidOperationException($"entry {index} is compacted (the log holds entries from {FirstIndex})");

    /// <summary>
    /// Whether the entry at <paramref name="index"/> has this id. A compacted entry always matches: only entries that
    /// every later log holds are compacted (committed in the set and held by the standby set).
    /// </summary>
    public bool Matches(long index, long epoch, long term) =>
        index < Snapshot.Index || (index == Snapshot.Index ? Snapshot.Index == 0 || (Snapshot.Epoch == epoch && Snapshot.Term == term)
            : index <= LastIndex && this[index].Epoch == epoch && this[index].Term == term);

    public (long Epoch, long Term) IdAt(long index) =>
        index == Snapshot.Index ? (Snapshot.Epoch, Snapshot.Term) : (this[index].Epoch, this[index].Term);

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
        if (index <= Snapshot.Index)
        {
            throw new InvalidOperationException($"truncating from {index} into the compacted prefix (up to {Snapshot.Index})");
        }

        var removed = Slice(index, LastIndex);
        _entries.RemoveRange((int)(index - FirstIndex), removed.Count);
        if (removed.Any(e => e.Payload is Publish))
        {
            // Truncation is rare (leader changes, epoch changes): rebuilding keeps the table exactly derived.
            Rebuild();
        }

        return removed;
    }

    /// <summary>Compacts the entries up to <paramref name="index"/> into the snapshot; returns the new snapshot.</summary>
    public LogSnapshot CompactThrough(long index)
    {
        var compacted = Slice(FirstIndex, index);
        var snapshot = Snapshot.Advance(compacted);
        _entries.RemoveRange(0, compacted.Count);
        Snapshot = snapshot;
        _compactedProducers = snapshot.Producers.ToDictionary(p => p.Producer, StringComparer.Ordinal);
        foreach (var entry in compacted)
        {
            if (entry.Payload is Publish p)
            {
                _indexOf.Remove((p.ProducerId, p.ProducerSeq));
            }
        }

        return snapshot;
    }

    /// <summary>Replaces the whole log with a leader's snapshot (the entries held must already be gone or exported).</summary>
    public void Install(LogSnapshot snapshot)
    {
        _entries.Clear();
        Reset(snapshot);
    }

    private void Reset(LogSnapshot snapshot)
    {
        Snapshot = snapshot;
        _compactedProducers = snapshot.Producers.ToDictionary(p => p.Producer, StringComparer.Ordinal);
        Rebuild();
    }

    private void Rebuild()
    {
        _indexOf.Clear();
        _highestSeq.Clear();
        foreach (var mark in _compactedProducers.Values)
        {
            _highestSeq[mark.Producer] = mark.HighestSeq;
        }

        var kept = _entries.ToList();
        _entries.Clear();
        kept.ForEach(Append);
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
            total += this[index].Payload.ByteCount + overhead;
            if (total > maxBytes && index > from)
            {
                return index - 1;
            }
        }

        return to;
    }

    public IReadOnlyList<LogEntry> Slice(long from, long to) =>
        from > to ? [] : _entries.GetRange((int)(from - FirstIndex), (int)(to - from + 1));

    /// <summary>
    /// The index holding this producer's sequence, or 0; and whether a higher sequence is already stored. A compacted
    /// publish is found only when it is its producer's highest (a retry is of the latest publishes, never of older ones).
    /// </summary>
    public (long Index, bool Passed) FindPublish(string producer, long seq)
    {
        if (_indexOf.TryGetValue((producer, seq), out var index))
        {
            return (index, false);
        }

        if (_compactedProducers.TryGetValue(producer, out var mark) && mark.HighestSeq == seq)
        {
            return (mark.Index, false);
        }

        return (0, _highestSeq.TryGetValue(producer, out var high) && high > seq);
    }

    /// <summary>The last entry of the log, compared as the election restriction compares: epoch, term, then index.</summary>
    public static int CompareUpToDate(long epochA, long termA, long indexA, long epochB, long termB, long indexB) =>
        (epochA, termA, indexA).CompareTo((epochB, termB, indexB));
}
