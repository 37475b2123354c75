using ActorRealm.PersistenceSets.Replication;

namespace ActorRealm.PersistenceSets.Server;

/// <summary>
/// A persistence server's index of its committed log by channel: channel offset to log index and back, each
/// channel's readable range and retained bytes, and the <see cref="ChannelLedger"/> (durable subscriptions' positions,
/// what retention dropped unread). The shell calls <c>Update</c> after every step; it indexes only committed
/// entries, appending those committed since the last call. Committed entries are replaced only by an epoch change (a
/// cut-over's old primary drops the suffix the new primary lacks, and its commit index moves back): then the index is
/// rebuilt from the log (rare).
/// </summary>
public sealed class ChannelIndex
{
    // Per channel, the readable messages: the list position plus Base is the message's offset.
    private readonly Dictionary<string, Refs> _channels = new(StringComparer.Ordinal);
    private ChannelLedger _ledger = new();
    private LogEntry? _lastIndexed;

    /// <summary>The last log index indexed (the commit index as of the last <c>Update</c>, within the log).</summary>
    public long IndexedThrough { get; private set; }

    /// <summary>How many times the index was rebuilt because committed entries were replaced or the commit index moved back.</summary>
    public int Rebuilds { get; private set; }

    /// <summary>The bookkeeping of channels and durable subscriptions as of <see cref="IndexedThrough"/>.</summary>
    public ChannelLedger Ledger => _ledger;

    /// <summary>The channels that have had a message.</summary>
    public IEnumerable<string> ChannelNames => _channels.Keys;

    /// <summary>Indexes the entries committed since the last call; rebuilds when what it indexed is no longer committed as it was.</summary>
    /// <param name="log">The server's log from index 1 (entry <c>i</c> at position <c>i - 1</c>).</param>
    /// <param name="commitIndex">The server's commit index.</param>
    public void Update(IReadOnlyList<LogEntry> log, long commitIndex) => Update(log, commitIndex, LogSnapshot.Empty);

    /// <summary>Indexes the entries committed since the last call, for a log that continues after <paramref name="snapshot"/>.</summary>
    /// <param name="log">The server's log after the snapshot (entry <c>snapshot.Index + 1</c> first).</param>
    /// <param name="commitIndex">The server's commit index.</param>
    /// <param name="snapshot">What the compacted prefix left behind.</param>
    public void Update(IReadOnlyList<LogEntry> log, long commitIndex, LogSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(snapshot);
        var start = snapshot.Index + 1;
        var upTo = Math.Min(commitIndex, snapshot.Index + log.Count);
        // Log matching: if the last indexed entry is unchanged (same index, epoch and term), so is every entry before
        // it. A compaction past what was indexed only moves the log's start: the index stays right.
        if (IndexedThrough > upTo || IndexedThrough < snapshot.Index
            || (_lastIndexed is { } last && last.Index >= start && !log[(int)(last.Index - start)].SameIdAs(last)))
        {
            Rebuild(snapshot);
        }

        for (var i = IndexedThrough + 1; i <= upTo; i++)
        {
            var entry = log[(int)(i - start)];
            Index(entry, log, start);
            _lastIndexed = entry;
        }

        IndexedThrough = Math.Max(IndexedThrough, upTo);
    }

    private void Rebuild(LogSnapshot snapshot)
    {
        _channels.Clear();
        _ledger = snapshot.Ledger();
        foreach (var mark in snapshot.Channels)
        {
            _channels[mark.Channel] = new Refs { Base = mark.Next };
        }

        _lastIndexed = null;
        IndexedThrough = snapshot.Index;
        Rebuilds++;
    }

    private void Index(LogEntry entry, IReadOnlyList<LogEntry> log, long start)
    {
        var (from, to) = _ledger.Apply(entry);
        switch (entry.Payload)
        {
            case Publish p:
                if (!_channels.TryGetValue(p.Channel, out var refs))
                {
                    _channels[p.Channel] = refs = new Refs();
                }

                refs.Indexes.Add(entry.Index);
                refs.Bytes += p.Data.Length;
                break;
            case ChannelTrim t when to > from && _channels.TryGetValue(t.Channel, out var trimmed):
                // Offsets below Base were trimmed before this index was built (they are in a compacted prefix).
                var drop = (int)Math.Clamp(to - trimmed.Base, 0, trimmed.Indexes.Count);
                foreach (var index in trimmed.Indexes.Take(drop))
                {
                    trimmed.Bytes -= ((Publish)log[(int)(index - start)].Payload).Data.Length;
                }

                trimmed.Indexes.RemoveRange(0, drop);
                trimmed.Base += drop;
                break;
        }
    }

    /// <summary>How many committed messages <paramref name="channel"/> has had (the offset the next one gets).</summary>
    public long Length(string channel) => _ledger.Next(channel);

    /// <summary>The first readable offset of <paramref name="channel"/> (retention moves it forward).</summary>
    public long FirstOffset(string channel) => _channels.TryGetValue(channel, out var refs) ? refs.Base : 0;

    /// <summary>The message bytes <paramref name="channel"/> holds readable.</summary>
    public long RetainedBytes(string channel) => _channels.TryGetValue(channel, out var refs) ? refs.Bytes : 0;

    /// <summary>
    /// The log indexes of up to <paramref name="max"/> readable messages of <paramref name="channel"/> from
    /// <paramref name="fromOffset"/> (or from its first readable offset, when retention dropped those before), in offset order.
    /// </summary>
    public IReadOnlyList<long> Indexes(string channel, long fromOffset, int max)
    {
        if (!_channels.TryGetValue(channel, out var refs) || max <= 0)
        {
            return [];
        }

        var from = Math.Max(0, fromOffset - refs.Base);
        return from >= refs.Indexes.Count ? [] : refs.Indexes.GetRange((int)from, (int)Math.Min(max, refs.Indexes.Count - from));
    }

    /// <summary>The offset in <paramref name="channel"/> of the readable message at log index <paramref name="logIndex"/>, or null when that entry is not one.</summary>
    public long? OffsetOf(string channel, long logIndex)
    {
        if (!_channels.TryGetValue(channel, out var refs))
        {
            return null;
        }

        var at = refs.Indexes.BinarySearch(logIndex);
        return at >= 0 ? refs.Base + at : null;
    }

    /// <summary>The log index of the oldest readable message of any channel, or null when none is readable: a log prefix before it holds no readable message.</summary>
    public long? OldestReadableIndex() =>
        _channels.Values.Where(r => r.Indexes.Count > 0).Select(r => (long?)r.Indexes[0]).Min();

    /// <summary>The latest committed position of a durable subscription, or null when none was stored.</summary>
    public long? Position(string channel, string subscription) => _ledger.Position(channel, subscription);

    /// <summary>The readable messages of a channel: log indexes from offset <see cref="Base"/> on, and their bytes.</summary>
    private sealed class Refs
    {
        public long Base { get; set; }

        public List<long> Indexes { get; } = [];

        public long Bytes { get; set; }
    }
}
