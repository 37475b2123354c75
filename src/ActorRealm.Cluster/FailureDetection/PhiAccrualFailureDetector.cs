namespace ActorRealm.Cluster.FailureDetection;

/// <summary>
/// The phi-accrual failure detector (Hayashibara et al.), as in Akka: phi is the suspicion level
/// that a heartbeat is missing, <c>-log10(1 - F(elapsed))</c> with F the normal distribution
/// (logistic approximation) of past intervals, its mean lengthened by the acceptable heartbeat
/// pause and its deviation at least the minimum standard deviation. The resource is unavailable
/// when phi reaches the threshold. Time is read from a <see cref="TimeProvider"/> or passed in as
/// timestamps of it. Thread-safe.
/// </summary>
public sealed class PhiAccrualFailureDetector
{
    private readonly FailureDetectorSettings _settings;
    private readonly TimeProvider _time;
    private State? _state;

    /// <summary>Creates a detector.</summary>
    public PhiAccrualFailureDetector(FailureDetectorSettings settings, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(timeProvider);
        settings.Validate();
        _settings = settings;
        _time = timeProvider;
    }

    /// <summary>Whether at least one heartbeat arrived.</summary>
    public bool IsMonitoring => Volatile.Read(ref _state) is not null;

    /// <summary>The intervals seen so far (seeded with two around the first-heartbeat estimate).</summary>
    public HeartbeatHistory? History => Volatile.Read(ref _state)?.History;

    /// <summary>Records a heartbeat now.</summary>
    public void Heartbeat() => Heartbeat(_time.GetTimestamp());

    /// <summary>
    /// Records a heartbeat at <paramref name="timestamp"/> (of the time provider). The interval is
    /// only learned while the resource is available, so a long outage does not teach the detector
    /// that long silences are normal.
    /// </summary>
    public void Heartbeat(long timestamp)
    {
        while (true)
        {
            var old = Volatile.Read(ref _state);
            var next = old is null
                ? new State(FirstHistory(), timestamp)
                : new State(
                    IsAvailable(old, timestamp) && timestamp >= old.LastTimestamp ? old.History.Add(Milliseconds(old.LastTimestamp, timestamp)) : old.History,
                    Math.Max(timestamp, old.LastTimestamp));
            if (ReferenceEquals(Interlocked.CompareExchange(ref _state, next, old), old))
            {
                return;
            }
        }
    }

    /// <summary>The suspicion level now (0 before the first heartbeat).</summary>
    public double Phi() => Phi(_time.GetTimestamp());

    /// <summary>The suspicion level at <paramref name="timestamp"/> (0 before the first heartbeat).</summary>
    public double Phi(long timestamp)
    {
        var state = Volatile.Read(ref _state);
        return state is null ? 0 : Phi(state, timestamp);
    }

    /// <summary>Whether the resource is considered alive now (true before the first heartbeat).</summary>
    public bool IsAvailable() => IsAvailable(_time.GetTimestamp());

    /// <summary>Whether the resource is considered alive at <paramref name="timestamp"/>.</summary>
    public bool IsAvailable(long timestamp)
    {
        var state = Volatile.Read(ref _state);
        return state is null || IsAvailable(state, timestamp);
    }

    /// <summary>
    /// How long from <paramref name="timestamp"/> until phi reaches the threshold if no heartbeat
    /// arrives (zero when it already has; null before the first heartbeat), so a caller can check
    /// exactly when a member may become suspected instead of polling.
    /// </summary>
    public TimeSpan? TimeUntilUnavailable(long timestamp)
    {
        var state = Volatile.Read(ref _state);
        if (state is null)
        {
            return null;
        }

        var history = state.History;
        var mean = history.Mean + _settings.AcceptableHeartbeatPause.TotalMilliseconds;
        var stdDeviation = Math.Max(history.StdDeviation, _settings.MinStdDeviation.TotalMilliseconds);
        var elapsed = Milliseconds(state.LastTimestamp, Math.Max(timestamp, state.LastTimestamp));

        // Phi never decreases with the silence: bisect for the first millisecond at the threshold.
        double low = 0, high = mean + (stdDeviation * 64);
        while (high - low > 0.5)
        {
            var middle = (low + high) / 2;
            if (Phi(middle, mean, stdDeviation) >= _settings.Threshold)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }

        return TimeSpan.FromMilliseconds(Math.Max(0, Math.Ceiling(high) - elapsed));
    }

    /// <summary>
    /// Phi for a silence of <paramref name="elapsedMs"/> given a distribution of intervals, with the
    /// logistic approximation of the normal cumulative distribution; the two branches keep
    /// precision at both tails. Never decreases as <paramref name="elapsedMs"/> grows.
    /// </summary>
    public static double Phi(double elapsedMs, double meanMs, double stdDeviationMs)
    {
        var y = (elapsedMs - meanMs) / stdDeviationMs;
        var e = Math.Exp(-y * (1.5976 + (0.070566 * y * y)));
        return elapsedMs > meanMs
            ? -Math.Log10(e / (1.0 + e))
            : -Math.Log10(1.0 - (1.0 / (1.0 + e)));
    }

    private bool IsAvailable(State state, long timestamp) => Phi(state, timestamp) < _settings.Threshold;

    private double Phi(State state, long timestamp)
    {
        var elapsed = Milliseconds(state.LastTimestamp, Math.Max(timestamp, state.LastTimestamp));
        var history = state.History;
        var mean = history.Mean + _settings.AcceptableHeartbeatPause.TotalMilliseconds;
        var stdDeviation = Math.Max(history.StdDeviation, _settings.MinStdDeviation.TotalMilliseconds);
        return Phi(elapsed, mean, stdDeviation);
    }

    // Seeds the history with two intervals around the first-heartbeat estimate (deviation a
    // quarter of it), so phi is meaningful from the second heartbeat on.
    private HeartbeatHistory FirstHistory()
    {
        var mean = _settings.FirstHeartbeatEstimate.TotalMilliseconds;
        var deviation = mean / 4;
        return HeartbeatHistory.Empty(_settings.MaxSampleSize).Add(mean - deviation).Add(mean + deviation);
    }

    private double Milliseconds(long from, long to) => (to - from) * 1000.0 / _time.TimestampFrequency;

    private sealed record State(HeartbeatHistory History, long LastTimestamp);
}
