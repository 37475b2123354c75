namespace ActorRealm.PersistenceSets.Status;

/// <summary>
/// Latencies counted into fixed buckets (seconds, as Prometheus histograms have them), so that a persistence server can
/// report them to its realm server in its status and the realm server can export them as they are.
/// </summary>
public sealed class LatencyHistogram
{
    /// <summary>The buckets' upper bounds in seconds, ascending; a last bucket without bound counts the rest.</summary>
    public static IReadOnlyList<double> Bounds { get; } = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5];

    private readonly long[] _counts = new long[Bounds.Count + 1];
    private double _sum;

    /// <summary>Counts one latency.</summary>
    public void Observe(TimeSpan latency)
    {
        var seconds = Math.Max(0, latency.TotalSeconds);
        var bucket = 0;
        while (bucket < Bounds.Count && seconds > Bounds[bucket])
        {
            bucket++;
        }

        _counts[bucket]++;
        _sum += seconds;
    }

    /// <summary>What it counted so far.</summary>
    public LatencySnapshot Snapshot() => new([.. _counts], _sum);
}

/// <summary>A <see cref="LatencyHistogram"/>'s counts: one per bucket of <see cref="LatencyHistogram.Bounds"/> plus the rest (not cumulative).</summary>
/// <param name="Counts">Latencies per bucket.</param>
/// <param name="SumSeconds">Their sum.</param>
public sealed record LatencySnapshot(IReadOnlyList<long> Counts, double SumSeconds)
{
    /// <summary>How many latencies were counted.</summary>
    public long Count => Counts.Sum();
}
