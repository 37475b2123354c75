using ActorRealm.Remote.Tests.Support;
using ActorRealm.Remote.Transport;

namespace ActorRealm.Remote.Tests;

/// <summary>Two or more nodes over real loopback TCP (plaintext here; TLS has its own tests).</summary>
public sealed class RemotingTcpTests
{
    [Fact]
    public async Task Frames_arrive_with_the_sender_incarnation()
    {
        await using var a = await TestNode.StartAsync();
        await using var b = await TestNode.StartAsync();

        Assert.Equal(SendStatus.Accepted, a.Remoting.Send(b.Address, Frames.Envelope("realm://test@x:1/user/echo", 1)));

        await Await.UntilAsync(() => b.Handler.EnvelopeCount == 1, () => b.Logs.Dump());
        var (from, frame) = b.Handler.Frames.Single();
        Assert.Equal(a.Remoting.Self, from);
        Assert.Equal(1, Frames.Sequence(frame.Envelope));
        Assert.True(a.Remoting.AssociationWith(b.Address).IsEstablished);
        Assert.Equal(b.Remoting.Self, a.Remoting.AssociationWith(b.Address).Peer);
    }

    [Fact]
    public async Task Ordering_per_pair_holds_under_load_in_both_directions()
    {
        const int PerSender = 20_000;
        await using var a = await TestNode.StartAsync(TestNode.Settings(adjust: s => s with { Transport = s.Transport with { SendQueueSize = 100_000 } }));
        await using var b = await TestNode.StartAsync(TestNode.Settings(adjust: s => s with { Transport = s.Transport with { SendQueueSize = 100_000 } }));
        await using var c = await TestNode.StartAsync(TestNode.Settings(adjust: s => s with { Transport = s.Transport with { SendQueueSize = 100_000 } }));

        // Several threads send concurrently; each stamps its own sequence, which must arrive in order.
        var senders = new[] { (a, b, "a1"), (a, b, "a2"), (b, a, "b1"), (c, b, "c1") }.Select(s => Task.Run(() =>
        {
            var (from, to, name) = s;
            for (var i = 0; i < PerSender; i++)
            {
                Assert.Equal(SendStatus.Accepted, from.Remoting.Send(to.Address, Frames.Envelope(name, i, payloadBytes: 64)));
            }
        })).ToArray();
        await Task.WhenAll(senders);

        await Await.UntilAsync(() => b.Handler.EnvelopeCount == 3 * PerSender && a.Handler.EnvelopeCount == PerSender, TimeSpan.FromSeconds(60), () => $"b has {b.Handler.EnvelopeCount}, a has {a.Handler.EnvelopeCount}");
        foreach (var node in new[] { a, b })
        {
            foreach (var stream in node.Handler.Envelopes.GroupBy(e => e.Recipient))
            {
                Assert.Equal(Enumerable.Range(0, PerSender).Select(i => (long)i), stream.Select(Frames.Sequence));
            }
        }
    }

    [Fact]
    public async Task Frames_sent_before_the_peer_is_up_wait_and_are_delivered_when_it_starts()
    {
        var port = FreePort();
        await using var a = await TestNode.StartAsync();
        var address = RemoteAddress.Create(TestNode.Realm, "127.0.0.1", port);
        for (var i = 0; i < 100; i++)
        {
            a.Remoting.Send(address, Frames.Envelope("early", i));
        }

        await Await.UntilAsync(() => a.Logs.Lines.Any(l => l.Message.Contains("Reconnecting", StringComparison.Ordinal)), () => a.Logs.Dump());
        await using var b = await TestNode.StartAsync(port);
        await Await.UntilAsync(() => b.Handler.EnvelopeCount == 100, () => a.Logs.Dump());
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (long)i), b.Handler.Envelopes.Select(Frames.Sequence));
    }

    [Fact]
    public async Task Reconnects_after_the_peer_restarts_and_quarantines_the_old_incarnation()
    {
        await using var a = await TestNode.StartAsync();
        var b1 = await TestNode.StartAsync();
        var port = b1.Address.Port!.Value;
        a.Remoting.Send(b1.Address, Frames.Envelope("to-b1", 0));
        await Await.UntilAsync(() => b1.Handler.EnvelopeCount == 1, () => a.Logs.Dump());
        var oldIncarnation = b1.Remoting.Self;
        await b1.DisposeAsync();

        await using var b2 = await TestNode.StartAsync(port);
        Assert.NotEqual(oldIncarnation.Uid, b2.Remoting.Uid);
        await Await.UntilAsync(
            () =>
            {
                a.Remoting.Send(b2.Address, Frames.Envelope("to-b2", 1));
                return b2.Handler.EnvelopeCount > 0;
            },
            () => a.Logs.Dump());

        Assert.Equal(b2.Remoting.Self, a.Remoting.AssociationWith(b2.Address).Peer);
        Assert.Contains(a.Handler.Gone, g => g.Peer == oldIncarnation && g.Reason.Contains("restarted", StringComparison.Ordinal));
        Assert.True(a.Remoting.IsQuarantined(oldIncarnation));
        Assert.All(b2.Handler.Frames, f => Assert.Equal(a.Remoting.Self, f.From));
    }

    [Fact]
    public async Task A_quarantined_incarnation_is_told_and_stops_sending()
    {
        await using var a = await TestNode.StartAsync();
        await using var b = await TestNode.StartAsync();
        a.Remoting.Send(b.Address, Frames.Envelope("x", 0));
        b.Remoting.Send(a.Address, Frames.Envelope("y", 0));
        await Await.UntilAsync(() => b.Handler.EnvelopeCount == 1 && a.Handler.EnvelopeCount == 1, () => a.Logs.Dump() + b.Logs.Dump());

        a.Remoting.Quarantine(b.Remoting.Self, "test says so");

        Assert.Contains(a.Handler.Gone, g => g.Peer == b.Remoting.Self && g.Reason == "test says so");
        await Await.UntilAsync(() => b.Handler.QuarantinedBy.Contains(a.Remoting.Self), () => b.Logs.Dump());
        Assert.Equal(SendStatus.Closed, b.Remoting.Send(a.Address, Frames.Envelope("y", 1)));
        Assert.Equal(1, a.Handler.EnvelopeCount);
    }

    [Fact]
    public async Task A_handshake_from_a_quarantined_incarnation_is_refused_with_a_notice()
    {
        const ulong Uid = 0x5EED;
        await using var a = await TestNode.StartAsync();
        var port = FreePort();
        a.Remoting.Quarantine(new PeerIncarnation(RemoteAddress.Create(TestNode.Realm, "127.0.0.1", port), Uid), "declared gone earlier");
        await using var b = await TestNode.StartAsync(port, uid: Uid);

        b.Remoting.Send(a.Address, Frames.Envelope("back from the dead", 0));

        // a logs the refusal when it closes the connection, after the notice is written: b may read the notice first.
        await Await.UntilAsync(
            () => b.Handler.QuarantinedBy.Contains(a.Remoting.Self) && a.Logs.Warnings.Any(w => w.Message.Contains("is quarantined", StringComparison.Ordinal)),
            () => b.Logs.Dump() + a.Logs.Dump());
        Assert.Single(a.Logs.Warnings, w => w.Message.Contains("is quarantined", StringComparison.Ordinal));
        Assert.Empty(a.Handler.Frames);
        Assert.Contains(b.Handler.Undelivered, u => u.Reason.Contains("quarantined", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_join_secret_is_refused_with_one_log_line_and_no_frame_is_delivered()
    {
        await using var a = await TestNode.StartAsync(secret: "the right one");
        await using var intruder = await TestNode.StartAsync(secret: "a wrong one");

        intruder.Remoting.Send(a.Address, Frames.Envelope("sneaky", 0));

        await Await.UntilAsync(() => a.Logs.Warnings.Any(w => w.Message.Contains("join secret", StringComparison.Ordinal)), () => a.Logs.Dump());
        Assert.Empty(a.Handler.Frames);
        Assert.False(intruder.Remoting.AssociationWith(a.Address).IsEstablished);
    }

    [Fact]
    public async Task A_peer_claiming_this_nodes_own_address_is_refused_with_one_log_line_per_connection_and_no_frame_is_delivered()
    {
        await using var a = await TestNode.StartAsync();

        // Misconfigured (or hostile) with the right secret: it listens on a port of its own but advertises a's address.
        await using var twin = await TestNode.StartAsync(TestNode.Settings(adjust: s => s with { CanonicalPort = a.Address.Port!.Value, BindPort = 0 }));
        Assert.Equal(a.Address, twin.Address);

        twin.Remoting.Send(a.Address, Frames.Envelope("impersonating", 0));

        await Await.UntilAsync(() => a.Logs.Warnings.Any(w => w.Message.Contains("own address", StringComparison.Ordinal)), () => a.Logs.Dump());
        var refusals = a.Logs.Warnings.Where(w => !w.Message.StartsWith("Remote transport listening", StringComparison.Ordinal)).ToList();
        Assert.All(refusals, w => Assert.Contains("handshake refused: the peer claims this node's own address", w.Message, StringComparison.Ordinal));
        Assert.Empty(a.Handler.Frames);
        Assert.Empty(a.Handler.Gone);
        Assert.False(twin.Remoting.AssociationWith(a.Address).IsEstablished);
    }

    [Fact]
    public async Task A_full_send_queue_drops_new_frames_without_blocking()
    {
        var settings = TestNode.Settings(adjust: s => s with { Transport = s.Transport with { SendQueueSize = 10 } });
        await using var a = await TestNode.StartAsync(settings);
        var nowhere = RemoteAddress.Create(TestNode.Realm, "127.0.0.1", FreePort());

        var results = Enumerable.Range(0, 25).Select(i => a.Remoting.Send(nowhere, Frames.Envelope("x", i))).ToList();

        Assert.Equal(10, results.Count(r => r == SendStatus.Accepted));
        Assert.Equal(15, results.Count(r => r == SendStatus.QueueFull));
        Assert.Equal(15, a.Remoting.AssociationWith(nowhere).DroppedCount);
        Assert.Single(a.Logs.Warnings, w => w.Message.Contains("Send queue", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopping_reports_frames_that_never_left_as_undelivered()
    {
        var a = await TestNode.StartAsync();
        var nowhere = RemoteAddress.Create(TestNode.Realm, "127.0.0.1", FreePort());
        a.Remoting.Send(nowhere, Frames.Envelope("x", 0));
        await a.DisposeAsync();
        Assert.Single(a.Handler.Undelivered);
        Assert.Equal(SendStatus.Closed, a.Remoting.Send(nowhere, Frames.Envelope("x", 1)));
    }

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
