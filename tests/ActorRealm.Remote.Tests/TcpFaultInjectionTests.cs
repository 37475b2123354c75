using ActorRealm.Remote.FaultInjection;
using ActorRealm.Remote.Tests.Support;

namespace ActorRealm.Remote.Tests;

/// <summary>The fault injector wrapped around the real TCP transport.</summary>
public sealed class TcpFaultInjectionTests
{
    [Fact]
    public async Task Blackhole_then_heal_over_tcp()
    {
        var faults = new FaultInjector(seed: 3);
        await using var a = await TestNode.StartAsync(TestNode.Settings(), wrap: t => faults.Wrap(t, default));
        await using var b = await TestNode.StartAsync(TestNode.Settings(), wrap: t => faults.Wrap(t, default));
        a.Remoting.Send(b.Address, Frames.Envelope("before", 0));
        await Await.UntilAsync(() => b.Handler.EnvelopeCount == 1, () => a.Logs.Dump());

        faults.Blackhole(a.Address.ToEndpoint(), b.Address.ToEndpoint(), Direction.Both);
        a.Remoting.Send(b.Address, Frames.Envelope("during", 1));

        // The silent link is noticed by the heartbeat (2 s in these settings) and the peer reported unreachable.
        await Await.UntilAsync(() => a.Handler.Unreachable.Contains(b.Remoting.Self), () => a.Logs.Dump());
        Assert.DoesNotContain(b.Handler.Envelopes, e => e.Recipient == "during");

        // Whichever side's heartbeat check fires first closes the connection (the other sees it closed).
        Assert.False(a.Remoting.AssociationWith(b.Address).IsEstablished);

        faults.Heal(a.Address.ToEndpoint(), b.Address.ToEndpoint());
        await Await.UntilAsync(
            () =>
            {
                a.Remoting.Send(b.Address, Frames.Envelope("after", 2));
                return b.Handler.Envelopes.Any(e => e.Recipient == "after");
            },
            () => a.Logs.Dump());
    }

    /// <summary>
    /// Delay, drop rate and throttle switched on and off while two TCP nodes talk. Real time, so only lower
    /// bounds on time are asserted (a loaded machine can only make things slower).
    /// </summary>
    [Fact]
    public async Task Delay_drop_rate_and_throttle_switch_at_runtime_over_tcp()
    {
        var faults = new FaultInjector(seed: 5);
        await using var a = await TestNode.StartAsync(TestNode.Settings(), wrap: t => faults.Wrap(t, default));
        await using var b = await TestNode.StartAsync(TestNode.Settings(), wrap: t => faults.Wrap(t, default));
        await RoundAsync(a, b, "before", 1);

        faults.Delay(a.Address, b.Address, TimeSpan.FromMilliseconds(300), Direction.Send);
        var delayed = System.Diagnostics.Stopwatch.StartNew();
        await RoundAsync(a, b, "delayed", 20);
        Assert.True(delayed.Elapsed >= TimeSpan.FromMilliseconds(300), $"delivered after {delayed.Elapsed}");

        faults.Heal(a.Address, b.Address);
        faults.DropRate(a.Address, b.Address, 0.5, Direction.Send);
        for (var i = 0; i < 200; i++)
        {
            a.Remoting.Send(b.Address, Frames.Envelope("lossy", i));
        }

        // A marker that arrives was sent after every lossy frame on the same ordered link, so each of them
        // has met the drop decision by then.
        var markers = 0;
        await Await.UntilAsync(
            () =>
            {
                a.Remoting.Send(b.Address, Frames.Envelope("marker", markers++));
                return b.Handler.Envelopes.Any(e => e.Recipient == "marker");
            },
            () => a.Logs.Dump());
        faults.Heal(a.Address, b.Address);
        var lossy = b.Handler.Envelopes.Where(e => e.Recipient == "lossy").Select(Frames.Sequence).ToList();
        Assert.InRange(lossy.Count, 50, 150);
        Assert.Equal(lossy.Order(), lossy);

        faults.Throttle(a.Address, b.Address, bytesPerSecond: 10_000, Direction.Send);
        var throttled = System.Diagnostics.Stopwatch.StartNew();
        await RoundAsync(a, b, "throttled", 10, payloadBytes: 1000);
        Assert.True(throttled.Elapsed >= TimeSpan.FromSeconds(0.9), $"10 kB at 10 kB/s took {throttled.Elapsed}");
        faults.Heal(a.Address, b.Address);
        await RoundAsync(a, b, "after", 1);
    }

    /// <summary>Sends <paramref name="count"/> frames from a to b and waits until all arrived, in order.</summary>
    private static async Task RoundAsync(TestNode a, TestNode b, string recipient, int count, int payloadBytes = 16)
    {
        for (var i = 0; i < count; i++)
        {
            a.Remoting.Send(b.Address, Frames.Envelope(recipient, i, payloadBytes));
        }

        await Await.UntilAsync(() => b.Handler.Envelopes.Count(e => e.Recipient == recipient) == count, () => a.Logs.Dump());
        Assert.Equal(Enumerable.Range(0, count).Select(i => (long)i), b.Handler.Envelopes.Where(e => e.Recipient == recipient).Select(Frames.Sequence));
    }
}
