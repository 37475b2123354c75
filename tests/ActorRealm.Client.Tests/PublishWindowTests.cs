using ActorRealm.Client.Internal;

namespace ActorRealm.Client.Tests;

/// <summary>The client's window of publishes: sequences in arrival order, at most the window in flight, and a failover resends everything unacknowledged from the lowest, in order.</summary>
public sealed class PublishWindowTests
{
    [Fact]
    public void Sequences_follow_arrival_and_at_most_the_window_is_in_flight()
    {
        var window = new PublishWindow<string>(2);
        var added = Enumerable.Range(1, 5).Select(i => window.Add("c", new byte[] { (byte)i }, $"w{i}")).ToList();

        Assert.Equal([1L, 2, 3, 4, 5], added.Select(p => p.Seq));
        Assert.Equal([1L, 2], window.TakeSendable(now: 10).Select(p => p.Seq));
        Assert.Empty(window.TakeSendable(11));
        Assert.Equal((2, 3), (window.InFlight, window.Waiting));

        // The second is acknowledged first: its slot goes to the next waiting publish, in order.
        Assert.Equal("w2", window.Complete(2)!.Waiter);
        Assert.Equal([3L], window.TakeSendable(12).Select(p => p.Seq));
        Assert.Null(window.Complete(2));
    }

    [Fact]
    public void A_failover_resends_every_unacknowledged_publish_lowest_first_and_restarts_their_clocks()
    {
        var window = new PublishWindow<string>(4);
        for (var i = 0; i < 6; i++)
        {
            window.Add("c", new byte[1], "w");
        }

        _ = window.TakeSendable(10);
        window.Complete(2);

        Assert.True(window.AnySentBefore(11));
        var resent = window.ResendAll(20);

        Assert.Equal([1L, 3, 4], resent.Select(p => p.Seq));
        Assert.All(resent, p => Assert.Equal(20, p.SentAt));
        Assert.False(window.AnySentBefore(20));
        Assert.Equal([5L], window.TakeSendable(21).Select(p => p.Seq));
    }

    [Fact]
    public void Clear_hands_back_every_waiter()
    {
        var window = new PublishWindow<string>(1);
        window.Add("c", new byte[1], "a");
        window.Add("c", new byte[1], "b");
        _ = window.TakeSendable(1);

        Assert.Equal(["a", "b"], window.Clear().Select(p => p.Waiter));
        Assert.Equal((0, 0), (window.InFlight, window.Waiting));
    }
}
