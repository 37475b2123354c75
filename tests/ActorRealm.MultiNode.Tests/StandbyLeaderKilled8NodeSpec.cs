using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>The standby set's leader crashes while publishes flow: the primary keeps acknowledging, the standby set elects a new leader and catches up. (main:1,dr:1 + 3+3 persistence servers)</summary>
public sealed class StandbyLeaderKilled8NodeSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task The_primary_keeps_acknowledging_and_a_new_standby_leader_catches_up()
    {
        await using var cluster = new RealmTestCluster(output, "main:1,dr:1", persistence: new PersistenceSpecLayout());
        await cluster.RunAsync(() => PersistenceScenarios.StandbyLeaderKilled(cluster, output));
    }
}
