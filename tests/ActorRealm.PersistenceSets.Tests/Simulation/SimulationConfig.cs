using ActorRealm.PersistenceSets.Replication;

namespace ActorRealm.PersistenceSets.Tests.Simulation;

/// <summary>The shape of one simulated run; a seed picks it, so that the CI seeds cover every shape.</summary>
/// <param name="ServersPerSet">3 (the usual) or 1.</param>
/// <param name="Mode">The standby mode.</param>
/// <param name="Switches">The safety rules in force (all, except in the teeth tests).</param>
/// <param name="Compaction">
/// Servers compact their logs and the serving leader trims channels at random moments, a crash closes its
/// connections (its set's servers hear of it) and connections close now and then while their peer lives (off: a run
/// replays exactly as before these existed, which the seeds kept from then need).
/// </param>
internal sealed record SimulationConfig(int ServersPerSet, StandbyMode Mode, SafetySwitches Switches, bool Compaction = true)
{
    /// <summary>Six seeds in ten are 3+3 async, three are 3+3 sync, one is 1+1 (async or sync).</summary>
    public static SimulationConfig ForSeed(int seed, SafetySwitches? switches = null)
    {
        var shape = seed % 10;
        return shape switch
        {
            < 6 => new SimulationConfig(3, StandbyMode.Async, switches ?? SafetySwitches.All),
            < 9 => new SimulationConfig(3, StandbyMode.Sync, switches ?? SafetySwitches.All),
            _ => new SimulationConfig(1, seed / 10 % 2 == 0 ? StandbyMode.Async : StandbyMode.Sync, switches ?? SafetySwitches.All),
        };
    }

    public ClusterDefinition Cluster() => new(
        [
            new SetDefinition("_setA", "main", [.. Enumerable.Range(1, ServersPerSet).Select(i => $"a{i}")]),
            new SetDefinition("_setB", "dr", [.. Enumerable.Range(1, ServersPerSet).Select(i => $"b{i}")]),
        ],
        "_setA",
        Mode);

    /// <summary>Short timings keep a seed's run short: a tick is 10 ms of virtual time.</summary>
    public static ReplicationSettings Settings { get; } = new(HeartbeatTicks: 2, ElectionTimeoutTicks: 10, MaxEntriesPerAppend: 32, DrainTimeoutTicks: 60);
}
