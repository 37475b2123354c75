using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>A standby member restarted with an empty data directory resynchronises the whole log from its leader. (main:1,dr:1 + 3+3 persistence servers)</summary>
public sealed class StandbyMemberEmptyDisk8NodeSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task A_standby_member_restarted_with_an_empty_disk_resynchronises_the_whole_log()
    {
        await using var cluster = new RealmTestCluster(output, "main:1,dr:1", persistence: new PersistenceSpecLayout());
        await cluster.RunAsync(() => PersistenceScenarios.StandbyMemberEmptyDisk(cluster, output));
    }
}
