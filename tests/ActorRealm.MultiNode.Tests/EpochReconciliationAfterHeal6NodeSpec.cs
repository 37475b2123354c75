using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>Three nodes per site, a mistaken switch during a cut; see <see cref="Scenarios.EpochReconciliationAfterHeal"/>. (main:3,dr:3)</summary>
public sealed class EpochReconciliationAfterHeal6NodeSpec(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_lower_epoch_is_detected_loudly_and_follows_the_higher_one(int seed)
    {
        using var cluster = new MultiNodeCluster(seed, output, "main:3,dr:3");
        Scenarios.EpochReconciliationAfterHeal(cluster);
    }
}
