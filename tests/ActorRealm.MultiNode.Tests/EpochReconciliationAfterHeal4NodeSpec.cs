using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>A mistaken switch during a cut is detected loudly at the heal and everyone follows the higher epoch. (main:2,dr:2)</summary>
public sealed class EpochReconciliationAfterHeal4NodeSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task The_lower_epoch_is_detected_loudly_and_follows_the_higher_one()
    {
        await using var cluster = new RealmTestCluster(output, "main:2,dr:2");
        await cluster.RunAsync(() => Scenarios.EpochReconciliationAfterHeal(cluster));
    }
}
