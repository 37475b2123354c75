using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>
/// The WAN between the sites is blackholed and healed while publishes flow; main is prime, so with main:1,dr:1 the
/// primary set's side keeps the realm's quorum (exactly half, with every prime-site node). (main:1,dr:1 + 3+3 persistence servers)
/// </summary>
public sealed class WanPartition8NodeSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task Async_the_primary_keeps_acknowledging_the_status_shows_the_lag_growing_and_it_returns_to_0_on_heal()
    {
        await using var cluster = new RealmTestCluster(output, "main:1,dr:1", persistence: new PersistenceSpecLayout("async"));
        await cluster.RunAsync(() => PersistenceScenarios.WanPartition(cluster, output, sync: false));
    }

    [Fact]
    public async Task Sync_publishes_wait_during_the_cut_and_are_acknowledged_after_the_heal_none_lost_none_doubled()
    {
        await using var cluster = new RealmTestCluster(output, "main:1,dr:1", persistence: new PersistenceSpecLayout("sync"));
        await cluster.RunAsync(() => PersistenceScenarios.WanPartition(cluster, output, sync: true));
    }
}
