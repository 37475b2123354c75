using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>Three nodes per site, cut with both sides alive; see <see cref="Scenarios.FullPartition"/>. (main:3,dr:3)</summary>
public sealed class FullPartition6NodeSpec(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Only_the_prime_side_serves_and_everyone_converges_after_the_heal(int seed)
    {
        using var cluster = new MultiNodeCluster(seed, output, "main:3,dr:3");
        Scenarios.FullPartition(cluster);
    }
}
