using ActorRealm.Cluster;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>
/// The timings the specs run with, set through the user-facing <c>actorrealm.cluster</c> keys. Real
/// time, so they are short but keep the failure detector calm on a loaded 2-core machine (the facts
/// file: a 300 ms heartbeat with a 1.2 s pause gave false suspicions while systems started).
/// <see cref="Reference"/> runs with the shipped defaults (ACTORREALM_TEST_TIMINGS=reference).
/// </summary>
internal sealed record SpecTimings
{
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan AcceptableHeartbeatPause { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan GossipInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan SeedNodeTimeout { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan PrimeSwitchMinUnreachable { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The shipped defaults (see the module's reference.conf).</summary>
    public static SpecTimings Reference { get; } = FromSettings(new ClusterSettings());

    /// <summary>The spec timings, or the shipped ones when ACTORREALM_TEST_TIMINGS=reference.</summary>
    public static SpecTimings Default =>
        Environment.GetEnvironmentVariable("ACTORREALM_TEST_TIMINGS") == "reference" ? Reference : new SpecTimings();

    /// <summary>The longest a crash may take to show as Down on the survivors: pause + stable-after + 2 s.</summary>
    public TimeSpan DowningBudget => AcceptableHeartbeatPause + StableAfter + TimeSpan.FromSeconds(2);

    /// <summary>The <c>actorrealm.cluster</c> keys for these timings.</summary>
    public string Hocon() =>
        $$"""
        actorrealm.cluster {
          failure-detector { heartbeat-interval = {{Ms(HeartbeatInterval)}}, acceptable-heartbeat-pause = {{Ms(AcceptableHeartbeatPause)}}, first-heartbeat-estimate = {{Ms(HeartbeatInterval)}} }
          downing.stable-after = {{Ms(StableAfter)}}
          gossip-interval = {{Ms(GossipInterval)}}
          leader-actions-interval = {{Ms(GossipInterval)}}
          join { seed-node-timeout = {{Ms(SeedNodeTimeout)}}, retry-interval = {{Ms(RetryInterval)}}, max-retry-interval = {{Ms(ProbeInterval)}} }
          prime-switch { min-unreachable = {{Ms(PrimeSwitchMinUnreachable)}}, ack-timeout = 3s }
        }
        """;

    private static SpecTimings FromSettings(ClusterSettings s) => new()
    {
        HeartbeatInterval = s.FailureDetector.HeartbeatInterval,
        AcceptableHeartbeatPause = s.FailureDetector.AcceptableHeartbeatPause,
        StableAfter = s.StableAfter,
        GossipInterval = s.GossipInterval,
        SeedNodeTimeout = s.Join.SeedNodeTimeout,
        RetryInterval = s.Join.RetryInterval,
        ProbeInterval = s.Join.MaxRetryInterval,
        PrimeSwitchMinUnreachable = s.PrimeSwitchMinUnreachable,
    };

    private static string Ms(TimeSpan t) => $"{(long)t.TotalMilliseconds}ms";
}
