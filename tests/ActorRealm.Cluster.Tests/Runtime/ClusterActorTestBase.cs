using System.Collections.Concurrent;
using System.Collections.Immutable;
using ActorRealm.Actors;
using ActorRealm.Actors.Deterministic;
using ActorRealm.Cluster.FailureDetection;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Serialization;
using ActorRealm.Remote;
using ActorRealm.Remote.Security;
using ActorRealm.Remote.Transport.InMemory;
using ActorRealm.TestKit;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Cluster.Tests.Runtime;

/// <summary>
/// One real cluster node ("node", site main) and one scripted peer ("peer", site main) in a
/// simulation over the in-memory transport. The peer is a remote actor system whose
/// <c>/system/cluster/core</c> and <c>/system/cluster/heartbeat-receiver</c> forward to test probes, so
/// a test plays the other node's part message by message. The dr site (two nodes) never starts.
/// </summary>
public abstract class ClusterActorTestBase : TestKitBase
{
    protected const string Realm = "realm";
    protected static readonly NodeAddress NodeAddress = new("node", 2552);
    protected static readonly NodeAddress PeerAddress = new("peer", 2552);
    protected static readonly ImmutableArray<NodeAddress> DrAddresses = [new("dr-1", 2552), new("dr-2", 2552)];

    private static readonly JoinSecret Secret = new("cluster-actor-tests");
    private readonly InMemoryNetwork _network;

    protected ClusterActorTestBase(int seed, bool nodeIsFirstSeed)
        : base(seed, new Simulation(seed))
    {
        _network = new InMemoryNetwork(Simulation!.Time, Simulation.Executor.Post, TimeSpan.FromMilliseconds(1));
        Settings = new ClusterSettings
        {
            SeedNodes = nodeIsFirstSeed ? [NodeAddress, PeerAddress] : [PeerAddress],
            Sites = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new[]
            {
                KeyValuePair.Create("main", new SiteSettings(true, [NodeAddress, PeerAddress])),
                KeyValuePair.Create("dr", new SiteSettings(false, DrAddresses)),
            }),
            FailureDetector = new FailureDetectorSettings
            {
                HeartbeatInterval = TimeSpan.FromMilliseconds(500),
                AcceptableHeartbeatPause = TimeSpan.FromSeconds(2),
                FirstHeartbeatEstimate = TimeSpan.FromMilliseconds(500),
            },
            StableAfter = TimeSpan.FromSeconds(3),
            PrimeSwitchMinUnreachable = TimeSpan.FromSeconds(10),
            GossipInterval = TimeSpan.FromMilliseconds(500),
            LeaderActionsInterval = TimeSpan.FromMilliseconds(500),
            Join = new JoinSettings { SeedNodeTimeout = TimeSpan.FromSeconds(2), RetryInterval = TimeSpan.FromMilliseconds(500), MaxRetryInterval = TimeSpan.FromSeconds(2) },
        };
        NodeSystem = StartSystem(NodeAddress, NodeLogs);
        Cluster = Cluster.Start(NodeSystem, new ClusterSetup { NodeName = "node", Site = "main", DataDirectory = DataPath, Settings = Settings });
        PeerSystem = StartSystem(PeerAddress, new Logs());
        PeerCore = CreateTestProbe(PeerSystem, "peer-core");
        PeerHeartbeats = CreateTestProbe(PeerSystem, "peer-heartbeats");
        PeerSystem.SystemActorOf(Props.Create(() => new FakeClusterDaemon(PeerCore, PeerHeartbeats)), "cluster");
        Peer = new NodeId(PeerAddress, 77);
    }

    protected ClusterSettings Settings { get; }

    private readonly TempDirectory _data = new();

    /// <summary>The node's data directory (its prime epoch file).</summary>
    protected string DataPath => _data.Path;

    protected Logs NodeLogs { get; } = new();

    protected ActorSystem NodeSystem { get; }

    protected Cluster Cluster { get; }

    protected ActorSystem PeerSystem { get; }

    /// <summary>What the node sends to the peer's cluster core.</summary>
    protected TestProbe PeerCore { get; }

    /// <summary>What the node sends to the peer's heartbeat receiver.</summary>
    protected TestProbe PeerHeartbeats { get; }

    /// <summary>The peer's incarnation in the messages the test sends.</summary>
    protected NodeId Peer { get; }

    protected NodeId Self => Cluster.SelfNode;

    /// <summary>The node's core, seen from the peer.</summary>
    protected IActorRef NodeCore => PeerSystem.ResolveActorRef(new RootActorPath(new Address(Address.RealmProtocol, Realm, NodeAddress.Host, NodeAddress.Port)) / "system" / "cluster" / "core");

    /// <summary>The node's heartbeat receiver, seen from the peer.</summary>
    protected IActorRef NodeHeartbeatReceiver =>
        PeerSystem.ResolveActorRef(new RootActorPath(new Address(Address.RealmProtocol, Realm, NodeAddress.Host, NodeAddress.Port)) / "system" / "cluster" / "heartbeat-receiver");

    protected static PrimeState Prime => PrimeState.Initial("main");

    /// <summary>Runs the simulation for a while.</summary>
    protected void RunFor(TimeSpan duration) => Simulation!.RunFor(duration);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Simulation!.Dispose();
            _data.Dispose();
        }
    }

    private ActorSystem StartSystem(NodeAddress address, Logs logs) =>
        RemoteActorSystem.Create(
            Simulation!,
            Realm,
            new RemoteSetup
            {
                Settings = new RemoteSettings
                {
                    CanonicalHostname = address.Host,
                    CanonicalPort = address.Port,
                    JoinSecret = Secret,
                    Transport = new TransportSettings { Tls = new TlsSettings { Enabled = false } },
                },
                Transport = (settings, _, loggers) => _network.CreateTransport(settings.Transport, loggers),
                Serialization = registry => ClusterSerialization.Register(registry),
            },
            setup: new ActorSystemSetup { LoggerFactory = logs });

    /// <summary>Captured log lines.</summary>
    protected sealed class Logs : ILoggerFactory
    {
        private readonly ConcurrentQueue<(LogLevel Level, string Message)> _lines = new();

        public IReadOnlyList<(LogLevel Level, string Message)> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new Logger(_lines);

        public void AddProvider(ILoggerProvider provider)
        {
        }

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(LogLevel, string)> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    lines.Enqueue((logLevel, formatter(state, exception)));
                }
            }
        }
    }

    /// <summary>The peer's <c>/system/cluster</c>: its core and heartbeat receiver forward to probes.</summary>
    private sealed class FakeClusterDaemon : ReceiveActor
    {
        private readonly IActorRef _core;
        private readonly IActorRef _heartbeats;

        public FakeClusterDaemon(IActorRef core, IActorRef heartbeats)
        {
            _core = core;
            _heartbeats = heartbeats;
        }

        protected override void PreStart()
        {
            Context.ActorOf(Props.Create(() => new Forwarder(_core)), "core");
            Context.ActorOf(Props.Create(() => new Forwarder(_heartbeats)), "heartbeat-receiver");
        }
    }

    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef target) => ReceiveAny(message => target.Forward(message));
    }
}
