using System.Collections.Immutable;

namespace ActorRealm.Cluster.FailureDetection;

/// <summary>
/// The last <see cref="MaxSampleSize"/> heartbeat intervals (milliseconds) with their running sum
/// and sum of squares, for the mean and standard deviation the phi-accrual detector needs.
/// Immutable.
/// </summary>
public sealed class HeartbeatHistory
{
    private readonly ImmutableQueue<double> _intervals;

    private HeartbeatHistory(int maxSampleSize, ImmutableQueue<double> intervals, int count, double sum, double squaredSum)
    {
        MaxSampleSize = maxSampleSize;
        _intervals = intervals;
        Count = count;
        Sum = sum;
        SquaredSum = squaredSum;
    }

    /// <summary>How many intervals are kept.</summary>
    public int MaxSampleSize { get; }

    /// <summary>How many intervals are held.</summary>
    public int Count { get; }

    /// <summary>The sum of the held intervals.</summary>
    public double Sum { get; }

    /// <summary>The sum of the squares of the held intervals.</summary>
    public double SquaredSum { get; }

    /// <summary>The mean interval (0 when empty).</summary>
    public double Mean => Count == 0 ? 0 : Sum / Count;

    /// <summary>The population variance of the intervals (never negative).</summary>
    public double Variance => Count == 0 ? 0 : Math.Max(0, (SquaredSum / Count) - (Mean * Mean));

    /// <summary>The standard deviation of the intervals.</summary>
    public double StdDeviation => Math.Sqrt(Variance);

    /// <summary>An empty history keeping at most <paramref name="maxSampleSize"/> intervals.</summary>
    public static HeartbeatHistory Empty(int maxSampleSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSampleSize, 1);
        return new HeartbeatHistory(maxSampleSize, [], 0, 0, 0);
    }

    /// <summary>Returns the history with <paramref name="intervalMs"/> added, dropping the oldest when full.</summary>
    public HeartbeatHistory Add(double intervalMs)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(intervalMs);
        var intervals = _intervals;
        var count = Count;
        var sum = Sum;
        var squaredSum = SquaredSum;
        if (count == MaxSampleSize)
        {
            intervals = intervals.Dequeue(out var oldest);
            count--;
            sum -= oldest;
            squaredSum -= oldest * oldest;
        }

        return new HeartbeatHistory(MaxSampleSize, intervals.Enqueue(intervalMs), count + 1, sum + intervalMs, squaredSum + (intervalMs * intervalMs));
    }
}
