using ActorRealm.PersistenceSets.Replication;

namespace ActorRealm.PersistenceSets.Server;

/// <summary>
/// A persistence server's index of its committed log by channel: channel offset to log index and back, each
/// channel's length, and the latest committed position of every durable subscription. The shell calls
/// <see cref="Update"/> after every step; it indexes only committed entries, appending those committed since the
/// last call. Committed entries are replaced only by an epoch change (a cut-over's old primary drops the suffix the
/// new primary lacks, and its commit index moves back): then the index is rebuilt from the log (rare).
/// </summary>
public sealed class ChannelIndex
{
    // Per channel, the log index of each message; the list position is the message's offset.
    private readonly Dictionary<string, List<long>> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Channel, string Subscription), long> _positions = [];
    private LogEntry? _lastIndexed;

    /// <summary>The last log index indexed (the commit index as of the last <see cref="Update"/>, within the log).</summary>
    public long IndexedThrough { get; private set; }

    /// <summary>How many times the index was rebuilt because committed entries were replaced or the commit index moved back.</summary>
    public int Rebuilds { get; private set; }

    /// <summary>Indexes the entries committed since the last call; rebuilds when what it indexed is no longer committed as it was.</summary>
    /// <param name="log">The server's log (entry <c>i</c> at position <c>i - 1</c>).</param>
    /// <param name="commitIndex">The server's commit index.</param>
    public void Update(IReadOnlyList<LogEntry> log, long commitIndex)
    {
        ArgumentNullException.ThrowIfNull(log);
        var upTo = Math.Min(commitIndex, log.Count);
        // Log matching: if the last indexed entry is unchanged (same index, epoch and term), so is every entry before it.
        if (IndexedThrough > upTo || (_lastIndexed is { } last && !log[(int)(last.Index - 1)].SameIdAs(last)))
        {
            _channels.Clear();
            _positions.Clear();
            _lastIndexed = null;
            IndexedThrough = 0;
            Rebuilds++;
        }

        for (var i = IndexedThrough + 1; i <= upTo; i++)
        {
            var entry = log[(int)(i - 1)];
            switch (entry.Payload)
            {
                case Publish p:
                    if (!_channels.TryGetValue(p.Channel, out var indexes))
                    {
                        _channels[p.Channel] = indexes = [];
                    }

                    indexes.Add(i);
                    break;
                case SubscriptionPosition s:
                    _positions[(s.Channel, s.Subscription)] = s.Offset;
                    break;
            }

            _lastIndexed = entry;
        }

        IndexedThrough = Math.Max(IndexedThrough, upTo);
    }

    /// <summary>How many committed messages <paramref name="channel"/> holds (the offset the next one gets).</summary>
    public long Length(string channel) => _channels.TryGetValue(channel, out var indexes) ? indexes.Count : 0;

    /// <summary>The log indexes of up to <paramref name="max"/> messages of <paramref name="channel"/> from <paramref name="fromOffset"/>, in offset order.</summary>
    public IReadOnlyList<long> Indexes(string channel, long fromOffset, int max)
    {
        if (!_channels.TryGetValue(channel, out var indexes) || fromOffset >= indexes.Count || max <= 0)
        {
            return [];
        }

        var from = (int)Math.Max(0, fromOffset);
        return indexes.GetRange(from, Math.Min(max, indexes.Count - from));
    }

    /// <summary>The offset in <paramref name="channel"/> of the message at log index <paramref name="logIndex"/>, or null when that entry is not an indexed message of the channel.</summary>
    public long? OffsetOf(string channel, long logIndex)
    {
        if (!_channels.TryGetValue(channel, out var indexes))
        {
            return null;
        }

        var at = indexes.BinarySearch(logIndex);
        return at >= 0 ? at : null;
    }

    /// <summary>The latest committed position of a durable subscription, or null when none was stored.</summary>
    public long? Position(string channel, string subscription) =>
        _positions.TryGetValue((channel, subscription), out var offset) ? offset : null;
}
