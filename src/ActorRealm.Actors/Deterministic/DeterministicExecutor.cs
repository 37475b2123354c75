using ActorRealm.Actors.Dispatch;

namespace ActorRealm.Actors.Deterministic;

/// <summary>
/// A single-threaded executor for simulation: runnable work (mailbox turns, posted actions) is kept
/// in a set, and <see cref="RunNext"/> picks the next item with a seeded random source, and for a
/// mailbox turn also how many user messages it may process (1 to <see cref="MaxBatch"/>). The same
/// seed and the same inputs give the same interleaving. Several actor systems may share one executor.
/// </summary>
public sealed class DeterministicExecutor : IActorExecutor
{
    private readonly Lock _gate = new();
    private readonly List<IThreadPoolWorkItem> _runnable = [];
    private readonly Random _random;
    private int _ownerThread;

    /// <summary>Creates an executor choosing with <paramref name="seed"/>.</summary>
    /// <param name="seed">Seeds every choice.</param>
    /// <param name="maxBatch">
    /// The largest number of user messages one mailbox turn may process (chosen per turn, 1 to this);
    /// 0 lets every turn process up to its dispatcher's throughput, as in production.
    /// </param>
    public DeterministicExecutor(int seed, int maxBatch = 5)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBatch);
        _random = new Random(seed);
        MaxBatch = maxBatch;
        SynchronizationContext = new ExecutorSynchronizationContext(this);
    }

    /// <summary>The largest batch per mailbox turn (0: the dispatcher's throughput).</summary>
    public int MaxBatch { get; }

    /// <inheritdoc/>
    public bool IsDeterministic => true;

    /// <inheritdoc/>
    public SynchronizationContext SynchronizationContext { get; }

    /// <summary>True when nothing is runnable.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_gate)
            {
                return _runnable.Count == 0;
            }
        }
    }

    /// <summary>How many items are runnable.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _runnable.Count;
            }
        }
    }

    /// <summary>Steps run so far.</summary>
    public long Steps { get; private set; }

    /// <summary>
    /// Work posted from a thread other than the one running the executor (real I/O, thread-pool
    /// continuations). It is accepted, but the run is then not reproducible; tests may assert zero.
    /// </summary>
    public int ForeignThreadPosts { get; private set; }

    /// <inheritdoc/>
    public void Execute(IThreadPoolWorkItem work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_gate)
        {
            if (_ownerThread != 0 && _ownerThread != Environment.CurrentManagedThreadId)
            {
                ForeignThreadPosts++;
            }

            _runnable.Add(work);
        }
    }

    /// <inheritdoc/>
    public void Post(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Execute(new PostedAction(action));
    }

    /// <summary>Runs one chosen item; false when nothing was runnable.</summary>
    public bool RunNext()
    {
        IThreadPoolWorkItem work;
        int batch;
        lock (_gate)
        {
            _ownerThread = Environment.CurrentManagedThreadId;
            if (_runnable.Count == 0)
            {
                return false;
            }

            var index = _random.Next(_runnable.Count);
            work = _runnable[index];
            _runnable[index] = _runnable[^1];
            _runnable.RemoveAt(_runnable.Count - 1);
            batch = MaxBatch <= 1 ? MaxBatch : _random.Next(1, MaxBatch + 1);
        }

        Steps++;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(SynchronizationContext);
        try
        {
            Dispatcher.RunWithTurnLimit(work, batch);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        return true;
    }

    /// <summary>Runs until nothing is runnable; returns the steps taken.</summary>
    /// <exception cref="InvalidOperationException">More than <paramref name="maxSteps"/> steps (a livelock).</exception>
    public long RunUntilIdle(long maxSteps = 10_000_000)
    {
        long steps = 0;
        while (RunNext())
        {
            if (++steps > maxSteps)
            {
                throw new InvalidOperationException($"The deterministic executor did not become idle within {maxSteps} steps.");
            }
        }

        return steps;
    }

    private sealed class PostedAction(Action action) : IThreadPoolWorkItem
    {
        public void Execute() => action();
    }

    private sealed class ExecutorSynchronizationContext(DeterministicExecutor executor) : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) => executor.Post(() => d(state));

        public override void Send(SendOrPostCallback d, object? state) => d(state);

        public override SynchronizationContext CreateCopy() => this;
    }
}
