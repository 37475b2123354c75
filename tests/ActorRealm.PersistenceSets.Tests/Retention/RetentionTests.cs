using ActorRealm.Hocon;
using ActorRealm.PersistenceSets.Replication;
using ActorRealm.PersistenceSets.Retention;
using ActorRealm.PersistenceSets.Server;

namespace ActorRealm.PersistenceSets.Tests.Retention;

/// <summary>
/// Retention: the policy's decision per channel (count, bytes, age, unread messages kept or reported), the trims as
/// the channel index applies them, a compacted prefix losing none of the bookkeeping, and the settings.
/// </summary>
public sealed class RetentionTests
{
    private const long Now = 1_000_000;

    [Fact]
    public void Each_limit_drops_the_oldest_messages_until_the_channel_is_within_it()
    {
        // Channel a: 10 messages of 10 bytes, one per second up to Now; channel b: 2 messages.
        var (index, log) = Indexed(Enumerable.Range(1, 10).Select(i => ("a", 10, Now - ((10 - i) * 1000L))).Append(("b", 5, Now)).Append(("b", 5, Now)));

        Assert.Equal([new ChannelTrim("a", 6)], Decide(new RetentionLimits(MaxMessages: 4), index, log));
        Assert.Equal([new ChannelTrim("a", 3)], Decide(new RetentionLimits(MaxBytes: 75), index, log));
        Assert.Equal([new ChannelTrim("a", 10), new ChannelTrim("b", 1)], Decide(new RetentionLimits(MaxBytes: 5), index, log));
        // Older than 4.5 s: the first five (9 s .. 5 s old); unknown ages (0) are never dropped by age.
        Assert.Equal([new ChannelTrim("a", 5)], Decide(new RetentionLimits(MaxAge: TimeSpan.FromSeconds(4.5)), index, log));
        Assert.Empty(Decide(new RetentionLimits(MaxMessages: 10), index, log));
        Assert.Empty(Decide(RetentionLimits.Unlimited, index, log));
    }

    [Fact]
    public void A_trim_across_many_batches_of_the_index_walks_to_the_right_offset()
    {
        var (index, log) = Indexed(Enumerable.Range(1, 3000).Select(i => ("a", 1, Now)));

        Assert.Equal([new ChannelTrim("a", 2990)], Decide(new RetentionLimits(MaxMessages: 10), index, log));
        Assert.Equal([new ChannelTrim("a", 2048)], Decide(new RetentionLimits(MaxBytes: 952), index, log));
    }

    [Fact]
    public void Rules_match_by_name_or_prefix_and_the_first_match_wins()
    {
        var settings = new RetentionSettings(
            new RetentionLimits(MaxMessages: 100),
            [new RetentionRule("orders.eu", new RetentionLimits(MaxMessages: 1)), new RetentionRule("orders.*", RetentionLimits.Unlimited)],
            TimeSpan.FromSeconds(1));

        Assert.Equal(1, settings.For("orders.eu").MaxMessages);
        Assert.False(settings.For("orders.us").Limits);
        Assert.Equal(100, settings.For("audit").MaxMessages);
        Assert.Equal(100, settings.For("orders").MaxMessages); // "orders.*" needs the dot
    }

    [Fact]
    public void A_trim_past_a_durable_subscription_is_reported_or_held_back_when_the_channel_keeps_unread_messages()
    {
        var (index, log) = Indexed(Enumerable.Range(1, 10).Select(_ => ("a", 1, Now)));
        log.Add(new LogEntry(log.Count + 1, 0, 1, new SubscriptionPosition("a", "slow", 2)));
        log.Add(new LogEntry(log.Count + 1, 0, 1, new SubscriptionPosition("a", "fast", 9)));
        index.Update(log, log.Count);

        Assert.Equal([new ChannelTrim("a", 2)], Decide(new RetentionLimits(MaxMessages: 3, KeepUnread: true), index, log));
        var trim = Assert.Single(Decide(new RetentionLimits(MaxMessages: 3), index, log));
        Assert.Equal(7, trim.FirstOffset);

        log.Add(new LogEntry(log.Count + 1, 0, 1, trim));
        index.Update(log, log.Count);

        Assert.Equal(7, index.FirstOffset("a"));
        Assert.Equal(10, index.Length("a"));
        Assert.Equal(3, index.RetainedBytes("a"));
        var dropped = Assert.Single(index.Ledger.Dropped);
        Assert.Equal(new UnreadDropped("a", "slow", 5, 2, 7, log.Count), dropped);
        // A read from a dropped offset starts at the first readable one.
        Assert.Equal([8L, 9, 10], index.Indexes("a", 0, 10));
        Assert.Equal((long?)null, index.OffsetOf("a", 3));
        Assert.Equal(7, index.OffsetOf("a", 8));
        Assert.Equal(8, index.OldestReadableIndex());
    }

    [Fact]
    public void A_compacted_prefix_keeps_offsets_positions_and_what_was_dropped_unread()
    {
        var (whole, log) = Indexed(Enumerable.Range(1, 6).Select(i => (i % 2 == 0 ? "a" : "b", 1, Now)));
        log.Add(new LogEntry(7, 0, 1, new SubscriptionPosition("a", "s", 1)));
        log.Add(new LogEntry(8, 0, 1, new ChannelTrim("a", 2)));
        log.Add(new LogEntry(9, 0, 1, new ChannelTrim("b", 3)));
        log.Add(new LogEntry(10, 0, 1, new Publish("a", "p", 99, new byte[] { 1 }, Now)));
        whole.Update(log, log.Count);

        // Everything before the oldest readable message (entry 6, offset 2 of a) can go.
        Assert.Equal(6, whole.OldestReadableIndex());
        var snapshot = LogSnapshot.Empty.Advance(log.Take(5).ToList());
        var compacted = new ChannelIndex();
        compacted.Update(log.Skip(5).ToList(), log.Count, snapshot);

        foreach (var channel in new[] { "a", "b" })
        {
            Assert.Equal((whole.Length(channel), whole.FirstOffset(channel), whole.RetainedBytes(channel)), (compacted.Length(channel), compacted.FirstOffset(channel), compacted.RetainedBytes(channel)));
            Assert.Equal(whole.Indexes(channel, 0, 10), compacted.Indexes(channel, 0, 10));
        }

        Assert.Equal(whole.Ledger.Dropped, compacted.Ledger.Dropped);
        Assert.Equal(1, compacted.Position("a", "s"));
        Assert.Equal(3, compacted.OffsetOf("a", 10));
        Assert.Equal(new ProducerMark("p", 5, 5), Assert.Single(snapshot.Producers));
    }

    [Fact]
    public void The_settings_are_read_with_rules_inheriting_the_defaults_and_every_problem_listed()
    {
        var config = ConfigFactory.ParseString("""
            actorrealm.persistence.retention {
              max-age = 7d
              channels = [
                { match = "audit", max-bytes = 10 MiB, keep-unread = on }
                { match = "tmp.*", max-messages = 5 }
              ]
            }
            """);
        var problems = new List<string>();
        var settings = RetentionSettings.FromConfig(config, problems);

        Assert.Empty(problems);
        Assert.Equal(new RetentionLimits(0, 10 * 1024 * 1024, TimeSpan.FromDays(7), true), settings.For("audit"));
        Assert.Equal(new RetentionLimits(5, 0, TimeSpan.FromDays(7), false), settings.For("tmp.x"));
        Assert.Equal(TimeSpan.FromSeconds(1), settings.CheckInterval);

        var bad = ConfigFactory.ParseString("""
            actorrealm.persistence.retention {
              max-messages = -1
              compact-after = 0
              channels = [ { max-age = 1h }, { match = ".hidden", maxage = 1h } ]
            }
            """);
        problems.Clear();
        RetentionSettings.FromConfig(bad, problems);
        Assert.True(problems.Count == 5, string.Join("\n", problems));
        Assert.Collection(
            problems,
            p => Assert.Contains("max-messages, max-bytes and max-age are 0", p, StringComparison.Ordinal),
            p => Assert.Contains("channels[0] needs match", p, StringComparison.Ordinal),
            p => Assert.Contains("channels[1].match \".hidden\"", p, StringComparison.Ordinal),
            p => Assert.Contains("unknown key 'maxage'", p, StringComparison.Ordinal),
            p => Assert.Contains("compact-after must be at least 1", p, StringComparison.Ordinal));
    }

    private static IReadOnlyList<ChannelTrim> Decide(RetentionLimits limits, ChannelIndex index, List<LogEntry> log) =>
        RetentionPolicy.Decide(new RetentionSettings(limits, [], TimeSpan.FromSeconds(1)), index, i => (Publish)log[(int)i - 1].Payload, Now);

    private static (ChannelIndex Index, List<LogEntry> Log) Indexed(IEnumerable<(string Channel, int Bytes, long Timestamp)> messages)
    {
        var log = messages.Select((m, i) => new LogEntry(i + 1, 0, 1, new Publish(m.Channel, "p", i + 1, new byte[m.Bytes], m.Timestamp))).ToList();
        var index = new ChannelIndex();
        index.Update(log, log.Count);
        return (index, log);
    }
}
