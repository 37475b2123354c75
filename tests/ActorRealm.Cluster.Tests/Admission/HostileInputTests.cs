using System.Diagnostics;
using System.Globalization;
using System.Text;
using ActorRealm.Cluster.Tests.Admission.Support;

namespace ActorRealm.Cluster.Tests.Admission;

/// <summary>
/// Hostile bytes at a live node's cluster port, three ways: raw bytes at a TLS port (they must never
/// get past TLS), Akka frames after a TLS handshake with a realm certificate (a member's tool gone
/// wrong: they reach Akka's decoder), and Akka frames at a plaintext node. Whatever arrives, the node
/// neither crashes nor delivers anything to its inbox, closes the connection, and serves a bystander
/// peer throughout.
/// </summary>
public sealed class HostileInputTests(TestPkiFixture fixture) : Akka.TestKit.Xunit2.TestKit, IClassFixture<TestPkiFixture>
{
    private static readonly int MaximumFrameSize = TestNode.Transport.Transport.MaximumFrameSize;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly TestPki _pki = fixture.Pki;

    /// <summary>How hostile bytes reach the node.</summary>
    public enum Way
    {
        /// <summary>Plain TCP to a TLS node's port.</summary>
        RawBytesToTheTlsPort,

        /// <summary>Inside a TLS session opened with a certificate of the realm.</summary>
        AfterTlsWithARealmCertificate,

        /// <summary>Plain TCP to a node with TLS off.</summary>
        ToAPlaintextNode,
    }

    [Theory]
    [InlineData(Way.RawBytesToTheTlsPort)]
    [InlineData(Way.AfterTlsWithARealmCertificate)]
    [InlineData(Way.ToAPlaintextNode)]
    public Task Random_garbage_closes_the_connection(Way way) =>
        AssertClosedAsync(way, async c =>
        {
            var garbage = new byte[4096];
            new Random(7).NextBytes(garbage);
            await c.SendAsync(garbage);
        });

    [Theory]
    [InlineData(Way.AfterTlsWithARealmCertificate)]
    [InlineData(Way.ToAPlaintextNode)]
    public Task An_oversized_length_prefix_closes_the_connection(Way way) =>
        AssertClosedAsync(way, c => c.SendAsync(new byte[] { 0x00, 0x00, 0x00, 0x40, 1, 2, 3 }));

    [Theory]
    [InlineData(Way.RawBytesToTheTlsPort)]
    [InlineData(Way.AfterTlsWithARealmCertificate)]
    [InlineData(Way.ToAPlaintextNode)]
    public Task A_truncated_frame_closes_the_connection_at_the_end_of_the_stream(Way way) =>
        AssertClosedAsync(way, async c =>
        {
            await c.SendAsync(new byte[] { 100, 0, 0, 0, 1, 2, 3, 4, 5 });
            c.ShutdownSend();
        });

    [Theory]
    [InlineData(Way.RawBytesToTheTlsPort)]
    [InlineData(Way.AfterTlsWithARealmCertificate)]
    [InlineData(Way.ToAPlaintextNode)]
    public Task A_slowly_dribbled_frame_is_cut_off_by_the_handshake_timeout(Way way) =>
        AssertClosedAsync(way, c => AssertCutOffAsync(c, TimeSpan.Zero, TimeSpan.FromSeconds(12), async closed =>
        {
            // A frame of 256 bytes, one byte every 100 ms: it would take 25 s; the test nodes' handshake timeout is 5 s.
            await c.SendAsync(new byte[] { 0, 1, 0, 0 });
            using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            while (!closed.IsCompleted && await ticks.WaitForNextTickAsync())
            {
                try
                {
                    await c.SendAsync(new byte[] { 1 });
                }
                catch (IOException)
                {
                    break;
                }
            }
        }));

    [Theory]
    [InlineData(Way.AfterTlsWithARealmCertificate)]
    [InlineData(Way.ToAPlaintextNode)]
    public Task A_peer_that_stops_mid_frame_after_its_handshake_is_dropped_by_the_transport_failure_detector(Way way) =>
        AssertClosedAsync(way, c => AssertCutOffAsync(c, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), async _ =>
        {
            // Associated, then a frame that never completes and no heartbeats: heartbeat-timeout (3 s here) ends it.
            await c.SendAsync(AkkaWire.Frame(AkkaWire.AssociatePdu(new Akka.Actor.Address("akka.tcp", TestNode.Realm, "127.0.0.1", 9), 99)));
            await c.SendAsync(new byte[] { 0, 1, 0, 0, 1, 2, 3 });
        }));

    [Theory]
    [InlineData(Way.RawBytesToTheTlsPort, 100)]
    [InlineData(Way.AfterTlsWithARealmCertificate, 200)]
    [InlineData(Way.ToAPlaintextNode, 200)]
    public async Task Thousands_of_random_and_mutated_frames_never_crash_the_node_or_deliver_anything(Way way, int scripts)
    {
        // HOSTILE_SCRIPTS and HOSTILE_SEED make longer soaks and replay a reported seed.
        scripts = int.Parse(Environment.GetEnvironmentVariable("HOSTILE_SCRIPTS") ?? scripts.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var firstSeed = int.Parse(Environment.GetEnvironmentVariable("HOSTILE_SEED") ?? "1000", CultureInfo.InvariantCulture);
        // A crash would end the test process. DotNetty leaves the write tasks of channels it closed
        // unobserved (ClosedChannelException, DecoderException); the runtime ignores those by design.
        await using var node = Start(way, _pki.NodeA);
        await using var bystander = Start(way, _pki.Bystander);
        var probe = CreateTestProbe(bystander.System);
        var frames = 0;
        for (var i = 0; i < scripts; i++)
        {
            var seed = firstSeed + i;
            var script = HostileScripts.Build(seed, new Random(seed).Next(1, 30), node.Address, typeof(HostileTripwire).AssemblyQualifiedName!);
            frames += script.Chunks.Count;
            Assert.True(await ReplayAsync(way, node, script), $"the node did not close the connection{Environment.NewLine}{script}");

            bystander.SendTo(node, $"bystander {i}", probe.Ref);
            await probe.ExpectMsgAsync($"ack:bystander {i}", Deadline, $"the bystander was not served after{Environment.NewLine}{script}");
            Assert.True(node.Received.Count == i + 1 && node.Others.Count == 0 && HostileTripwire.Built == 0, $"delivered {string.Join(", ", node.Received.Concat(node.Others))} after{Environment.NewLine}{script}");
        }

        Assert.True(frames >= scripts * 10, $"only {frames} frames were thrown");
        Assert.False(node.System.WhenTerminated.IsCompleted, node.Logs.Dump());
        Assert.Equal(Enumerable.Range(0, scripts).Select(i => $"bystander {i}"), node.Received);

        // The property is only as strong as the frames that get past TLS and reach Akka's decoder.
        var decoded = node.Logs.Count("Deserialization failed");
        if (way == Way.RawBytesToTheTlsPort)
        {
            Assert.True(decoded == 0 && node.Sunk.Count == 0, $"{decoded} payloads decoded, {node.Sunk.Count} scripts handled to their end without TLS");
        }
        else
        {
            Assert.True(decoded >= scripts / 5 && node.Sunk.Count > 0, $"only {decoded} payloads decoded and refused, {node.Sunk.Count} scripts handled to their end");
        }
    }

    [Fact]
    public async Task A_well_formed_frame_from_the_hostile_generator_is_delivered_by_a_plaintext_node()
    {
        // The generator's frames are Akka's real format: this one (a string, which the generator never
        // sends to the inbox) is delivered, so what the property throws does reach Akka's decoder.
        await using var node = TestNode.Start(tls: null);
        await using var client = await RawClient.ConnectAsync(node.Address);
        var origin = new Akka.Actor.Address(node.Address.Protocol, node.Address.System, "127.0.0.1", 7);

        await client.SendAsync(AkkaWire.Frame(AkkaWire.AssociatePdu(origin, 42)));
        await client.SendAsync(AkkaWire.Frame(AkkaWire.PayloadPdu(node.InboxPath, 17, "S", Encoding.UTF8.GetBytes("from the generator's encoder"))));

        await Await.UntilAsync(() => node.Received.Contains("from the generator's encoder"), node.Logs.Dump);
    }

    private TestNode Start(Way way, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
        TestNode.Start(way == Way.ToAPlaintextNode ? null : _pki.Context(certificate));

    /// <summary>
    /// Sends <paramref name="script"/> on a fresh connection, then zeros enough to complete any frame the
    /// script left open (Akka waits for the rest of a frame as long as the association lives), then a
    /// well-formed end marker for the node's sink; once the node has either handled the marker (so every
    /// frame before it) or closed the connection, half-closes, and reports whether the node closed the
    /// connection in time.
    /// </summary>
    private async Task<bool> ReplayAsync(Way way, TestNode node, HostileScript script)
    {
        await using var client = await OpenAsync(way, node);
        var closed = client.ClosedWithinAsync(Deadline);
        var marker = $"end of script {script.Seed}";
        try
        {
            foreach (var chunk in script.Chunks)
            {
                await client.SendAsync(chunk);
            }

            await client.SendAsync(new byte[MaximumFrameSize + 4]);
            await client.SendAsync(AkkaWire.Frame(AkkaWire.PayloadPdu($"{node.Address}/user/sink", 17, "S", Encoding.UTF8.GetBytes(marker))));
            await Await.UntilAsync(() => closed.IsCompleted || node.Sunk.Contains(marker), () => $"neither handled nor closed: {script}");
            client.ShutdownSend();
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            // The node closed the connection part-way: what most scripts earn.
        }

        return await closed;
    }

    private async Task<RawClient> OpenAsync(Way way, TestNode node)
    {
        var client = await RawClient.ConnectAsync(node.Address);
        if (way == Way.AfterTlsWithARealmCertificate)
        {
            await client.StartTlsAsync(_pki.NodeB);
        }

        return client;
    }

    /// <summary>Runs <paramref name="misbehave"/> (given the pending close) and checks the node closed the connection between <paramref name="atLeast"/> and <paramref name="atMost"/> after it began.</summary>
    private static async Task AssertCutOffAsync(RawClient client, TimeSpan atLeast, TimeSpan atMost, Func<Task<bool>, Task> misbehave)
    {
        var watch = Stopwatch.StartNew();
        var closed = client.ClosedWithinAsync(Deadline);
        await misbehave(closed);
        Assert.True(await closed, "the node kept the connection open");
        Assert.InRange(watch.Elapsed, atLeast, atMost);
    }

    /// <summary>Runs <paramref name="misbehave"/> on a raw connection; the node closes it, delivers nothing and still serves a good peer.</summary>
    private async Task AssertClosedAsync(Way way, Func<RawClient, Task> misbehave)
    {
        await using var node = Start(way, _pki.NodeA);
        await using (var client = await OpenAsync(way, node))
        {
            try
            {
                await misbehave(client);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
            {
                // Closed while still misbehaving.
            }

            Assert.True(await client.ClosedWithinAsync(Deadline), "the node kept the connection open");
        }

        await using var bystander = Start(way, _pki.Bystander);
        var probe = CreateTestProbe(bystander.System);
        bystander.SendTo(node, "bystander", probe.Ref);
        await probe.ExpectMsgAsync("ack:bystander", Deadline);
        Assert.Equal(["bystander"], node.Received);
        Assert.Empty(node.Others);
        Assert.False(node.System.WhenTerminated.IsCompleted, node.Logs.Dump());
    }

    /// <summary>Counts its instances: hostile frames name it under the JSON serializer, and no node may build one.</summary>
    public sealed class HostileTripwire
    {
        private static int _built;

        public HostileTripwire() => Interlocked.Increment(ref _built);

        public static int Built => Volatile.Read(ref _built);
    }
}
