using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using ActorRealm.Cluster;
using ActorRealm.Cluster.Configuration;
using ActorRealm.Cluster.Joining;
using ActorRealm.Cluster.Remote;
using ActorRealm.Hocon;
using ActorRealm.PersistenceSets.Serialization;
using Akka.Actor;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>
/// A whole realm of real Akka.NET actor systems in this process, on loopback, with the realm's own
/// configuration path (HOCON through <see cref="RealmAkkaConfig"/>, <see cref="RealmSetup"/>), and
/// faults injected with Akka.Remote's throttle transport adapter (blackhole and heal, switched at
/// runtime; see <c>RealmTestCluster.Faults.cs</c>). Akka.Remote.TestKit's multi-node runner is not
/// available here; named steps (<see cref="Step"/>) play the role of its barriers.
/// </summary>
internal sealed partial class RealmTestCluster : IAsyncDisposable
{
    public const string RealmName = "realm";

    /// <summary>Set to <c>1</c> or <c>all</c> for longer logs on failure, and every spec's log at its end.</summary>
    public const string DumpVariable = "ACTORREALM_SPEC_DUMP";
    private const string JoinSecret = "multi-node-spec-join-secret";

    private readonly ITestOutputHelper? _output;
    private readonly List<RealmTestNode> _nodes = [];
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"actorrealm-spec-{Guid.NewGuid():N}");
    private readonly string _layoutHocon;
    private readonly string _extraHocon;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly DateTime _createdUtc = DateTime.UtcNow;
    private readonly SchedulingLag _lag;
    private bool _disposed;

    static RealmTestCluster()
    {
        // Every node of the realm, and every probe system it starts, shares this process's thread
        // pool, and Akka blocks a pool thread while an actor system starts (remoting waits for its
        // transport to bind). With the pool's default minimum (one thread per core) a few systems
        // starting at once starved every node's heartbeats for seconds while the pool grew (a
        // 3.4 s stall of all six nodes made FullPartition6 miss its downing budget). Real nodes each
        // have a process of their own.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
    }

    /// <param name="output">Where steps and, on failure, the nodes' logs go.</param>
    /// <param name="layout">Sites and node counts, e.g. <c>main:2,dr:2</c>; nodes are named <c>main-1</c>, ...</param>
    /// <param name="prime">The initial prime site.</param>
    /// <param name="timings">The cluster timings (default: <see cref="SpecTimings.Default"/>).</param>
    /// <param name="extraHocon">More configuration for every node (wins over the rest).</param>
    /// <param name="persistence">A persistence cluster beside the realm (see <c>RealmTestCluster.Persistence.cs</c>), or null for none.</param>
    public RealmTestCluster(ITestOutputHelper? output, string layout = "main:2,dr:2", string prime = "main", SpecTimings? timings = null, string extraHocon = "", PersistenceSpecLayout? persistence = null)
    {
        _output = output;
        _lag = new SchedulingLag(() => Now);
        Timings = timings ?? SpecTimings.Default;
        _extraHocon = extraHocon;
        var sites = layout.Split(',').Select(s => s.Split(':')).Select(p => (Site: p[0], Count: int.Parse(p[1], CultureInfo.InvariantCulture))).ToList();
        var ports = LoopbackPorts.Take(sites.Sum(s => s.Count) + (persistence is null ? 0 : 2 * persistence.ServersPerSet));
        var index = 0;
        foreach (var (site, count) in sites)
        {
            for (var i = 1; i <= count; i++)
            {
                var name = $"{site}-{i}";
                _nodes.Add(new RealmTestNode(name, site, new NodeAddress("127.0.0.1", ports[index++]), Path.Combine(_root, name)));
            }
        }

        var sb = new StringBuilder("actorrealm.cluster.sites {\n");
        foreach (var (site, _) in sites)
        {
            var addresses = string.Join(", ", _nodes.Where(n => n.Site == site).Select(n => $"\"{n.Address}\""));
            sb.Append(CultureInfo.InvariantCulture, $"  {site} {{ prime = {(site == prime ? "true" : "false")}, nodes = [{addresses}] }}\n");
        }

        sb.Append("}\n");
        var seeds = sites.Select(s => _nodes.First(n => n.Site == s.Site)).OrderBy(n => n.Site == prime ? 0 : 1).Select(n => $"\"{n.Address}\"");
        sb.Append(CultureInfo.InvariantCulture, $"actorrealm.cluster.seed-nodes = [{string.Join(", ", seeds)}]\n");
        _layoutHocon = sb.ToString();
        InstallDowningHook();
        Log($"realm {layout}, prime {prime}: {string.Join(", ", _nodes.Select(n => $"{n.Name}={n.Address}"))}");
        if (persistence is not null)
        {
            DefinePersistence(persistence, [.. ports.Skip(index)]);
        }
    }

    public SpecTimings Timings { get; }

    /// <summary>Printed at the top of every dump (a chaos run's schedule and what its steps did).</summary>
    public Func<string>? DumpHeader { get; set; }

    /// <summary>
    /// How many log lines (all nodes, merged) a dump shows: 200, 2,000 with <c>ACTORREALM_SPEC_DUMP=1</c>,
    /// all with <c>ACTORREALM_SPEC_DUMP=all</c>; a spec may ask for more.
    /// </summary>
    public int DumpLines { get; set; } = Environment.GetEnvironmentVariable(DumpVariable) switch
    {
        "all" => int.MaxValue,
        "1" => 2000,
        _ => 200,
    };

    public IReadOnlyList<RealmTestNode> Nodes => _nodes;

    /// <summary>Time since the cluster was created.</summary>
    public TimeSpan Now => _clock.Elapsed;

    public RealmTestNode this[string name] => _nodes.Single(n => n.Name == name);

    public IEnumerable<RealmTestNode> Site(string site) => _nodes.Where(n => n.Site == site);

    /// <summary>Starts every node (each joins through the seed nodes by itself).</summary>
    public async Task StartAllAsync()
    {
        foreach (var node in _nodes)
        {
            await StartAsync(node.Name);
        }
    }

    /// <summary>Starts every node and waits until each sees all of them Up and serves.</summary>
    public async Task StartAllAndAwaitUpAsync(TimeSpan? deadline = null)
    {
        await StartAllAsync();
        var all = _nodes.ToList();
        await AwaitAllAsync(s => s.IsUpWithExactly(all) && s.IsServing && s.IsConverged, deadline ?? TimeSpan.FromSeconds(30), "every node Up and serving");
        Step("realm formed");
    }

    /// <summary>Starts <paramref name="name"/> (again): a new incarnation that joins through the seed nodes.</summary>
    public async Task<RealmTestNode> StartAsync(string name)
    {
        var node = this[name];
        using (await node.Lifecycle.LockAsync())
        {
            node.Stopped = false;
            node.Starts++;
            _killed.Remove(name);
            await StartIncarnationAsync(node, CreateSetup(node));
        }

        return node;
    }

    /// <summary>Kills a node: nothing it sends arrives any more, and its system ends without leaving.</summary>
    public async Task KillAsync(string name)
    {
        var node = this[name];
        using (await node.Lifecycle.LockAsync())
        {
            node.Stopped = true;
            _killed.Add(name);
            FaultsChanged();
            await ApplyFaultsAsync();
            await CoordinatedShutdown.Get(node.System).Run(KilledReason.Instance, CoordinatedShutdown.PhaseActorSystemTerminate);
            await node.System.WhenTerminated;
        }

        Log($"{name} killed");
    }

    /// <summary>Stops a node gracefully (coordinated shutdown: it leaves the cluster first).</summary>
    public async Task StopAsync(string name)
    {
        var node = this[name];
        using (await node.Lifecycle.LockAsync())
        {
            node.Stopped = true;
            FaultsChanged();
            await CoordinatedShutdown.Get(node.System).Run(CoordinatedShutdown.ClrExitReason.Instance);
            await node.System.WhenTerminated;
        }

        Log($"{name} stopped");
    }

    /// <summary>Kills <paramref name="name"/> if it runs, then starts it again on its address.</summary>
    public async Task<RealmTestNode> RestartAsync(string name)
    {
        if (this[name].IsAlive)
        {
            await KillAsync(name);
        }

        return await StartAsync(name);
    }

    /// <summary>Forms a realm of <paramref name="layout"/> (prime main), runs <paramref name="scenario"/> on it (see <see cref="RunAsync"/>) and disposes it.</summary>
    public static async Task RunFormedAsync(ITestOutputHelper output, string layout, Func<RealmTestCluster, Task> scenario)
    {
        await using var cluster = new RealmTestCluster(output, layout);
        await cluster.RunAsync(async () =>
        {
            await cluster.StartAllAndAwaitUpAsync();
            await scenario(cluster);
        });
    }

    /// <summary>Runs a scenario; when it fails, writes every node's status and log to the test output.</summary>
    public async Task RunAsync(Func<Task> scenario)
    {
        try
        {
            await scenario();
            AssertNoViolations();
            if (Environment.GetEnvironmentVariable(DumpVariable) is "1" or "all")
            {
                _output?.WriteLine(Dump());
            }
        }
        catch (Exception e) when (e is not XunitException { Message: var m } || !m.Contains("\n== ", StringComparison.Ordinal))
        {
            _output?.WriteLine(Dump());
            throw;
        }
    }

    /// <summary>Logs a named step (the specs' barriers).</summary>
    public void Step(string description) => Log($"--- {description} (the thread pool ran {_lag.Since(TimeSpan.Zero).TotalSeconds:0.0} s late so far)");

    /// <summary>Waits until <paramref name="condition"/> holds; returns how long that took.</summary>
    public async Task<TimeSpan> AwaitAsync(Func<bool> condition, TimeSpan deadline, string description)
    {
        var took = await PollAsync(condition, deadline);
        if (took is null)
        {
            Fail($"Timed out after {deadline.TotalSeconds:0.#} s waiting for: {description}");
        }

        Log($"{description}: after {took.Value.TotalSeconds:0.000} s");
        return took.Value;
    }

    /// <summary>Waits until <paramref name="condition"/> holds or <paramref name="deadline"/> passes, without failing; returns how long it waited.</summary>
    public async Task<TimeSpan> WaitUntilAsync(Func<bool> condition, TimeSpan deadline) => await PollAsync(condition, deadline) ?? deadline;

    /// <summary>How long until <paramref name="condition"/> held, or null when <paramref name="deadline"/> passed first; fails on an invariant violation.</summary>
    private async Task<TimeSpan?> PollAsync(Func<bool> condition, TimeSpan deadline)
    {
        var started = _clock.Elapsed;
        while (true)
        {
            AssertNoViolations();
            if (Holds(condition))
            {
                return _clock.Elapsed - started;
            }

            if (_clock.Elapsed - started > deadline)
            {
                return null;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the status of every alive node (or of <paramref name="nodes"/>) satisfies <paramref name="predicate"/>.</summary>
    public Task<TimeSpan> AwaitAllAsync(Func<ClusterStatus, bool> predicate, TimeSpan deadline, string description, IEnumerable<RealmTestNode>? nodes = null)
    {
        var targets = (nodes ?? _nodes.Where(n => n.IsAlive)).ToList();
        return AwaitAsync(() => targets.All(n => n.IsAlive && predicate(n.Status)), deadline, description);
    }

    /// <summary>Waits for <paramref name="task"/> up to <paramref name="deadline"/>.</summary>
    public async Task<T> ResultAsync<T>(Task<T> task, TimeSpan deadline, string description)
    {
        if (await Task.WhenAny(task, Task.Delay(deadline)) != task)
        {
            Fail($"Timed out after {deadline.TotalSeconds:0.#} s waiting for: {description}");
        }

        return await task;
    }

    /// <summary>Lets real time pass (only where a spec must show that nothing happens for a while).</summary>
    public async Task RunForAsync(TimeSpan duration)
    {
        Log($"waiting {duration.TotalSeconds:0.#} s");
        await Task.Delay(duration);
    }

    [DoesNotReturn]
    public void Fail(string message) => throw new XunitException($"{message} (t = {Now.TotalSeconds:0.000} s)\n{Dump()}");

    /// <summary>
    /// The <see cref="DumpHeader"/>, every node's status, then the last <see cref="DumpLines"/> log
    /// lines of all nodes merged in time order (stamped with the time since the cluster was created,
    /// like the steps).
    /// </summary>
    public string Dump()
    {
        var sb = new StringBuilder();
        if (DumpHeader is { } header)
        {
            sb.AppendLine(header());
        }

        foreach (var node in _nodes)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"== {node} alive={node.IsAlive} incarnations={node.Incarnations} starts={node.Starts}");
            if (StatusOrNull(node) is { } s)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"   #{s.Incarnation} self={s.SelfStatus} serving={s.IsServing} {s.Quorum.Explanation}; prime {s.PrimeSite} epoch {s.PrimeEpoch}; leader {s.Leader}");
                foreach (var m in s.Members)
                {
                    sb.AppendLine(CultureInfo.InvariantCulture, $"   {m.Node,-10} {m.Address} #{m.Incarnation} {m.StatusText} reachable={m.Reachable} unreachableFrom=[{string.Join(",", m.UnreachableFrom)}]");
                }
            }
        }

        var lines = DumpLines;
        foreach (var server in _servers)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"== {server} alive={server.IsAlive} incarnations={server.Incarnations} last status read: {server.LastStatus}");
        }

        var merged = _nodes.SelectMany(n => n.Log.Select(l => (Node: n.Name, Line: l)))
            .Concat(_servers.SelectMany(s => s.Log.Select(l => (Node: s.Name, Line: l))))
            .OrderBy(l => l.Line.Time)
            .ToList();
        sb.AppendLine(CultureInfo.InvariantCulture, $"== the last {Math.Min(lines, merged.Count)} of {merged.Count} log lines");
        foreach (var (name, line) in merged.TakeLast(lines))
        {
            var at = (line.Time - _createdUtc).TotalSeconds;
            sb.AppendLine(CultureInfo.InvariantCulture, $"[{at,8:0.000}] {name}#{line.Incarnation} {line.Level.ToString().Replace("Level", string.Empty, StringComparison.Ordinal)} {line.Source}: {line.Message}");
        }

        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _lag.Dispose();
        RemoveDowningHook();
        await Task.WhenAll(_servers.Where(s => s.Incarnations > 0).Select(s => s.Node.StopAsync()));

        foreach (var node in _nodes.Where(n => n.Incarnations > 0))
        {
            using (await node.Lifecycle.LockAsync())
            {
                node.Stopped = true;
                await CoordinatedShutdown.Get(node.System).Run(KilledReason.Instance, CoordinatedShutdown.PhaseActorSystemTerminate);
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    public void Log(string message)
    {
        try
        {
            _output?.WriteLine($"[{Now.TotalSeconds,8:0.000}] {message}");
        }
        catch (InvalidOperationException)
        {
            // A node's thread logged after the spec ended.
        }
    }

    private static bool Holds(Func<bool> condition)
    {
        try
        {
            return condition();
        }
        catch (InvalidOperationException)
        {
            // A node between incarnations.
            return false;
        }
    }

    /// <summary>The transport of every system of the spec (realm nodes, persistence servers, the persistence client), under <c>akka</c>.</summary>
    private const string SpecRemoteHocon = """
        remote {
          dot-netty.tcp.applied-adapters = ["trttl"]
          # With the DotNetty transport Akka takes the association handshake timeout from
          # connection-timeout (15 s by default), not from akka.remote.handshake-timeout: a
          # handshake started during a blackhole would hold the link for 15 s after the heal.
          dot-netty.tcp.connection-timeout = 3s
          retry-gate-closed-for = 500ms
          # The throttle adapter swallows a closed connection on purpose and leaves it to the
          # transport heartbeats (120 s by default) to drop the association: a system that had
          # reached a node before it crashed behind a blackhole kept sending into the dead
          # association for two minutes, also after the heal (a probe system lost every probe).
          transport-failure-detector { heartbeat-interval = 1s, acceptable-heartbeat-pause = 5s }
        }
        """;

    private RealmSetup CreateSetup(RealmTestNode node)
    {
        var config = NodeConfig(node);
        var setup = RealmSetup.Create(RealmName, node.Name, node.Site, [], node.Address, ClusterSettings.FromConfig(config), RemoteSettings.FromConfig(config), node.DataDirectory);
        setup.ProbeSystemStarted = system => OnProbeSystem(node, system);
        return setup;
    }

    private Hocon.Config NodeConfig(RealmTestNode node)
    {
        var text = $$"""
            {{_layoutHocon}}
            {{Timings.Hocon()}}
            actorrealm.remote {
              canonical { hostname = "127.0.0.1", port = {{node.Address.Port}} }
              join-secret = "{{JoinSecret}}"
              transport.tls.enabled = off
            }
            akka {
              loggers = ["ActorRealm.MultiNode.Tests.Harness.SilentLogger, ActorRealm.MultiNode.Tests"]
              loglevel = INFO
              stdout-loglevel = OFF
              {{SpecRemoteHocon}}
            }
            {{_setsHocon}}
            {{_extraHocon}}
            """;
        return ConfigFactory.Load(ConfigFactory.ParseString(text, node.Name), ClusterSettings.Reference);
    }

    private async Task StartIncarnationAsync(RealmTestNode node, RealmSetup setup)
    {
        var config = NodeConfig(node);
        // With persistence sets, the realm node's registry speaks their protocol as the node process's does.
        var system = RealmActorSystem.Create(setup, RealmAkkaConfig.Build(config, setup, _sets is null ? [] : [PersistenceSetsSerializer.Hocon]));
        node.Attach(setup, system);
        StartPersistenceRegistry(system);
        await ApplyFaultsAsync();
        var realm = RealmCluster.Get(system);
        realm.StatusChanged += (_, status) => OnStatusChanged(node, status);
        Log($"{node.Name} incarnation {node.Incarnations} ({realm.SelfNode}) starts{(setup.JoinTargets.IsEmpty ? string.Empty : $", joining {string.Join(", ", setup.JoinTargets)}")}");
        _ = realm.JoinAsync().ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
        _ = RunNextIncarnationAsync(node, system);
    }

    /// <summary>Like the node process: when an incarnation ends because it was downed or moves over, the next one starts.</summary>
    private async Task RunNextIncarnationAsync(RealmTestNode node, ActorSystem system)
    {
        await system.WhenTerminated;
        var reason = CoordinatedShutdown.Get(system).ShutdownReason;
        if (reason is not (CoordinatedShutdown.ClusterDowningReason or RejoinReason))
        {
            return;
        }

        using (await node.Lifecycle.LockAsync())
        {
            // The spec may have killed, stopped or restarted the node meanwhile.
            if (_disposed || node.Stopped || node.System != system)
            {
                return;
            }

            var realm = RealmCluster.Get(system);
            Log($"{node.Name} incarnation {node.Incarnations} ended ({reason}); starting the next one");
            await StartIncarnationAsync(node, realm.Setup.NextIncarnation(realm.NextJoinTargets));
        }
    }

    /// <summary>Why a spec ended a node's system abruptly.</summary>
    private sealed class KilledReason : CoordinatedShutdown.Reason
    {
        public static readonly KilledReason Instance = new();

        public override int ExitCode => 137;

        public override string ToString() => "killed by the spec";
    }
}
