using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>A mistaken switch during a cut in a three-per-site realm is detected loudly at the heal. (main:3,dr:3)</summary>
public sealed class EpochReconciliationAfterHeal6NodeSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task The_lower_epoch_is_detected_loudly_and_follows_the_higher_one()
    {
        await using var cluster = new RealmTestCluster(output, "main:3,dr:3");
        await cluster.RunAsync(() => Scenarios.EpochReconciliationAfterHeal(cluster));
    }
}
