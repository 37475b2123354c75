namespace ActorRealm.Actors.Deterministic;

/// <summary>
/// A manual clock: time moves only when <see cref="Advance"/> (or <see cref="AdvanceTo"/>) is
/// called, and timers due by then fire in due-time order (ties in creation order), on the calling
/// thread. Timestamps have tick resolution.
/// </summary>
public sealed class VirtualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<(VirtualTimer Timer, int Version), (long Due, long Sequence)> _queue = new();
    private readonly DateTimeOffset _origin;
    private long _elapsedTicks;
    private long _sequence;

    /// <summary>Creates a clock starting at <paramref name="start"/> (default 2000-01-01 UTC).</summary>
    public VirtualTimeProvider(DateTimeOffset? start = null) =>
        _origin = start ?? new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Virtual time elapsed since the start.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Volatile.Read(ref _elapsedTicks));

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => _origin + Elapsed;

    /// <inheritdoc/>
    public override long GetTimestamp() => Volatile.Read(ref _elapsedTicks);

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>The elapsed time at which the next timer is due, or null if none is pending.</summary>
    public TimeSpan? NextDue
    {
        get
        {
            lock (_gate)
            {
                DropStale();
                return _queue.TryPeek(out _, out var key) ? TimeSpan.FromTicks(key.Due) : null;
            }
        }
    }

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves time forward by <paramref name="delta"/>, firing due timers in order.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        AdvanceTo(Elapsed + delta);
    }

    /// <summary>Moves time forward to <paramref name="elapsed"/> since the start, firing due timers in order.</summary>
    public void AdvanceTo(TimeSpan elapsed)
    {
        var target = elapsed.Ticks;
        while (TryTakeDue(target, out var timer))
        {
            timer.Fire();
        }

        lock (_gate)
        {
            if (target > _elapsedTicks)
            {
                Volatile.Write(ref _elapsedTicks, target);
            }
        }
    }

    /// <summary>Fires the timers due now (time does not move).</summary>
    public void FireDue() => AdvanceTo(Elapsed);

    private bool TryTakeDue(long target, out VirtualTimer timer)
    {
        lock (_gate)
        {
            DropStale();
            if (_queue.TryPeek(out var entry, out var key) && key.Due <= target)
            {
                _queue.Dequeue();
                if (key.Due > _elapsedTicks)
                {
                    Volatile.Write(ref _elapsedTicks, key.Due);
                }

                entry.Timer.OnDequeued(this);
                timer = entry.Timer;
                return true;
            }
        }

        timer = null!;
        return false;
    }

    private void DropStale()
    {
        while (_queue.TryPeek(out var entry, out _) && entry.Version != entry.Timer.Version)
        {
            _queue.Dequeue();
        }
    }

    private void Schedule(VirtualTimer timer, long due)
    {
        _queue.Enqueue((timer, timer.Version), (due, _sequence++));
    }

    /// <summary>A timer on the virtual clock; re-arming or disposing invalidates its queued entry.</summary>
    private sealed class VirtualTimer(VirtualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private long _period = -1;

        public int Version { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                if (Version < 0)
                {
                    return false;
                }

                Version++;
                _period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? -1 : period.Ticks;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    var due = owner._elapsedTicks + Math.Max(0, dueTime.Ticks);
                    owner.Schedule(this, due);
                }

                return true;
            }
        }

        /// <summary>Called under the owner's lock when taken from the queue: re-queue a periodic timer.</summary>
        public void OnDequeued(VirtualTimeProvider provider)
        {
            if (_period > 0)
            {
                provider.Schedule(this, provider._elapsedTicks + _period);
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._gate)
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
