using ActorRealm.PersistenceSets.Replication;
using ActorRealm.PersistenceSets.Server;

namespace ActorRealm.PersistenceSets.Tests.Server;

/// <summary>The persistence server's per-channel index: only committed entries, incrementally, rebuilt when committed entries are replaced.</summary>
public sealed class ChannelIndexTests
{
    [Fact]
    public void Offsets_count_per_channel_in_log_order_and_only_committed_entries_are_indexed()
    {
        var log = Log(Pub(1, "a"), Pub(2, "b"), new LogEntry(3, 0, 1, new LeaderNoop()), Pub(4, "a"), Pos(5, "a", "s", 1), Pub(6, "a"));
        var index = new ChannelIndex();

        index.Update(log, commitIndex: 4);

        Assert.Equal((2L, 1L, 0L), (index.Length("a"), index.Length("b"), index.Length("c")));
        Assert.Equal([1L, 4], index.Indexes("a", 0, 10));
        Assert.Equal([4L], index.Indexes("a", 1, 10));
        Assert.Empty(index.Indexes("a", 2, 10));
        Assert.Equal((0L, 1L, (long?)null), (index.OffsetOf("a", 1)!.Value, index.OffsetOf("a", 4)!.Value, index.OffsetOf("a", 6)));
        Assert.Null(index.Position("a", "s"));

        index.Update(log, commitIndex: 6);

        Assert.Equal([1L, 4, 6], index.Indexes("a", 0, 10));
        Assert.Equal([4L], index.Indexes("a", 1, 1));
        Assert.Equal(2L, index.OffsetOf("a", 6));
        Assert.Equal(1L, index.Position("a", "s"));
        Assert.Equal((6L, 0), (index.IndexedThrough, index.Rebuilds));
    }

    [Fact]
    public void The_latest_committed_position_of_each_subscription_wins()
    {
        var log = Log(Pos(1, "a", "s", 3), Pos(2, "a", "t", 1), Pos(3, "a", "s", 7), Pos(4, "b", "s", 2));
        var index = new ChannelIndex();

        index.Update(log, 4);

        Assert.Equal((7L, 1L, 2L), (index.Position("a", "s")!.Value, index.Position("a", "t")!.Value, index.Position("b", "s")!.Value));
    }

    [Fact]
    public void Committed_entries_replaced_by_an_epoch_change_rebuild_the_index_from_the_log()
    {
        var old = Log(Pub(1, "a"), Pub(2, "a"), Pub(3, "a"));
        var index = new ChannelIndex();
        index.Update(old, 3);
        Assert.Equal(3, index.Length("a"));

        // A cut-over: entries 2 and 3 were never at the new primary; its entries 2 and 3 (epoch 1) replace them.
        var replaced = Log(Pub(1, "a"), new LogEntry(2, 1, 1, new EpochStart(1, "_setB", EpochChange.CutOver)), new LogEntry(3, 1, 1, new Publish("b", "p", 9, new byte[1])));
        index.Update(replaced, 3);

        Assert.Equal((1L, 1L, 1), (index.Length("a"), index.Length("b"), index.Rebuilds));
        Assert.Equal(0L, index.OffsetOf("b", 3));
    }

    [Fact]
    public void A_commit_index_that_moves_back_unindexes_what_is_no_longer_committed()
    {
        var log = Log(Pub(1, "a"), Pub(2, "a"), Pub(3, "a"));
        var index = new ChannelIndex();
        index.Update(log, 3);

        index.Update(log, 1);

        Assert.Equal((1L, 1L), (index.Length("a"), index.IndexedThrough));
        index.Update(log, 3);
        Assert.Equal(3, index.Length("a"));
    }

    private static List<LogEntry> Log(params LogEntry[] entries) => [.. entries];

    private static LogEntry Pub(long index, string channel) => new(index, 0, 1, new Publish(channel, "p", index, new byte[] { (byte)index }));

    private static LogEntry Pos(long index, string channel, string subscription, long offset) => new(index, 0, 1, new SubscriptionPosition(channel, subscription, offset));
}
