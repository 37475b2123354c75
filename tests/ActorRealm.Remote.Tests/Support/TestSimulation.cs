namespace ActorRealm.Remote.Tests.Support;

/// <summary>
/// A single-threaded executor on a manual clock, for deterministic in-memory network tests: work runs in
/// posting order; time jumps to the next due timer only when no work is left.
/// </summary>
public sealed class TestSimulation
{
    private readonly Queue<Action> _work = new();
    private readonly Lock _lock = new();

    public ManualTimeProvider Time { get; } = new();

    public void Post(Action action)
    {
        lock (_lock)
        {
            _work.Enqueue(action);
        }
    }

    public bool RunUntil(Func<bool> condition, TimeSpan virtualDeadline)
    {
        var end = Time.Elapsed + virtualDeadline;
        while (!condition())
        {
            if (RunOne())
            {
                continue;
            }

            if (Time.NextDue is { } due && due <= end)
            {
                Time.AdvanceTo(due);
                continue;
            }

            Time.AdvanceTo(end);
            while (RunOne())
            {
            }

            return condition();
        }

        return true;
    }

    public void RunFor(TimeSpan duration) => RunUntil(() => false, duration);

    private bool RunOne()
    {
        Action? next;
        lock (_lock)
        {
            if (!_work.TryDequeue(out next))
            {
                return false;
            }
        }

        next();
        return true;
    }
}

/// <summary>A manual clock: timers fire in due order (ties in creation order) when time is advanced.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly PriorityQueue<(Timer Timer, int Version), (long Due, long Sequence)> _queue = new();
    private long _now;
    private long _sequence;

    public TimeSpan Elapsed => TimeSpan.FromTicks(Volatile.Read(ref _now));

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public TimeSpan? NextDue
    {
        get
        {
            lock (_lock)
            {
                DropStale();
                return _queue.TryPeek(out _, out var key) ? TimeSpan.FromTicks(key.Due) : null;
            }
        }
    }

    public override long GetTimestamp() => Volatile.Read(ref _now);

    public override DateTimeOffset GetUtcNow() => new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero) + Elapsed;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    public void AdvanceTo(TimeSpan target)
    {
        while (true)
        {
            Timer? due = null;
            lock (_lock)
            {
                DropStale();
                if (_queue.TryPeek(out var entry, out var key) && key.Due <= target.Ticks)
                {
                    _queue.Dequeue();
                    _now = Math.Max(_now, key.Due);
                    entry.Timer.Rearm();
                    due = entry.Timer;
                }
                else
                {
                    _now = Math.Max(_now, target.Ticks);
                    return;
                }
            }

            due.Fire();
        }
    }

    private void DropStale()
    {
        while (_queue.TryPeek(out var entry, out _) && entry.Version != entry.Timer.Version)
        {
            _queue.Dequeue();
        }
    }

    private sealed class Timer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private long _period = -1;

        public int Version { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                if (Version < 0)
                {
                    return false;
                }

                Version++;
                _period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? -1 : period.Ticks;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    owner._queue.Enqueue((this, Version), (owner._now + Math.Max(0, dueTime.Ticks), owner._sequence++));
                }

                return true;
            }
        }

        public void Rearm()
        {
            if (_period > 0)
            {
                owner._queue.Enqueue((this, Version), (owner._now + _period, owner._sequence++));
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._lock)
            {
                Version = int.MinValue;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
