using ActorRealm.PersistenceSets.Replication;
using ActorRealm.PersistenceSets.Server;

namespace ActorRealm.PersistenceSets.Retention;

/// <summary>
/// The primary leader's retention decision, pure: for each channel with limits, the first offset that brings it
/// within them (oldest messages go first), held back by durable subscriptions when the channel keeps unread messages.
/// The shell appends the answer to the log as <see cref="ChannelTrim"/> entries.
/// </summary>
public static class RetentionPolicy
{
    /// <summary>The trims that bring every channel within its limits now; empty when all are within them.</summary>
    /// <param name="settings">The limits.</param>
    /// <param name="channels">The committed channels.</param>
    /// <param name="messageAt">The message at a log index (a readable message of the index).</param>
    /// <param name="nowMs">The leader's clock, Unix milliseconds.</param>
    public static IReadOnlyList<ChannelTrim> Decide(RetentionSettings settings, ChannelIndex channels, Func<long, Publish> messageAt, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(messageAt);
        var trims = new List<ChannelTrim>();
        foreach (var channel in channels.ChannelNames.Order(StringComparer.Ordinal))
        {
            var limits = settings.For(channel);
            if (limits.Limits && FirstWithin(limits, channels, channel, messageAt, nowMs) is { } first)
            {
                trims.Add(new ChannelTrim(channel, first));
            }
        }

        return trims;
    }

    private static long? FirstWithin(RetentionLimits limits, ChannelIndex channels, string channel, Func<long, Publish> messageAt, long nowMs)
    {
        var first = channels.FirstOffset(channel);
        var end = channels.Length(channel);
        var count = end - first;
        var bytes = channels.RetainedBytes(channel);
        var oldestKept = limits.MaxAge > TimeSpan.Zero ? nowMs - (long)limits.MaxAge.TotalMilliseconds : long.MinValue;
        var cut = first;
        // Walk the oldest readable messages while a limit is exceeded; only those that go are looked at, a batch of
        // index references at a time (a channel may hold millions).
        IReadOnlyList<long> batch = [];
        for (var i = 0; cut < end; i++, cut++)
        {
            if (i == batch.Count)
            {
                batch = channels.Indexes(channel, cut, 1024);
                i = 0;
            }

            var message = messageAt(batch[i]);
            var over = (limits.MaxMessages > 0 && count > limits.MaxMessages) || (limits.MaxBytes > 0 && bytes > limits.MaxBytes);
            if (!over && !(message.Timestamp != 0 && message.Timestamp < oldestKept))
            {
                break;
            }

            count--;
            bytes -= message.Data.Length;
        }

        if (limits.KeepUnread)
        {
            foreach (var (_, offset) in channels.Ledger.PositionsOf(channel))
            {
                cut = Math.Min(cut, Math.Max(offset, first));
            }
        }

        return cut > first ? cut : null;
    }
}
