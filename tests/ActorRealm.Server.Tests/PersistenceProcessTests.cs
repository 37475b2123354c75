using System.Buffers.Binary;
using System.Diagnostics;
using ActorRealm.Cli.Commands.Demo;
using ActorRealm.Client;
using ActorRealm.Contracts.Persistence;
using ActorRealm.Server.Tests.Support;
using ActorRealm.TestSupport;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorRealm.Server.Tests;

/// <summary>
/// The persistence cluster as real processes (2 realm servers, 3 + 3 persistence servers, TLS), as a user deploys
/// it; an application publishes through the client library while a persistence server is killed with SIGKILL.
/// </summary>
public sealed class PersistenceProcessTests(ITestOutputHelper output)
{
    private const string Channel = "orders";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>
    /// The primary leader's process is killed (kill -9) mid-stream with 32 publishes in flight: the set elects a new
    /// leader, the client resumes against it, and the application sees a delay only. Every acknowledged message is
    /// then present exactly once and in order on the new leader and, after catch-up, on every standby server.
    /// </summary>
    [Fact]
    public async Task A_primary_leader_killed_mid_stream_costs_the_application_a_delay_never_an_error_or_a_duplicate()
    {
        using var dir = new TempDirectory();
        await using var realm = await DeployedRealm.StartAsync(dir.Path, "async", withStandby: true, TextWriter.Null, Deadline, CancellationToken.None);
        await using var client = Client(realm, window: 32);
        var leader = await PrimaryLeaderAsync(realm);

        const int Total = 400;
        var acknowledged = new List<PublishAck>();
        var ackTimes = new List<TimeSpan>();
        var clock = Stopwatch.StartNew();
        var inFlight = new Queue<Task<PublishAck>>();
        var killedAt = TimeSpan.Zero;
        for (var i = 1; i <= Total; i++)
        {
            if (inFlight.Count == 32)
            {
                await AcknowledgedAsync();
            }

            if (i == 150)
            {
                realm.Process(leader).Kill();
                killedAt = clock.Elapsed;
            }

            inFlight.Enqueue(client.PublishAsync(Channel, Payload(i)));
        }

        while (inFlight.Count > 0)
        {
            await AcknowledgedAsync();
        }

        // The kill came with publishes in flight, and the stream went on after it.
        Assert.Contains(ackTimes, t => t > killedAt);
        var gap = ackTimes.Zip(ackTimes.Skip(1), (a, b) => b - a).Max();
        output.WriteLine($"leader {leader} killed at {killedAt.TotalSeconds:0.000} s; longest gap between acknowledgements {gap.TotalSeconds:0.000} s; {Total} acknowledged in {clock.Elapsed.TotalSeconds:0.0} s");

        // Offsets are the channel's positions: 0..Total-1, each once, in publish order.
        Assert.Equal(Enumerable.Range(0, Total).Select(i => (long)i), acknowledged.Select(a => a.Offset));
        var newLeader = await PrimaryLeaderAsync(realm, except: leader);
        var expected = Enumerable.Range(1, Total).ToArray();
        Assert.Equal(expected, await ReadAsync(client, realm, newLeader));
        foreach (var server in new[] { "b1", "b2", "b3" })
        {
            await Eventually.Until(
                async () => (await ReadAsync(client, realm, server)).SequenceEqual(expected) ? server : null,
                Deadline,
                $"standby server {server} to hold every acknowledged message once, in order");
        }

        async Task AcknowledgedAsync()
        {
            acknowledged.Add(await inFlight.Dequeue());
            ackTimes.Add(clock.Elapsed);
        }
    }

    private static byte[] Payload(int i)
    {
        var bytes = new byte[256];
        BinaryPrimitives.WriteInt32BigEndian(bytes, i);
        return bytes;
    }

    /// <summary>The primary set's leader as main-1 (the realm server its servers are clients of) reports it.</summary>
    /// <summary>
    /// Regression (ADR 0080): the prime site's realm server frozen (SIGSTOP) longer than Akka's remote DeathWatch gives
    /// an address (<c>address-terminated-after</c>, 20 s) while its persistence servers run on. With DeathWatch on the
    /// realm link they quarantined it for good and never had quorum again after it resumed; now they say hello again,
    /// the primary leader serves and a publish is acknowledged.
    /// </summary>
    [Fact]
    public async Task A_realm_server_frozen_past_the_remote_watch_budget_has_its_persistence_servers_back_when_it_resumes()
    {
        using var dir = new TempDirectory();
        await using var realm = await DeployedRealm.StartAsync(dir.Path, "async", withStandby: false, TextWriter.Null, Deadline, CancellationToken.None);
        await using var client = Client(realm, window: 1);
        await client.PublishAsync(Channel, Payload(1));
        var realmServer = realm.Layout.Nodes.First(n => n.Site == realm.Layout.PrimeSite).Name;

        Assert.True(realm.Process(realmServer).Pause());
        // The fault's length, not a wait for an event: past the watch detector's 20 s and its reaper's next round.
        await Task.Delay(TimeSpan.FromSeconds(26));
        Assert.True(realm.Process(realmServer).Resume());

        // The client waits out the set's missing quorum on its own; the deadline bounds it.
        var ack = await client.PublishAsync(Channel, Payload(2)).WaitAsync(Deadline);
        Assert.Equal(1, ack.Offset);
        var leader = await PrimaryLeaderAsync(realm);
        var log = await File.ReadAllTextAsync(realm.Process(leader).LogFile);
        Assert.Contains("silent for", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Quarantined", log, StringComparison.Ordinal);
    }

    /// <summary>An application's client of <paramref name="realm"/>, over TLS with the realm's client certificate.</summary>
    private static RealmClient Client(DeployedRealm realm, int window) => RealmClient.Start(new RealmClientSettings
    {
        Realm = "bench",
        ContactPoints = realm.ContactPoints,
        Tls = new RealmClientTls(realm.Files.ClientCertificate!, realm.Files.ClientKey!, realm.Files.CaCertificate!),
        Window = window,
    });

    private static async Task<string> PrimaryLeaderAsync(DeployedRealm realm, string? except = null)
    {
        using var admin = realm.Admin(realm.Layout.Nodes.First(n => n.Site == realm.Layout.PrimeSite));
        return await Eventually.Until(
            async () =>
            {
                var (_, view) = await admin.PersistenceAsync(CancellationToken.None);
                var leader = view.Sets.Single(s => s.Name == RealmLayout.PrimarySet).Leader;
                return leader is not null && leader != except ? leader : null;
            },
            Deadline,
            except is null ? "the primary set's leader" : $"a primary leader other than {except}");
    }

    /// <summary>The channel as <paramref name="server"/> holds it (its own committed copy), as message numbers.</summary>
    private static async Task<int[]> ReadAsync(RealmClient client, DeployedRealm realm, string server)
    {
        var address = realm.Layout.PersistenceServers.Single(s => s.Name == server).Address;
        var path = $"akka.ssl.tcp://bench@{address}/user/persistence-server";
        var numbers = new List<int>();
        long offset = 0;
        while (true)
        {
            var answer = await client.System.ActorSelection(path).Ask<ChannelMessages>(new ReadChannelRequest(offset, Channel, offset, 1000, AnyServer: true), TimeSpan.FromSeconds(10));
            numbers.AddRange(answer.Messages.Select(m => BinaryPrimitives.ReadInt32BigEndian(m.Data.Span)));
            if (answer.Messages.IsEmpty)
            {
                return [.. numbers];
            }

            offset = answer.NextOffset;
        }
    }
}
