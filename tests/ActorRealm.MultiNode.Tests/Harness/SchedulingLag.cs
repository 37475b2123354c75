namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>
/// How late this process's thread pool runs what is due: a timer re-armed every 100 ms records how much later than due
/// each tick ran. Every node of a spec shares the pool, so its failure detectors and heartbeats are late by as much; a
/// bound on detection that ignores it fails on a starved machine (CI runs two lanes at load averages of 60-100 on 2
/// cores) rather than on a fault of the realm.
/// </summary>
internal sealed class SchedulingLag : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    // Below this a tick is on time: timer resolution and ordinary scheduling.
    private static readonly TimeSpan Noise = TimeSpan.FromMilliseconds(20);

    private readonly Func<TimeSpan> _now;
    private readonly Lock _lock = new();
    private readonly List<(TimeSpan At, TimeSpan Late)> _late = [];
    private readonly Timer _timer;
    private TimeSpan _due;
    private bool _disposed;

    /// <param name="now">The clock the lateness is reported on (the spec's).</param>
    public SchedulingLag(Func<TimeSpan> now)
    {
        _now = now;
        _due = now() + Period;
        _timer = new Timer(_ => Tick(), null, Period, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The lateness of the ticks that ran after <paramref name="since"/>, summed: time the pool could not run what was due.</summary>
    public TimeSpan Since(TimeSpan since)
    {
        lock (_lock)
        {
            var total = TimeSpan.Zero;
            for (var i = _late.Count - 1; i >= 0 && _late[i].At > since; i--)
            {
                total += _late[i].Late;
            }

            return total;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        _timer.Dispose();
    }

    private void Tick()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            var now = _now();
            if (now - _due > Noise)
            {
                _late.Add((now, now - _due));
            }

            _due = now + Period;
            _timer.Change(Period, Timeout.InfiniteTimeSpan);
        }
    }
}
