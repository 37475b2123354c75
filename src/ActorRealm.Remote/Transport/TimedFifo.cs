namespace ActorRealm.Remote.Transport;

/// <summary>
/// Releases items in the order they were queued, each no earlier than its due time, one at a time.
/// Drains run through <c>post</c> (the deterministic executor in simulations, the thread pool or the
/// calling thread otherwise); delays use the injected <see cref="TimeProvider"/>, so virtual time works.
/// Used for in-memory links and for fault injection (delay, throttle).
/// </summary>
internal sealed class TimedFifo<T> : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Action<Action> _post;
    private readonly Action<T> _release;
    private readonly Action _drain;
    private readonly Queue<(T Item, long Due)> _queue = new();
    private readonly Lock _lock = new();
    private readonly ITimer _timer;
    private long _lastDue;
    private bool _scheduled;
    private bool _disposed;

    public TimedFifo(TimeProvider time, Action<Action> post, Action<T> release)
    {
        _time = time;
        _post = post;
        _release = release;
        _drain = Drain;
        _timer = time.CreateTimer(static state => ((TimedFifo<T>)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Items waiting.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>
    /// Queues <paramref name="item"/> for release after <paramref name="delay"/>, and after every earlier
    /// item plus <paramref name="occupancy"/> (the time the item holds a throttled link).
    /// </summary>
    public void Enqueue(T item, TimeSpan delay, TimeSpan occupancy = default)
    {
        bool postNow;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetTimestamp();
            var due = Math.Max(now + ToTimestamp(delay), _lastDue) + ToTimestamp(occupancy);
            _lastDue = due;
            _queue.Enqueue((item, due));
            if (_scheduled)
            {
                return;
            }

            _scheduled = true;
            postNow = due <= now;
            if (!postNow)
            {
                _timer.Change(_time.GetElapsedTime(now, due), Timeout.InfiniteTimeSpan);
            }
        }

        if (postNow)
        {
            _post(_drain);
        }
    }

    /// <summary>Drops every waiting item and stops releasing.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _queue.Clear();
        }

        _timer.Dispose();
    }

    private void OnTimer() => _post(_drain);

    private void Drain()
    {
        while (true)
        {
            T item;
            lock (_lock)
            {
                if (_disposed || _queue.Count == 0)
                {
                    _scheduled = false;
                    return;
                }

                var (head, due) = _queue.Peek();
                var now = _time.GetTimestamp();
                if (due > now)
                {
                    _timer.Change(_time.GetElapsedTime(now, due), Timeout.InfiniteTimeSpan);
                    return;
                }

                _queue.Dequeue();
                item = head;
            }

            _release(item);
        }
    }

    private long ToTimestamp(TimeSpan span) =>
        span <= TimeSpan.Zero ? 0 : (long)(span.Ticks * (double)_time.TimestampFrequency / TimeSpan.TicksPerSecond);
}
