using System.Diagnostics;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>Round-trip times at 1 µs resolution up to 1 s (longer ones count as 1 s); exact percentiles, no allocation per sample.</summary>
internal sealed class LatencyHistogram
{
    private const int Buckets = 1_000_000;
    private readonly int[] _counts = new int[Buckets];

    public long Count { get; private set; }

    public void Record(long startTimestamp, long endTimestamp)
    {
        var micros = (endTimestamp - startTimestamp) * 1_000_000 / Stopwatch.Frequency;
        _counts[Math.Clamp(micros, 0, Buckets - 1)]++;
        Count++;
    }

    /// <summary>The value in microseconds below which <paramref name="fraction"/> of the samples fall.</summary>
    public double Percentile(double fraction)
    {
        if (Count == 0)
        {
            return 0;
        }

        var target = (long)Math.Ceiling(Count * fraction);
        long seen = 0;
        for (var i = 0; i < Buckets; i++)
        {
            seen += _counts[i];
            if (seen >= target)
            {
                return i;
            }
        }

        return Buckets - 1;
    }
}
