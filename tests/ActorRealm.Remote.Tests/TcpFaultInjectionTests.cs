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
}
