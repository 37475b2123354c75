using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ActorRealm.Contracts;
using ActorRealm.Client;
using ActorRealm.Contracts.Persistence;
using ActorRealm.Server.Tests.Support;
using Akka.Actor;
using Xunit.Abstractions;
using static ActorRealm.Server.Tests.Support.PersistenceSetsRealm;

namespace ActorRealm.Server.Tests;

/// <summary>Two realm servers and six persistence servers (<see cref="PersistenceSetsRealm"/>), shared by the client library's and the channel commands' tests.</summary>
public sealed class PersistenceRealmFixture : IAsyncLifetime
{
    public const string Collection = "persistence realm";

    internal PersistenceSetsRealm Realm { get; private set; } = null!;

    /// <summary>With TLS, as realms run by default. The servers refuse messages over 64 KiB; the client's own limit stays at its 1 MiB default.</summary>
    public async Task InitializeAsync()
    {
        Realm = PersistenceSetsRealm.Create("max-message-bytes = 64 KiB", tls: true);
        await Realm.StartNodesAsync("main-1", "dr-1");
        await Realm.StartServersAsync([.. SetA, .. SetB]);
        await Realm.LeaderAsync(SetA);
    }

    public async Task DisposeAsync() => await Realm.DisposeAsync();
}

/// <summary>The test classes that share one <see cref="PersistenceRealmFixture"/> (they run one after the other).</summary>
[CollectionDefinition(PersistenceRealmFixture.Collection)]
public sealed class PersistenceRealmGroup : ICollectionFixture<PersistenceRealmFixture>;

/// <summary>
/// The client library (<see cref="RealmClient"/>) against real realm servers and persistence servers in this process:
/// discovery through the realm servers' directory, a window of publishes surviving the primary leader's death, durable
/// subscriptions, a client inside a given actor system, and bad input.
/// </summary>
[Collection(PersistenceRealmFixture.Collection)]
public sealed class RealmClientTests(PersistenceRealmFixture fixture, ITestOutputHelper output)
{
    private PersistenceSetsRealm Realm => fixture.Realm;

    [Fact(Timeout = 90_000)]
    public async Task Publishes_in_a_window_of_64_survive_the_primary_leader_dying_mid_stream_stored_once_and_in_order()
    {
        await using var client = RealmClient.Start(Settings(window: 64));
        const int Count = 400;
        var leader = await Realm.LeaderAsync(SetA);
        var clock = Stopwatch.StartNew();
        var publishes = Enumerable.Range(1, Count).Select(i => client.PublishAsync("orders.failover", BitConverter.GetBytes((long)i))).ToList();

        // Mid-stream (a quarter acknowledged, a window in flight), the primary leader's system dies.
        await Eventually.Until(() => Task.FromResult(publishes.Count(p => p.IsCompletedSuccessfully) >= Count / 4 ? "ok" : null), Deadline, "a quarter of the publishes to be acknowledged");
        Assert.True(publishes.Count(p => p.IsCompleted) < Count, "the stream ended before the leader was stopped");
        await Realm.Servers[leader].System.Terminate();
        Realm.Servers.Remove(leader);

        // The application sees a delay, never an error: every publish is acknowledged, in order, once.
        var acks = await Task.WhenAll(publishes).WaitAsync(Deadline);
        output.WriteLine($"{Count} publishes acknowledged in {clock.Elapsed.TotalSeconds:0.0} s across the failover from {leader}");
        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), acks.Select(a => a.ProducerSeq));
        Assert.Equal(Enumerable.Range(0, Count).Select(i => (long)i), acks.Select(a => a.Offset));
        Assert.True(acks.Zip(acks.Skip(1)).All(p => p.Item1.Index < p.Item2.Index), "log indexes rise with the producer sequence");

        var newLeader = await Realm.LeaderAsync(SetA);
        using var raw = Realm.ClientSystem("raw-client");
        var stored = await Realm.ReadAllAsync(raw, newLeader, "orders.failover");
        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), stored.Select(m => BitConverter.ToInt64(m.Data.Span)));
        Assert.All(stored, m => Assert.Equal(client.ProducerId, m.ProducerId));
        Assert.Equal(acks.Select(a => a.Index), stored.Select(m => m.Index));
    }

    [Fact(Timeout = 90_000)]
    public async Task A_durable_subscription_resumes_from_its_committed_position_with_a_new_client()
    {
        await using (var first = RealmClient.Start(Settings()))
        {
            for (var i = 0; i < 10; i++)
            {
                await first.PublishAsync("billing.events", new[] { (byte)i });
            }

            var subscription = await first.SubscribeAsync("billing.events", "invoicing");
            Assert.Equal(0, subscription.Position);
            var firstFour = await subscription.ReadAsync(4);
            Assert.Equal([0L, 1, 2, 3], firstFour.Select(m => m.Offset));
            await subscription.CommitAsync();
            Assert.Equal(4, subscription.CommittedPosition);

            // Read further without committing: a new client reads these again (at least once).
            Assert.Equal(2, (await subscription.ReadAsync(2)).Count);
        }

        await using var second = RealmClient.Start(Settings());
        var resumed = await second.SubscribeAsync("billing.events", "invoicing");
        Assert.Equal(4, resumed.Position);
        var rest = await resumed.ReadAsync(100);
        Assert.Equal([4L, 5, 6, 7, 8, 9], rest.Select(m => m.Offset));
        Assert.Equal([4, 5, 6, 7, 8, 9], rest.Select(m => (int)m.Data.Span[0]));
        Assert.Empty(await resumed.ReadAsync(100));
        Assert.Equal(0, (await second.SubscribeAsync("billing.events", "another")).Position);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_client_inside_a_given_actor_system_publishes_and_reads_and_leaves_the_system_running()
    {
        // The application's own system, with its transport (TLS with a certificate from the realm's CA) and the client's configuration.
        using var system = Realm.ClientSystem("application", RealmClient.AkkaConfig);
        var client = RealmClient.Create(system, Settings() with { Tls = null });
        var acks = new List<PublishAck>();
        for (var i = 0; i < 5; i++)
        {
            acks.Add(await client.PublishAsync("inventory", new[] { (byte)i }));
        }

        var read = await client.ReadAsync("inventory", acks[0].Offset, 100);
        Assert.Equal(acks.Select(a => a.Offset), read.Messages.Select(m => m.Offset));
        // To the end in pages of 2: every page holds messages, and together they are the same messages in order.
        var pages = new List<ChannelMessages>();
        await foreach (var page in client.ReadToEndAsync("inventory", acks[0].Offset, pageSize: 2))
        {
            pages.Add(page);
        }

        Assert.Equal([2, 2, 1], pages.Select(p => p.Messages.Length));
        Assert.Equal(acks.Select(a => a.Offset), pages.SelectMany(p => p.Messages).Select(m => m.Offset));
        await client.DisposeAsync();

        Assert.False(system.WhenTerminated.IsCompleted, "the application's system must keep running");
        Assert.Same(system, client.System);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.PublishAsync("inventory", new byte[1]));
        using var plain = ActorSystem.Create("plain", "akka.actor.provider = remote\nakka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }\nakka.loglevel = WARNING");
        Assert.Contains("RealmClient.AkkaConfig", Assert.Throws<InvalidOperationException>(() => RealmClient.Create(plain, Settings() with { Tls = null })).Message, StringComparison.Ordinal);
        Assert.Contains("TLS files are for a client with a system of its own", Assert.Throws<ArgumentException>(() => RealmClient.Create(system, Settings())).Message, StringComparison.Ordinal);
    }

    [Fact(Timeout = 90_000)]
    public async Task Bad_input_is_refused_with_a_clear_error_and_nothing_is_stored()
    {
        await using var client = RealmClient.Start(Settings());
        var policy = Assert.Throws<ArgumentException>(() => { _ = client.PublishAsync(".hidden", new byte[1]); });
        Assert.Contains("starts with '.'", policy.Message, StringComparison.Ordinal);
        Assert.Contains(ChannelNames.Policy, policy.Message, StringComparison.Ordinal);
        Assert.Contains("contains ' '", Assert.Throws<ArgumentException>(() => { _ = client.PublishAsync("two words", new byte[1]); }).Message, StringComparison.Ordinal);
        Assert.Contains("limit of 1048576", Assert.Throws<ArgumentException>(() => { _ = client.PublishAsync("big", new byte[(1024 * 1024) + 1]); }).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => client.SubscribeAsync("big", "no/slash"));

        // The servers' limit (64 KiB here) is lower than the client's: the server refuses, for good, and stores nothing.
        var refused = await Assert.ThrowsAsync<RealmRequestRefusedException>(() => client.PublishAsync("big", new byte[100 * 1024]));
        Assert.Equal(RefusalCode.MessageTooLarge, refused.Code);
        Assert.Contains("actorrealm.persistence.max-message-bytes", refused.Message, StringComparison.Ordinal);
        var ack = await client.PublishAsync("big", new byte[10]);
        Assert.Equal(0, ack.Offset);

        // Raw requests: a publish to a server that is not the primary leader is redirected to it; bad names are refused.
        using var raw = Realm.ClientSystem("raw-client");
        var leader = await Realm.LeaderAsync(SetA);
        var member = SetA.First(s => s != leader && Realm.Servers.ContainsKey(s));
        var redirect = Assert.IsType<RedirectToLeader>(await Realm.Remote(raw, member).Ask<IPersistenceAnswer>(new PublishRequest(1, "big", "raw", 1, new byte[1]), TimeSpan.FromSeconds(10)));
        Assert.Equal(leader, redirect.Leader);
        Assert.EndsWith($"{Realm.Servers[leader].Configuration.Server.Address}/user/persistence-server", redirect.LeaderPath, StringComparison.Ordinal);

        // Having answered sequence 1 of producer "raw" with a redirect, the member takes none of its later sequences
        // until 1 comes again: a retried publish never finds a later one stored before it.
        var later = Assert.IsType<RequestRefused>(await Realm.Remote(raw, member).Ask<IPersistenceAnswer>(new PublishRequest(3, "big", "raw", 2, new byte[1]), TimeSpan.FromSeconds(10)));
        Assert.Equal((RefusalCode.RetryEarlierFirst, true), (later.Code, later.Retryable));
        Assert.IsType<RedirectToLeader>(await Realm.Remote(raw, member).Ask<IPersistenceAnswer>(new PublishRequest(4, "big", "raw", 1, new byte[1]), TimeSpan.FromSeconds(10)));

        // Once sequence 1 is stored through the leader and has reached the member, the member's memory of the retry is
        // stale: a later sequence is answered as any other (here a redirect), not with "send 1 first" for ever.
        Assert.IsType<RequestAcknowledged>(await Realm.Remote(raw, leader).Ask<IPersistenceAnswer>(new PublishRequest(5, "big", "raw", 1, new byte[1]), TimeSpan.FromSeconds(10)));
        await Eventually.Until(
            async () => await Realm.Remote(raw, member).Ask<IPersistenceAnswer>(new PublishRequest(6, "big", "raw", 2, new byte[1]), TimeSpan.FromSeconds(10)) as RedirectToLeader,
            TimeSpan.FromSeconds(30),
            "the member to answer sequence 2 once it holds sequence 1");
        var badName = Assert.IsType<RequestRefused>(await Realm.Remote(raw, leader).Ask<IPersistenceAnswer>(new PublishRequest(2, "bad name", "raw", 1, new byte[1]), TimeSpan.FromSeconds(10)));
        Assert.Equal((RefusalCode.InvalidName, false), (badName.Code, badName.Retryable));
        Assert.Equal([0L, 1L], (await Realm.ReadAllAsync(raw, leader, "big")).Select(m => m.Offset));
    }

    /// <summary>
    /// Akka.Remote shuts a whole actor system down when a TLS handshake fails on a connection it opened, also when the
    /// peer only died in the middle of it (ADR 0081). A contact point that accepts one connection and resets it once the
    /// client's handshake has begun, as a server killed mid-handshake does, costs the client its actor system: the
    /// client starts a new one, and the publishes of both sides of it are stored once each, in order, with the
    /// producer's sequences carried over.
    /// </summary>
    [Fact(Timeout = 120_000)]
    public async Task A_server_dying_in_the_middle_of_a_TLS_handshake_costs_the_client_its_actor_system_not_its_publishes()
    {
        using var dying = new TcpListener(IPAddress.Loopback, 0);
        dying.Start();
        var port = ((IPEndPoint)dying.LocalEndpoint).Port;
        var closeFirst = Task.Run(async () =>
        {
            using var connection = await dying.AcceptTcpClientAsync();
            // Die only once the client's first handshake bytes arrive: a reset before the client has seen its connect
            // complete fails the connect, not a handshake, and Akka then only gates the address.
            var hello = new byte[1];
            _ = await connection.GetStream().ReadAsync(hello);
            connection.Client.LingerState = new LingerOption(true, 0);
            dying.Stop();
        });
        await using var client = RealmClient.Start(Settings() with { ContactPoints = [.. Realm.ContactPoints, $"127.0.0.1:{port}"] });
        var first = client.System;

        var before = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.PublishAsync("tls-restart", BitConverter.GetBytes(i)))).WaitAsync(Deadline);
        await closeFirst.WaitAsync(Deadline);
        await first.WhenTerminated.WaitAsync(Deadline);
        Assert.True(AkkaTlsShutdown.Is(CoordinatedShutdown.Get(first).ShutdownReason), $"{CoordinatedShutdown.Get(first).ShutdownReason}");
        var after = await Task.WhenAll(Enumerable.Range(20, 20).Select(i => client.PublishAsync("tls-restart", BitConverter.GetBytes(i)))).WaitAsync(Deadline);

        Assert.NotSame(first, client.System);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), before.Concat(after).Select(a => a.Offset));
        var stored = new List<int>();
        await foreach (var page in client.ReadToEndAsync("tls-restart"))
        {
            stored.AddRange(page.Messages.Select(m => BitConverter.ToInt32(m.Data.Span)));
        }

        Assert.Equal(Enumerable.Range(0, 40), stored);
    }

    [Fact]
    public void A_message_limit_that_does_not_fit_a_transport_frame_is_refused_at_start()
    {
        Assert.Equal(64 * 1024, Realm.ServerConfiguration("a1").MaxMessageBytes);

        var tooLarge = Assert.Throws<NodeStartupException>(() => Realm.ServerConfiguration("a1", "actorrealm.persistence.max-message-bytes = 4 MiB"));
        Assert.Contains("actorrealm.persistence.max-message-bytes must be from 1 byte to 65536 bytes less than actorrealm.remote.transport.maximum-frame-size (4194304 bytes), not 4194304", tooLarge.Message, StringComparison.Ordinal);
        Assert.Contains("max-message-bytes", Assert.Throws<NodeStartupException>(() => Realm.ServerConfiguration("a1", "actorrealm.persistence.max-message-bytes = 0")).Message, StringComparison.Ordinal);
    }

    private RealmClientSettings Settings(int window = 64) => new()
    {
        Realm = PersistenceSetsRealm.Name,
        ContactPoints = Realm.ContactPoints,
        Tls = Realm.ClientTls,
        Hostname = "127.0.0.1",
        Window = window,
        RequestTimeout = TimeSpan.FromSeconds(1.5),
    };
}
