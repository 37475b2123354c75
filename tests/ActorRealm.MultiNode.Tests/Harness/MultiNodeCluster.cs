using System.Collections.Concurrent;
using System.Collections.Immutable;
using ActorRealm.Actors;
using ActorRealm.Actors.Deterministic;
using ActorRealm.Cluster;
using ActorRealm.Cluster.FailureDetection;
using ActorRealm.Cluster.Serialization;
using ActorRealm.Remote;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>
/// A realm of N nodes in one process for a multi-node spec: every node is an actor system with the
/// cluster extension over the in-memory transport with fault injection, all in one deterministic
/// <see cref="Simulation"/> on virtual time (a seed gives the same run). Offers faults
/// (<see cref="Blackhole"/>, <see cref="Heal"/>, <see cref="Kill"/>, <see cref="Restart"/>), waits on
/// virtual deadlines, named steps, and checks the invariants at every status change of any node.
/// </summary>
internal sealed partial class MultiNodeCluster : IDisposable
{
    /// <summary>The simulation's start (virtual wall clock), so log lines show seconds since the start.</summary>
    public static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const int Port = 2552;

    private readonly ITestOutputHelper? _output;
    private readonly List<SimNode> _nodes = [];
    private readonly ConcurrentQueue<LogLine> _log = new();
    private readonly string _root;
    private bool _disposed;

    /// <param name="seed">Seeds the simulation (interleavings, uids, drops).</param>
    /// <param name="output">The test's output (unused while the spec passes; failures carry a dump).</param>
    /// <param name="layout">Sites and node counts, the prime site first unless <paramref name="prime"/> says otherwise: <c>main:3,dr:3</c>.</param>
    /// <param name="prime">The initial prime site (default: the first site).</param>
    /// <param name="tweak">Changes to the spec's cluster settings.</param>
    public MultiNodeCluster(int seed, ITestOutputHelper? output, string layout = "main:2,dr:2", string? prime = null, Func<ClusterSettings, ClusterSettings>? tweak = null)
    {
        _output = output;
        Seed = seed;
        Sim = new Simulation(seed, start: Epoch);
        Net = new SimNetwork(Sim);
        _root = Path.Combine(Path.GetTempPath(), "actorrealm-multinode", $"{seed}-{Guid.NewGuid():N}");
        var sites = layout.Split(',').Select(s => s.Split(':')).Select(p => (Site: p[0], Count: int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToList();
        foreach (var (site, count) in sites)
        {
            for (var i = 1; i <= count; i++)
            {
                var name = $"{site}-{i}";
                _nodes.Add(new SimNode(name, site, new NodeAddress(name, Port), Path.Combine(_root, name)));
            }
        }

        var primeSite = prime ?? sites[0].Site;
        var settings = new ClusterSettings
        {
            SeedNodes = [.. sites.Select(s => new NodeAddress($"{s.Site}-1", Port))],
            Sites = sites.ToImmutableSortedDictionary(
                s => s.Site,
                s => new SiteSettings(s.Site == primeSite, [.. _nodes.Where(n => n.Site == s.Site).Select(n => n.Address)]),
                StringComparer.Ordinal),
            FailureDetector = new FailureDetectorSettings
            {
                HeartbeatInterval = TimeSpan.FromMilliseconds(500),
                AcceptableHeartbeatPause = TimeSpan.FromSeconds(2),
                FirstHeartbeatEstimate = TimeSpan.FromMilliseconds(500),
            },
            StableAfter = TimeSpan.FromSeconds(3),
            PrimeSwitchMinUnreachable = TimeSpan.FromSeconds(10),
            PrimeSwitchAckTimeout = TimeSpan.FromSeconds(3),
            GossipInterval = TimeSpan.FromMilliseconds(500),
            LeaderActionsInterval = TimeSpan.FromMilliseconds(500),
            Join = new JoinSettings { SeedNodeTimeout = TimeSpan.FromSeconds(2), RetryInterval = TimeSpan.FromMilliseconds(500), MaxRetryInterval = TimeSpan.FromSeconds(2) },
        };
        Settings = tweak is null ? settings : tweak(settings);
    }

    public int Seed { get; }

    public Simulation Sim { get; }

    public SimNetwork Net { get; }

    public ClusterSettings Settings { get; }

    public IReadOnlyList<SimNode> Nodes => _nodes;

    /// <summary>Nodes running and not being stopped by the spec.</summary>
    public IEnumerable<SimNode> Alive => _nodes.Where(n => n.IsAlive && !n.IsStopping);

    public TimeSpan Now => Sim.Time.Elapsed;

    /// <summary>The budget from a crash or cut to Down: acceptable pause + stable-after + 2 s (the acceptance figure).</summary>
    public TimeSpan DowningBudget => Settings.FailureDetector.AcceptableHeartbeatPause + Settings.StableAfter + TimeSpan.FromSeconds(2);

    public SimNode this[string name] => _nodes.Single(n => n.Name == name);

    public IEnumerable<SimNode> Site(string site) => _nodes.Where(n => n.Site == site);

    /// <summary>Starts every node and asks each to join the seed nodes.</summary>
    public void StartAll()
    {
        foreach (var node in _nodes)
        {
            Start(node);
        }
    }

    /// <summary>Starts every node and waits until all are Up and see each other Up.</summary>
    public void StartAllAndAwaitUp(TimeSpan? deadline = null)
    {
        Step("start");
        StartAll();
        AwaitAll(s => s.SelfStatus == ClusterMemberStatus.Up && s.Members.Count(m => m.Status == ClusterMemberStatus.Up) == _nodes.Count && s.IsServing, deadline ?? TimeSpan.FromSeconds(30), "every node Up and serving");
    }

    /// <summary>Crashes a node: its links drop everything, its transport goes, its system stops (no graceful leave reaches anyone).</summary>
    public void Kill(string name)
    {
        var node = this[name];
        Step($"kill {name}");
        node.Killed(node.Provider.Remoting.DisposeAsync().AsTask());
        ApplyFaults();
        _ = node.System.Terminate();
        FaultsChanged();
    }

    /// <summary>Stops a node the way SIGTERM does: its actor system terminates, leaving the cluster first (coordinated shutdown).</summary>
    public Task Stop(string name)
    {
        var node = this[name];
        Step($"stop {name}");
        node.Stopping();
        return node.System.Terminate();
    }

    /// <summary>Starts a killed node again: same address and data directory, a new incarnation, joining the seeds.</summary>
    public SimNode Restart(string name)
    {
        var node = this[name];
        if (node.IsAlive)
        {
            throw new InvalidOperationException($"{name} is running; kill it first.");
        }

        Step($"restart {name}");
        Await(() => node.TransportStopped.IsCompleted, TimeSpan.FromSeconds(10), $"the killed {name} released its port");
        Start(node);
        ApplyFaults();
        FaultsChanged();
        return node;
    }

    /// <summary>A named step: logged, and checked for invariant violations so far.</summary>
    public void Step(string name)
    {
        _log.Enqueue(new LogLine(Now, "spec", Microsoft.Extensions.Logging.LogLevel.Information, "spec", $"===== {name}"));
        AssertNoViolations();
    }

    /// <summary>Runs until every (alive, or given) node's status satisfies <paramref name="predicate"/>, or fails with a dump.</summary>
    public void AwaitAll(Func<ClusterStatus, bool> predicate, TimeSpan virtualDeadline, string description, IEnumerable<SimNode>? nodes = null)
    {
        var targets = (nodes ?? Alive).ToList();
        Await(() => targets.All(n => n.IsAlive && predicate(n.Status)), virtualDeadline, description);
    }

    /// <summary>Runs until <paramref name="condition"/> holds (returns the virtual time it took) or fails with a dump.</summary>
    public TimeSpan Await(Func<bool> condition, TimeSpan virtualDeadline, string description)
    {
        var start = Now;
        if (!Sim.RunUntil(condition, virtualDeadline))
        {
            Fail($"Not reached within {virtualDeadline.TotalSeconds:0.#} s of virtual time: {description}.");
        }

        AssertNoViolations();
        return Now - start;
    }

    /// <summary>Runs the simulation for a while (invariants are checked all along).</summary>
    public void RunFor(TimeSpan duration)
    {
        Sim.RunFor(duration);
        AssertNoViolations();
    }

    /// <summary>Runs the simulation until <paramref name="task"/> completes.</summary>
    public T Result<T>(Task<T> task, TimeSpan virtualDeadline, string description)
    {
        Await(() => task.IsCompleted, virtualDeadline, description);
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Fails the spec with the status of every node and the end of the log.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public void Fail(string message) => throw new XunitException($"{message} (seed {Seed}, t = {Now.TotalSeconds:0.000} s)\n{Dump()}");

    public string Dump()
    {
        var lines = new List<string>();
        foreach (var node in _nodes)
        {
            if (node.Cluster is null)
            {
                lines.Add($"{node.Name}: never started");
                continue;
            }

            var s = node.Status;
            lines.Add($"{node.Name} alive={node.IsAlive} status={s.SelfStatus} serving={s.IsServing} prime={s.Prime} leader={s.Leader} {s.Quorum.Explanation}");
            lines.AddRange(s.Members.Select(m => $"    {m.Node,-22} {m.Site,-5} {m.StatusText,-8} reachable={m.Reachable} inc={m.Incarnation}"));
        }

        lines.Add("---- log (last 400 lines)");
        lines.AddRange(_log.TakeLast(400).Select(l => l.ToString()));
        return string.Join('\n', lines);
    }

    /// <summary>Every log line of the run (all nodes), in order.</summary>
    public IReadOnlyList<LogLine> Log => [.. _log];

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var node in _nodes.Where(n => n.IsAlive))
        {
            _ = node.Provider.Remoting.DisposeAsync().AsTask();
        }

        Sim.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temporary folder.
        }
    }

    private void Start(SimNode node)
    {
        var logs = new LogCapture(node.Name, Sim.Time, _log);
        var system = RemoteActorSystem.Create(
            Sim,
            "realm",
            new RemoteSetup
            {
                Settings = SimNetwork.RemoteSettings(node.Address),
                Transport = (settings, _, loggers) => Net.Network.CreateTransport(settings.Transport, loggers),
                Serialization = registry => ClusterSerialization.Register(registry),
                FaultInjector = Net.Faults,
            },
            setup: new ActorSystemSetup { LoggerFactory = logs });
        var cluster = Cluster.Cluster.Start(system, new ClusterSetup
        {
            NodeName = node.Name,
            Site = node.Site,
            DataDirectory = node.DataDirectory,
            Settings = Settings,
        });
        node.Started(system, cluster, system.Remote(), logs);
        cluster.StatusChanged += (_, _) => CheckInvariants();
        cluster.DowningIssued = (downer, downed) => CheckDowning(node, downer, downed);
        _ = cluster.JoinSeedNodesAsync();
    }
}
