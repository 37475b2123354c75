using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>A mistaken switch during a cut is detected at the heal: loud warning, the lower epoch follows the higher; see <see cref="Scenarios.EpochReconciliationAfterHeal"/>. (main:2,dr:2)</summary>
public sealed class EpochReconciliationAfterHeal4NodeSpec(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_lower_epoch_is_detected_loudly_and_follows_the_higher_one(int seed)
    {
        using var cluster = new MultiNodeCluster(seed, output, "main:2,dr:2");
        Scenarios.EpochReconciliationAfterHeal(cluster);
    }
}
