using System.Collections.Concurrent;
using ActorRealm.Cluster;
using Akka.Actor;
using Akka.Event;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>One log event of a node, with the incarnation that wrote it.</summary>
internal sealed record LogLine(DateTime Time, LogLevel Level, string Source, string Message, int Incarnation);

/// <summary>
/// One realm server node of a <see cref="RealmTestCluster"/>: a name, a site, a fixed loopback port
/// and data directory, and the actor system of its current incarnation. Like the node process, it
/// starts a new incarnation by itself when the running one ends because it was downed or moves over
/// to another cluster of the realm.
/// </summary>
internal sealed class RealmTestNode
{
    private readonly ConcurrentQueue<LogLine> _log = new();
    private volatile ActorSystem? _system;
    private volatile RealmSetup? _setup;

    public RealmTestNode(string name, string site, NodeAddress address, string dataDirectory)
    {
        Name = name;
        Site = site;
        Address = address;
        DataDirectory = dataDirectory;
    }

    public string Name { get; }

    public string Site { get; }

    public NodeAddress Address { get; }

    public string DataDirectory { get; }

    /// <summary>The current incarnation's actor system.</summary>
    public ActorSystem System => _system ?? throw new InvalidOperationException($"{Name} has not been started.");

    /// <summary>The current incarnation's realm extension.</summary>
    public RealmCluster Realm => RealmCluster.Get(System);

    /// <summary>The current incarnation's status.</summary>
    public ClusterStatus Status => Realm.CurrentStatus;

    /// <summary>The current incarnation's setup.</summary>
    public RealmSetup Setup => _setup ?? throw new InvalidOperationException($"{Name} has not been started.");

    /// <summary>How many times the spec started this node (a kill and restart is one more; rejoining by itself is not).</summary>
    public int Starts { get; set; }

    /// <summary>How many actor systems this node has run (its incarnations, rejoins included).</summary>
    public int Incarnations { get; private set; }

    /// <summary>Whether the spec killed or stopped it (it starts no further incarnation by itself).</summary>
    public bool Stopped { get; set; }

    /// <summary>Whether an incarnation is running.</summary>
    public bool IsAlive => _system is { WhenTerminated.IsCompleted: false } && !Stopped;

    /// <summary>Held while an incarnation starts or ends, so the spec and the node's own restarts take turns.</summary>
    public AsyncLock Lifecycle { get; } = new();

    /// <summary>The probe actor systems its incarnations started (see <c>RealmProbe</c>).</summary>
    public ConcurrentBag<ActorSystem> ProbeSystems { get; } = [];

    /// <summary>Every log event of every incarnation, in order.</summary>
    public IReadOnlyCollection<LogLine> Log => _log;

    /// <summary>Makes <paramref name="system"/> this node's current incarnation and records its log.</summary>
    public void Attach(RealmSetup setup, ActorSystem system)
    {
        _setup = setup;
        _system = system;
        Incarnations++;
        var incarnation = Incarnations;
        var recorder = ((ExtendedActorSystem)system).SystemActorOf(Props.Create(() => new LogRecorder(_log, incarnation)), "spec-log-recorder");
        system.EventStream.Subscribe(recorder, typeof(LogEvent));
    }

    /// <summary>
    /// For each time an incarnation of this node decided to move over to another cluster (it logs
    /// "must rejoin as a new incarnation"), how long until the next incarnation logged its first line.
    /// </summary>
    public IReadOnlyList<TimeSpan> MoveDurations()
    {
        var lines = _log.ToList();
        return [.. lines
            .Where(l => l.Message.Contains("must rejoin as a new incarnation", StringComparison.Ordinal))
            .Select(decided => (Decided: decided, Next: lines.FirstOrDefault(l => l.Incarnation == decided.Incarnation + 1)))
            .Where(m => m.Next is not null)
            .Select(m => m.Next!.Time - m.Decided.Time)];
    }

    /// <summary>Records the log of a probe system the current incarnation started, beside the node's own (sources prefixed <c>probe</c>).</summary>
    public void AttachProbe(ActorSystem system)
    {
        ProbeSystems.Add(system);
        var incarnation = Incarnations;
        var recorder = ((ExtendedActorSystem)system).SystemActorOf(Props.Create(() => new LogRecorder(_log, incarnation, "probe ")), "spec-log-recorder");
        system.EventStream.Subscribe(recorder, typeof(LogEvent));
    }

    public override string ToString() => $"{Name} ({Address}, {Site})";

    /// <summary>Keeps a node's log events.</summary>
    internal sealed class LogRecorder : ReceiveActor
    {
        public LogRecorder(ConcurrentQueue<LogLine> log, int incarnation, string prefix = "") =>
            Receive<LogEvent>(e => log.Enqueue(new LogLine(e.Timestamp, e.LogLevel(), prefix + e.LogSource, $"{e.Message}{(e.Cause is null ? string.Empty : $" ({e.Cause.GetType().Name}: {e.Cause.Message})")}", incarnation)));
    }
}

/// <summary>
/// The nodes' Akka logger: drops everything. Each node records its own log events through the event
/// stream (<see cref="RealmTestNode.Attach"/>), and a spec prints them when it fails.
/// </summary>
public sealed class SilentLogger : ReceiveActor
{
    /// <summary>Answers Akka's logger start-up and ignores the rest.</summary>
    public SilentLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        ReceiveAny(_ => { });
    }
}

/// <summary>A lock for async code: <c>using (await gate.LockAsync()) { ... }</c>; holders take turns in arrival order.</summary>
internal sealed class AsyncLock
{
    private readonly Lock _gate = new();
    private Task _tail = Task.CompletedTask;

    public async Task<IDisposable> LockAsync()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task previous;
        lock (_gate)
        {
            previous = _tail;
            _tail = released.Task;
        }

        await previous;
        return new Releaser(released);
    }

    private sealed class Releaser(TaskCompletionSource released) : IDisposable
    {
        public void Dispose() => released.TrySetResult();
    }
}
