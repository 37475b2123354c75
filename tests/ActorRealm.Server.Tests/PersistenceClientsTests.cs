using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ActorRealm.Cluster.Remote;
using ActorRealm.Cluster;
using ActorRealm.PersistenceSets.RealmLink;
using ActorRealm.PersistenceSets.Serialization;
using ActorRealm.PersistenceSets.Status;
using ActorRealm.Server.Admin;
using ActorRealm.Server.Tests.Support;
using Akka.Actor;
using Microsoft.Extensions.Logging.Abstractions;
using AkkaConfigurationFactory = Akka.Configuration.ConfigurationFactory;

namespace ActorRealm.Server.Tests;

/// <summary>
/// Persistence servers as clients of the realm servers of their site (ADR 0071), with real realm nodes in this process:
/// the registry admits or refuses, pushes the quorum verdict (a lease the client loses when its realm server goes), and
/// each realm server's <c>/api/persistence</c> shows its clients live and every other defined server offline. The
/// persistence server here is its link alone (the replication server reports through it), on its own remoting system.
/// </summary>
public sealed class PersistenceClientsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_client_is_live_at_its_realm_server_offline_at_the_other_and_loses_its_lease_when_the_realm_server_goes()
    {
        using var realm = LocalRealm.Create("main:1,dr:1", tls: false);
        var ports = LoopbackPorts.Take(2);
        var sets = Sets(ports);
        var main = await RealmNode.StartAsync(realm.Configuration("main-1", sets), NullLoggerFactory.Instance);
        await using var dr = await RealmNode.StartAsync(realm.Configuration("dr-1", sets), NullLoggerFactory.Instance);
        using var a1 = PersistenceSystem(ports[0]);
        using var b1 = PersistenceSystem(ports[1]);
        try
        {
            await Eventually.Until(async () => (await realm.Client("main-1").StatusAsync(CancellationToken.None)).Status is { Ready: true } s ? s : null, Deadline, "main-1 ready");

            var a1Lease = new Announcements();
            var link = a1.ActorOf(RealmLinkActor.Props(LinkSettings(realm, "main-1", new PersistenceServerHello("a1", "_setA", "main")), a1.ActorOf(a1Lease.Props())));
            var granted = await Eventually.Until(() => Task.FromResult(a1Lease.Latest is { HasQuorum: true } l ? l : null), Deadline, "a1's lease from main-1");
            Assert.Contains("quorum, from realm server 'main-1'", granted.Explanation, StringComparison.Ordinal);

            link.Tell(new PersistenceStatusReport(new PersistenceServerStatus("a1", "_setA", "main", SetRole.Primary, PersistenceRole.Leader, 3, 0, 42, 41, "a1", null, new StandbyLag(2, 512, TimeSpan.FromMilliseconds(300)), DateTimeOffset.UtcNow)));
            var mainView = await Eventually.Until(
                async () => await main.PersistenceAsync(CancellationToken.None) is { } v && v.Sets.Single(s => s.Name == "_setA").Live == 1 ? v : null,
                Deadline,
                "a1 live at main-1");
            var a1View = mainView.Sets.Single(s => s.Name == "_setA").Servers.Single();
            Assert.Equal(("live", "leader", 3L, 42L, 41L, 2L), (a1View.State, a1View.Role, a1View.Term, a1View.LastIndex, a1View.CommittedIndex, a1View.StandbyLagMessages));
            Assert.Equal(("_setA", "primary", "a1"), (mainView.Sets[0].Name, mainView.Sets[0].Role, mainView.Sets[0].Leader));
            Assert.Equal(PersistenceServerView.OfflineText, mainView.Sets.Single(s => s.Name == "_setB").Servers.Single().Summary);

            // The DR realm server has no client: both sets are offline from its perspective.
            var drView = (await dr.PersistenceAsync(CancellationToken.None))!;
            Assert.All(drView.Sets.SelectMany(s => s.Servers), s => Assert.Equal("offline", s.State));

            // Over HTTP, with the admin token.
            using var http = new HttpClient { BaseAddress = new Uri($"http://{realm.Node("main-1").AdminAddress}/") };
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("api/persistence")).StatusCode);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", realm.Files.AdminToken);
            var json = await http.GetFromJsonAsync("api/persistence", AdminJsonContext.Instance.PersistenceStatusView);
            Assert.Equal(("main-1", "main", "async"), (json!.RealmServer, json.Site, json.StandbyReplication));
            Assert.Equal("live", json.Sets.Single(s => s.Name == "_setA").Servers.Single().State);

            // A newer epoch reported by a client of dr-1 reaches a1 through main-1: the realm servers' registries tell each other.
            var b1AtDr = new Announcements();
            var drLink = b1.ActorOf(RealmLinkActor.Props(LinkSettings(realm, "dr-1", new PersistenceServerHello("b1", "_setB", "dr")), b1.ActorOf(b1AtDr.Props())));
            await Eventually.Until(() => Task.FromResult(b1AtDr.Latest), Deadline, "b1 to be a client of dr-1");
            Assert.Null(a1Lease.Notice);
            drLink.Tell(new PersistenceStatusReport(new PersistenceServerStatus("b1", "_setB", "dr", SetRole.Primary, PersistenceRole.Leader, 1, 2, 50, 50, "b1", null, null, DateTimeOffset.UtcNow, EpochPrimarySet: "_setB", EpochFirstIndex: 45)));
            Assert.Equal(new RealmEpochNotice(2, "_setB", 45), await Eventually.Until(() => Task.FromResult(a1Lease.Notice), Deadline, "main-1 to tell a1 of epoch 2"));
            Assert.Null(b1AtDr.Notice);

            // b1 runs at the DR site: main-1 refuses it, naming why.
            var b1Lease = new Announcements();
            var refusedAt = realm.Node("main-1").Address;
            b1.ActorOf(RealmLinkActor.Props(LinkSettings(realm, "main-1", new PersistenceServerHello("b1", "_setB", "dr")), b1.ActorOf(b1Lease.Props())));
            var refusal = await Eventually.Until(() => Task.FromResult(b1Lease.Refusal), Deadline, "main-1 to refuse b1");
            Assert.Equal("main-1", refusal.RealmServer);
            Assert.Equal("'b1' runs at site 'dr'; this realm server is at site 'main', and a persistence server is a client of a realm server of its own site.", refusal.Reason);
            Assert.Null(b1Lease.Latest);
            Assert.Equal("offline", (await main.PersistenceAsync(CancellationToken.None))!.Sets.Single(s => s.Name == "_setB").Servers.Single().State);

            // main-1 stops: a1's link loses it, and with it the quorum (no other realm server of main to move to).
            await main.StopAsync();
            var lost = await Eventually.Until(() => Task.FromResult(a1Lease.Latest is { HasQuorum: false } l ? l : null), Deadline, "a1 to lose its lease");
            Assert.Contains("no quorum", lost.Explanation, StringComparison.Ordinal);
            Assert.DoesNotContain(refusedAt, lost.Explanation, StringComparison.Ordinal);
        }
        finally
        {
            await main.DisposeAsync();
        }
    }

    /// <summary>
    /// The registry shows a client's last status only while the client speaks (ADR 0080): a server that says hello
    /// again from a new incarnation replaces the old one's status at once, and one that falls silent (a paused process)
    /// shows offline after <c>lost-after</c>, not as its last status until a failure detector gives up. When it speaks
    /// again, it is a client again.
    /// </summary>
    [Fact]
    public async Task A_restarted_client_replaces_its_old_status_and_a_silent_one_shows_offline_until_it_speaks_again()
    {
        using var realm = LocalRealm.Create("main:1,dr:1", tls: false);
        var ports = LoopbackPorts.Take(2);
        var sets = Sets(ports);
        await using var main = await RealmNode.StartAsync(realm.Configuration("main-1", sets), NullLoggerFactory.Instance);
        await using var dr = await RealmNode.StartAsync(realm.Configuration("dr-1", sets), NullLoggerFactory.Instance);
        using var a1 = PersistenceSystem(ports[0]);
        await Eventually.Until(async () => (await realm.Client("main-1").StatusAsync(CancellationToken.None)).Status is { Ready: true } s ? s : null, Deadline, "main-1 ready");
        var registry = a1.ActorSelection(LinkSettings(realm, "main-1", new PersistenceServerHello("a1", "_setA", "main")).RegistryPath(NodeAddress.Parse(realm.Node("main-1").Address)));
        var hello = new PersistenceServerHello("a1", "_setA", "main");

        // The first incarnation leads and serves, then the second one (restarted) says hello and follows.
        var first = a1.ActorOf(Akka.Actor.Props.Create(() => new FakeClient(registry, hello, Status(PersistenceRole.Leader, term: 3, serving: true))));
        await Eventually.Until(async () => await A1At(main) is { Role: "leader", Serving: true } v ? v : null, Deadline, "the first incarnation live as the serving leader");
        var second = a1.ActorOf(Akka.Actor.Props.Create(() => new FakeClient(registry, hello, Status(PersistenceRole.Member, term: 4, serving: false))));
        var replaced = await Eventually.Until(async () => await A1At(main) is { Role: "member" } v ? v : null, Deadline, "the second incarnation's status");
        Assert.Equal(4L, replaced.Term);
        var listed = (await main.PersistenceRealmAsync(CancellationToken.None))!.Servers.Where(s => s.Name == "a1").ToList();
        Assert.Single(listed);
        Assert.False(listed[0].Serving);

        // The second falls silent (frozen): offline after lost-after, its last status no longer shown.
        second.Tell(FakeClient.Freeze.Instance);
        first.Tell(PoisonPill.Instance);
        await Eventually.Until(async () => (await main.PersistenceAsync(CancellationToken.None))!.Sets.Single(s => s.Name == "_setA").Servers.Single().State == "offline" ? "offline" : null, Deadline, "a silent a1 offline");
        Assert.DoesNotContain((await main.PersistenceRealmAsync(CancellationToken.None))!.Servers, s => s.Name == "a1");

        // It speaks again (a hello, as its link says after silence): a client again.
        second.Tell(FakeClient.Thaw.Instance);
        await Eventually.Until(async () => await A1At(main) is { Role: "member" } v ? v : null, Deadline, "a1 live again");
    }

    [Fact]
    public void A_lease_of_at_least_min_unreachable_is_refused_at_start()
    {
        using var realm = LocalRealm.Create("main:1,dr:1", tls: false);
        var problem = Assert.ThrowsAny<Exception>(() => realm.Configuration("main-1", Sets(LoopbackPorts.Take(2)).Replace("lease = 800ms", "lease = 1s", StringComparison.Ordinal)));
        Assert.Contains("actorrealm.persistence.realm-link.lease (1 s) must be shorter than actorrealm.cluster.prime-switch.min-unreachable (1 s)", problem.Message, StringComparison.Ordinal);
    }

    private static string Sets(int[] ports) => $$"""
        actorrealm.persistence {
          sets {
            _setA { site = main, servers = [ { name = a1, address = "127.0.0.1:{{ports[0]}}" } ] }
            _setB { site = dr, servers = [ { name = b1, address = "127.0.0.1:{{ports[1]}}" } ] }
          }
          primary-set = _setA
          # The test realm's min-unreachable is 1 s: the lease must be shorter.
          realm-link { lease = 800ms, push-interval = 200ms, retry-interval = 500ms, lost-after = 1s }
        }
        """;

    private static RealmLinkSettings LinkSettings(LocalRealm realm, string realmServer, PersistenceServerHello hello) =>
        new("test", "akka.tcp", [NodeAddress.Parse(realm.Node(realmServer).Address)], hello, TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1));

    /// <summary>A persistence server's own remoting system (not a cluster member) on its configured port.</summary>
    private static ActorSystem PersistenceSystem(int port) => ActorSystem.Create(
        "persistence",
        AkkaConfigurationFactory.ParseString($$"""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = {{port}} }
            akka.loglevel = WARNING
            akka.stdout-loglevel = WARNING
            {{PersistenceSetsSerializer.Hocon}}
            """));

    private static async Task<PersistenceServerStatusView?> A1At(RealmNode node) =>
        (await node.PersistenceAsync(CancellationToken.None))!.Sets.Single(s => s.Name == "_setA").Servers.Single() is { State: "live" } v ? v : null;

    private static PersistenceServerStatus Status(PersistenceRole role, long term, bool serving) =>
        new("a1", "_setA", "main", SetRole.Primary, role, term, 0, 42, 41, role == PersistenceRole.Leader ? "a1" : null, null, null, DateTimeOffset.UtcNow, Serving: serving);

    /// <summary>A persistence server as its realm server sees it: a hello, then its status every 200 ms until frozen.</summary>
    private sealed class FakeClient : ReceiveActor, IWithTimers
    {
        public FakeClient(ActorSelection registry, PersistenceServerHello hello, PersistenceServerStatus status)
        {
            var frozen = false;
            Receive<PersistenceServerWelcome>(_ => Timers.StartPeriodicTimer("report", Report.Instance, TimeSpan.FromMilliseconds(200)));
            Receive<Report>(_ =>
            {
                if (!frozen)
                {
                    registry.Tell(new PersistenceStatusReport(status));
                }
            });
            Receive<Freeze>(_ => frozen = true);
            Receive<Thaw>(_ =>
            {
                frozen = false;
                registry.Tell(hello);
            });
            ReceiveAny(_ => { });
            registry.Tell(hello);
        }

        public ITimerScheduler Timers { get; set; } = null!;

        public sealed class Report
        {
            public static readonly Report Instance = new();
        }

        public sealed class Freeze
        {
            public static readonly Freeze Instance = new();
        }

        public sealed class Thaw
        {
            public static readonly Thaw Instance = new();
        }
    }

    /// <summary>Records what a link announces.</summary>
    private sealed class Announcements
    {
        private readonly ConcurrentQueue<object> _seen = new();

        public QuorumLeaseChanged? Latest => _seen.OfType<QuorumLeaseChanged>().LastOrDefault();

        public PersistenceServerRefused? Refusal => _seen.OfType<PersistenceServerRefused>().LastOrDefault();

        public RealmEpochNotice? Notice => _seen.OfType<RealmEpochNotice>().LastOrDefault();

        public Props Props() => Akka.Actor.Props.Create(() => new Recorder(_seen));

        private sealed class Recorder : ReceiveActor
        {
            public Recorder(ConcurrentQueue<object> seen) => ReceiveAny(seen.Enqueue);
        }
    }
}
