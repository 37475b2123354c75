namespace ActorRealm.Actors.Dispatch;

/// <summary>
/// Runs mailbox turns and posted work. The default is the .NET thread pool; a
/// <see cref="Deterministic.DeterministicExecutor"/> runs everything on one thread in an order
/// chosen by a seed. An <see cref="ActorSystemSetup"/> may inject one for every dispatcher.
/// </summary>
public interface IActorExecutor
{
    /// <summary>True when the executor runs everything on one thread in a reproducible order.</summary>
    bool IsDeterministic { get; }

    /// <summary>
    /// The context async code run by this executor should resume on (null: no preference, the thread
    /// pool). A deterministic executor returns a context that posts back to itself.
    /// </summary>
    SynchronizationContext? SynchronizationContext { get; }

    /// <summary>Runs <paramref name="work"/> later, never inline (a mailbox turn is scheduled this way).</summary>
    void Execute(IThreadPoolWorkItem work);

    /// <summary>Runs <paramref name="action"/> later, never inline.</summary>
    void Post(Action action);
}

/// <summary>The default executor: the .NET thread pool, with no allocation per scheduled mailbox.</summary>
public sealed class ThreadPoolExecutor : IActorExecutor
{
    private ThreadPoolExecutor()
    {
    }

    /// <summary>The single instance.</summary>
    public static ThreadPoolExecutor Instance { get; } = new();

    /// <inheritdoc/>
    public bool IsDeterministic => false;

    /// <inheritdoc/>
    public SynchronizationContext? SynchronizationContext => null;

    /// <inheritdoc/>
    public void Execute(IThreadPoolWorkItem work) => ThreadPool.UnsafeQueueUserWorkItem(work, preferLocal: true);

    /// <inheritdoc/>
    public void Post(Action action) =>
        ThreadPool.UnsafeQueueUserWorkItem(static a => a(), action, preferLocal: false);
}

/// <summary>A dispatcher resolved for one system: its settings and the executor that runs it.</summary>
internal sealed class Dispatcher(DispatcherSettings settings, IActorExecutor executor)
{
    /// <summary>Set by a deterministic executor around a mailbox turn to choose its batch size.</summary>
    [ThreadStatic]
    private static int _turnLimit;

    public string Id { get; } = settings.Id;

    public int Throughput { get; } = Math.Max(1, settings.Throughput);

    public long DeadlineTicks { get; } = settings.ThroughputDeadline is { } d && d > TimeSpan.Zero ? d.Ticks : 0;

    public IActorExecutor Executor { get; } = executor;

    /// <summary>The number of user messages the current turn may process.</summary>
    public int TurnThroughput => _turnLimit > 0 ? _turnLimit : Throughput;

    /// <summary>Runs <paramref name="work"/> inline with a turn limit (used by the deterministic executor).</summary>
    internal static void RunWithTurnLimit(IThreadPoolWorkItem work, int limit)
    {
        var previous = _turnLimit;
        _turnLimit = limit;
        try
        {
            work.Execute();
        }
        finally
        {
            _turnLimit = previous;
        }
    }
}
