namespace ActorRealm.PersistenceSets.Replication;

/// <summary>A channel's counters: how many messages it has had (the next offset) and its first readable offset.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Next">The offset its next message gets.</param>
/// <param name="First">Its first readable offset (retention trims move it forward).</param>
public sealed record ChannelMark(string Channel, long Next, long First);

/// <summary>
/// What retention took from a durable subscription that had not read it: the cumulative count and the last trim that
/// did it. Shown in the status; never silent.
/// </summary>
/// <param name="Channel">The channel.</param>
/// <param name="Subscription">The subscription.</param>
/// <param name="Messages">How many unread messages retention dropped, in all.</param>
/// <param name="LastFrom">The first offset the last such trim dropped unread.</param>
/// <param name="LastTo">The offset after the last one it dropped unread.</param>
/// <param name="AtIndex">The log index of that trim.</param>
public sealed record UnreadDropped(string Channel, string Subscription, long Messages, long LastFrom, long LastTo, long AtIndex);

/// <summary>
/// The per-channel bookkeeping derived from committed entries in log order: each channel's next and first offset,
/// every durable subscription's position, and what retention dropped unread. The channel index keeps one up to
/// the commit index; a log snapshot keeps one up to its index, so a compacted prefix loses none of it.
/// </summary>
public sealed class ChannelLedger
{
    private readonly Dictionary<string, (long Next, long First)> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Channel, string Subscription), long> _positions = [];
    private readonly Dictionary<(string Channel, string Subscription), UnreadDropped> _dropped = [];

    /// <summary>An empty ledger (the state before entry 1).</summary>
    public ChannelLedger()
    {
    }

    /// <summary>A ledger that continues from saved marks.</summary>
    public ChannelLedger(IEnumerable<ChannelMark> channels, IEnumerable<SubscriptionPosition> positions, IEnumerable<UnreadDropped> dropped)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(dropped);
        foreach (var c in channels)
        {
            _channels[c.Channel] = (c.Next, c.First);
        }

        foreach (var p in positions)
        {
            _positions[(p.Channel, p.Subscription)] = p.Offset;
        }

        foreach (var d in dropped)
        {
            _dropped[(d.Channel, d.Subscription)] = d;
        }
    }

    /// <summary>The channels that have had a message, with their counters.</summary>
    public IEnumerable<ChannelMark> Channels => _channels.Select(c => new ChannelMark(c.Key, c.Value.Next, c.Value.First));

    /// <summary>Every durable subscription's latest committed position.</summary>
    public IEnumerable<SubscriptionPosition> Positions => _positions.Select(p => new SubscriptionPosition(p.Key.Channel, p.Key.Subscription, p.Value));

    /// <summary>Every durable subscription that retention passed before it read, with what it lost.</summary>
    public IEnumerable<UnreadDropped> Dropped => _dropped.Values;

    /// <summary>The offset <paramref name="channel"/>'s next message gets (how many it has had).</summary>
    public long Next(string channel) => _channels.TryGetValue(channel, out var c) ? c.Next : 0;

    /// <summary>The first readable offset of <paramref name="channel"/>.</summary>
    public long First(string channel) => _channels.TryGetValue(channel, out var c) ? c.First : 0;

    /// <summary>A durable subscription's latest committed position, or null.</summary>
    public long? Position(string channel, string subscription) =>
        _positions.TryGetValue((channel, subscription), out var offset) ? offset : null;

    /// <summary>The durable subscriptions of <paramref name="channel"/> with their positions.</summary>
    public IEnumerable<(string Subscription, long Offset)> PositionsOf(string channel) =>
        _positions.Where(p => p.Key.Channel == channel).Select(p => (p.Key.Subscription, p.Value));

    /// <summary>Applies one committed entry; returns the offset range a trim made unreadable (empty for anything else).</summary>
    /// <param name="entry">The next committed entry.</param>
    public (long From, long To) Apply(LogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        switch (entry.Payload)
        {
            case Publish p:
                var (next, first) = _channels.GetValueOrDefault(p.Channel);
                _channels[p.Channel] = (next + 1, first);
                return default;
            case SubscriptionPosition s:
                _positions[(s.Channel, s.Subscription)] = s.Offset;
                return default;
            case ChannelTrim t:
                return Trim(t, entry.Index);
            default:
                return default;
        }
    }

    private (long From, long To) Trim(ChannelTrim t, long atIndex)
    {
        if (!_channels.TryGetValue(t.Channel, out var c))
        {
            return default;
        }

        // A trim never passes the channel's end and never moves back (a repeated decision is a no-op).
        var to = Math.Min(t.FirstOffset, c.Next);
        if (to <= c.First)
        {
            return default;
        }

        foreach (var (subscription, offset) in PositionsOf(t.Channel).ToList())
        {
            var from = Math.Max(offset, c.First);
            if (from < to)
            {
                var before = _dropped.GetValueOrDefault((t.Channel, subscription))?.Messages ?? 0;
                _dropped[(t.Channel, subscription)] = new UnreadDropped(t.Channel, subscription, before + (to - from), from, to, atIndex);
            }
        }

        _channels[t.Channel] = (c.Next, to);
        return (c.First, to);
    }
}
