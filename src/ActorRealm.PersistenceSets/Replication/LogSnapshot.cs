namespace ActorRealm.PersistenceSets.Replication;

/// <summary>A producer's highest stored sequence and the log index that holds it, for deduplication after compaction.</summary>
/// <param name="Producer">The producer id.</param>
/// <param name="HighestSeq">Its highest stored sequence number.</param>
/// <param name="Index">The log index of that publish.</param>
public sealed record ProducerMark(string Producer, long HighestSeq, long Index);

/// <summary>
/// What a compacted log prefix leaves behind (docs/persistence-sets.md, "Retention and compaction"): the identity of
/// its last entry, so that log matching still works at the boundary, and the state its entries built: the channels'
/// counters, the durable subscriptions' positions, what retention dropped unread and every producer's highest
/// sequence. A server whose log starts after it holds exactly what one holding the whole prefix would derive from it.
/// </summary>
/// <param name="Index">The last compacted index (the log continues at <c>Index + 1</c>).</param>
/// <param name="Epoch">That entry's epoch.</param>
/// <param name="Term">That entry's term.</param>
/// <param name="Channels">The channels' counters as of <paramref name="Index"/>.</param>
/// <param name="Positions">The durable subscriptions' positions as of <paramref name="Index"/>.</param>
/// <param name="Dropped">What retention dropped unread, as of <paramref name="Index"/>.</param>
/// <param name="Producers">Every producer's highest sequence as of <paramref name="Index"/>.</param>
public sealed record LogSnapshot(
    long Index,
    long Epoch,
    long Term,
    IReadOnlyList<ChannelMark> Channels,
    IReadOnlyList<SubscriptionPosition> Positions,
    IReadOnlyList<UnreadDropped> Dropped,
    IReadOnlyList<ProducerMark> Producers)
{
    /// <summary>The snapshot of nothing: a log that starts at index 1.</summary>
    public static LogSnapshot Empty { get; } = new(0, 0, 0, [], [], [], []);

    /// <summary>A ledger that continues from this snapshot.</summary>
    public ChannelLedger Ledger() => new(Channels, Positions, Dropped);

    /// <summary>The snapshot after also compacting <paramref name="entries"/>, which follow <see cref="Index"/> without a gap.</summary>
    /// <param name="entries">The entries to fold in, in order.</param>
    public LogSnapshot Advance(IReadOnlyList<LogEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return this;
        }

        if (entries[0].Index != Index + 1)
        {
            throw new ArgumentException($"compacting from {entries[0].Index} after a snapshot at {Index}", nameof(entries));
        }

        var ledger = Ledger();
        var producers = Producers.ToDictionary(p => p.Producer, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            ledger.Apply(entry);
            if (entry.Payload is Publish p && p.ProducerSeq > (producers.GetValueOrDefault(p.ProducerId)?.HighestSeq ?? 0))
            {
                producers[p.ProducerId] = new ProducerMark(p.ProducerId, p.ProducerSeq, entry.Index);
            }
        }

        var last = entries[^1];
        return new LogSnapshot(
            last.Index,
            last.Epoch,
            last.Term,
            [.. ledger.Channels.OrderBy(c => c.Channel, StringComparer.Ordinal)],
            [.. ledger.Positions.OrderBy(p => p.Channel, StringComparer.Ordinal).ThenBy(p => p.Subscription, StringComparer.Ordinal)],
            [.. ledger.Dropped.OrderBy(d => d.Channel, StringComparer.Ordinal).ThenBy(d => d.Subscription, StringComparer.Ordinal)],
            [.. producers.Values.OrderBy(p => p.Producer, StringComparer.Ordinal)]);
    }
}
