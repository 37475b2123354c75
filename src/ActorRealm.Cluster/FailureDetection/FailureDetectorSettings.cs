namespace ActorRealm.Cluster.FailureDetection;

/// <summary>Settings of the phi-accrual failure detector (<c>actorrealm.cluster.failure-detector</c>).</summary>
public sealed record FailureDetectorSettings
{
    /// <summary>Phi at which a member is suspected (<c>threshold</c>, default 8).</summary>
    public double Threshold { get; init; } = 8.0;

    /// <summary>How many heartbeat intervals the detector remembers (<c>max-sample-size</c>, default 1000).</summary>
    public int MaxSampleSize { get; init; } = 1000;

    /// <summary>The smallest standard deviation assumed (<c>min-std-deviation</c>, default 100 ms).</summary>
    public TimeSpan MinStdDeviation { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A pause in heartbeats that is tolerated on top of the mean (<c>acceptable-heartbeat-pause</c>, default 3 s).</summary>
    public TimeSpan AcceptableHeartbeatPause { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How often heartbeats are sent (<c>heartbeat-interval</c>, default 500 ms).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The interval assumed before real intervals are known (<c>first-heartbeat-estimate</c>, default 500 ms).</summary>
    public TimeSpan FirstHeartbeatEstimate { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The problems with these settings, each naming its key (empty when valid).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        Check(Threshold > 0 && double.IsFinite(Threshold), "threshold", $"must be a positive number, not {Threshold}");
        Check(MaxSampleSize >= 1, "max-sample-size", $"must be at least 1, not {MaxSampleSize}");
        Check(MinStdDeviation > TimeSpan.Zero, "min-std-deviation", $"must be positive, not {MinStdDeviation}");
        Check(AcceptableHeartbeatPause >= TimeSpan.Zero, "acceptable-heartbeat-pause", $"must not be negative, not {AcceptableHeartbeatPause}");
        Check(HeartbeatInterval > TimeSpan.Zero, "heartbeat-interval", $"must be positive, not {HeartbeatInterval}");
        Check(FirstHeartbeatEstimate > TimeSpan.Zero, "first-heartbeat-estimate", $"must be positive, not {FirstHeartbeatEstimate}");
        return problems;

        void Check(bool ok, string key, string message)
        {
            if (!ok)
            {
                problems.Add($"actorrealm.cluster.failure-detector.{key} {message}.");
            }
        }
    }

    /// <summary>Throws when the settings are invalid.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems));
        }
    }
}
