using System.Collections.Concurrent;
using System.Globalization;
using ActorRealm.Cluster.Configuration;
using Akka.Actor;
using Akka.Event;
using Akka.Remote;
using Akka.Remote.Transport;
using Xunit.Abstractions;
using HoconConfig = ActorRealm.Hocon.Config;

namespace ActorRealm.Cluster.Tests.Actors;

/// <summary>
/// Real realm nodes (one actor system each, <see cref="RealmActorSystem.Create"/> with a
/// <see cref="RealmSetup"/>) on loopback, in plaintext, with short timings and Akka.Remote's throttle
/// adapter so that links can be blackholed and healed. Nodes are named after their site
/// (<c>main-1</c>, <c>dr-1</c>, ...). Disposing kills every system it started.
/// </summary>
internal sealed class LoopbackRealm : IAsyncDisposable
{
    private readonly List<(string Name, string Site, NodeAddress Address)> _nodes = [];
    private readonly List<ActorSystem> _systems = [];
    private readonly ConcurrentQueue<string> _log = new();
    private readonly TempDirectory _data = new();
    private readonly string _prime;
    private readonly string _extraHocon;
    private readonly ITestOutputHelper? _output;

    /// <param name="layout">Sites and node counts, e.g. <c>main:1,dr:1</c>.</param>
    /// <param name="prime">The initial prime site.</param>
    /// <param name="extraHocon">More configuration for every node.</param>
    /// <param name="output">Where every node's log goes when the realm is disposed (xunit shows it for a failed test).</param>
    public LoopbackRealm(string layout = "main:1,dr:1", string prime = TestNodes.Main, string extraHocon = "", ITestOutputHelper? output = null)
    {
        _output = output;
        _prime = prime;
        _extraHocon = extraHocon;
        var sites = layout.Split(',').Select(s => s.Split(':')).Select(p => (Site: p[0], Count: int.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
        var addresses = RealmNodeConfig.LoopbackAddresses(sites.Sum(s => s.Count) + 1);
        var index = 0;
        foreach (var (site, count) in sites)
        {
            for (var i = 1; i <= count; i++)
            {
                _nodes.Add(($"{site}-{i}", site, addresses[index++]));
            }
        }

        Outsider = addresses[index];
        Layout = new ClusterLayout(_nodes.GroupBy(n => n.Site).Select(g => KeyValuePair.Create(g.Key, g.Select(n => n.Address))));
    }

    /// <summary>The timings and Akka settings every node runs with (before the realm's extra HOCON).</summary>
    public static string Timings { get; } = $$"""
        actorrealm.cluster {
          failure-detector { heartbeat-interval = 250ms, acceptable-heartbeat-pause = 1500ms, first-heartbeat-estimate = 250ms }
          downing.stable-after = 60s
          gossip-interval = 250ms
          leader-actions-interval = 250ms
          join { seed-node-timeout = 1s, retry-interval = 500ms, max-retry-interval = 2s }
          prime-switch { min-unreachable = 500ms, ack-timeout = 2s }
        }
        akka {
          loggers = ["{{typeof(SilentLogger).AssemblyQualifiedName}}"]
          loglevel = INFO
          stdout-loglevel = OFF
          remote {
            dot-netty.tcp.applied-adapters = ["trttl"]
            handshake-timeout = 3s
            retry-gate-closed-for = 300ms
          }
        }
        """;

    /// <summary>The configured members by site.</summary>
    public ClusterLayout Layout { get; }

    /// <summary>A free loopback address that is not in the layout.</summary>
    public NodeAddress Outsider { get; }

    /// <summary>The address of the node called <paramref name="name"/>.</summary>
    public NodeAddress AddressOf(string name) => Node(name).Address;

    /// <summary>The node file of <paramref name="name"/>, resolved (a layout of its own when given, e.g. for a mis-wired node).</summary>
    public HoconConfig Config(string name, string? joinSecret = RealmNodeConfig.JoinSecret, string extra = "", ClusterLayout? layout = null, NodeAddress? address = null)
    {
        var self = address ?? AddressOf(name);
        var seeds = new[] { Layout.MembersOf(_prime).First() }.Concat(Layout.Sites.Where(s => s != _prime).Select(s => Layout.MembersOf(s).First()));
        return TestConfig.Load(RealmNodeConfig.Hocon(layout ?? Layout, _prime, self, seeds, joinSecret, extra: Timings + "\n" + _extraHocon + "\n" + extra));
    }

    /// <summary>A data directory for <paramref name="name"/> (created).</summary>
    public string DataDirectoryOf(string name) => Directory.CreateDirectory(Path.Combine(_data.Path, name)).FullName;

    /// <summary>Starts the node called <paramref name="name"/> as configured (it joins through the seed nodes by itself).</summary>
    public ActorSystem Start(string name, string extra = "", string? dataDirectory = null)
    {
        var config = Config(name, extra: extra);
        return Start(RealmNodeConfig.Setup(config, name, Node(name).Site, AddressOf(name), dataDirectory), config);
    }

    /// <summary>Starts a node from its own setup and configuration (a stranger, a mis-wired node...).</summary>
    public ActorSystem Start(RealmSetup setup, HoconConfig config)
    {
        var system = RealmActorSystem.Create(setup, RealmAkkaConfig.Build(config, setup));
        lock (_systems)
        {
            _systems.Add(system);
        }

        var node = $"{setup.NodeName}#{_systems.Count}";
        var recorder = ((ExtendedActorSystem)system).SystemActorOf(Props.Create(() => new LogRecorder(_log, node)), "test-log-recorder");
        system.EventStream.Subscribe(recorder, typeof(LogEvent));
        return system;
    }

    /// <summary>Starts the named nodes and waits until each serves and sees all of them Up and reachable (heard from).</summary>
    public async Task<ActorSystem[]> StartFormedAsync(params string[] names)
    {
        var systems = names.Select(n => Start(n)).ToArray();
        var all = systems.Select(s => RealmCluster.Get(s).SelfAddress).ToHashSet();
        await Task.WhenAll(systems.Select(s => RealmCluster.Get(s).WhenStatusAsync(status =>
                status.IsServing && status.IsConverged &&
                all.All(a => status.MemberAt(a) is { Status: ClusterMemberStatus.Up, Reachable: true })))
            .Select(t => t.WaitAsync(TimeSpan.FromSeconds(30))));
        return systems;
    }

    /// <summary>Cuts the link between two nodes in both directions (on both ends).</summary>
    public static Task BlackholeAsync(ActorSystem a, ActorSystem b) => ThrottleAsync(a, b, Blackhole.Instance);

    /// <summary>Restores the link between two nodes.</summary>
    public static Task HealAsync(ActorSystem a, ActorSystem b) => ThrottleAsync(a, b, Unthrottled.Instance);

    public async ValueTask DisposeAsync()
    {
        List<ActorSystem> systems;
        lock (_systems)
        {
            systems = [.. _systems];
        }

        await Task.WhenAll(systems.Select(RealmSystems.KillAsync));
        _output?.WriteLine(Log());
        _data.Dispose();
    }

    /// <summary>Every node's log so far (INFO and up), for a failing test's output.</summary>
    public string Log() => string.Join(Environment.NewLine, _log);

    private static async Task ThrottleAsync(ActorSystem a, ActorSystem b, ThrottleMode mode)
    {
        // The throttle manager applies the mode at once and then waits for existing associations to confirm.
        await Task.WhenAll(Command(a, b, mode), Command(b, a, mode));

        static Task<bool> Command(ActorSystem from, ActorSystem to, ThrottleMode mode)
        {
            var transport = ((RemoteActorRefProvider)((ExtendedActorSystem)from).Provider).Transport;
            return transport.ManagementCommand(new SetThrottle(Akka.Cluster.Cluster.Get(to).SelfAddress, ThrottleTransportAdapter.Direction.Both, mode));
        }
    }

    private (string Name, string Site, NodeAddress Address) Node(string name) => _nodes.Single(n => n.Name == name);

    /// <summary>Keeps a node's log events.</summary>
    private sealed class LogRecorder : ReceiveActor
    {
        public LogRecorder(ConcurrentQueue<string> log, string node) =>
            Receive<LogEvent>(e => log.Enqueue($"{e.Timestamp:HH:mm:ss.fff} {node} {e.LogLevel()} {e.LogSource}: {e.Message}{(e.Cause is null ? string.Empty : $" ({e.Cause.GetType().Name}: {e.Cause.Message})")}"));
    }
}
