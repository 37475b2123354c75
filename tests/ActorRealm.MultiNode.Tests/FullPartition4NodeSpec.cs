using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>The sites are cut with both alive: only the prime side serves; after the heal everyone converges without restarts; see <see cref="Scenarios.FullPartition"/>. (main:2,dr:2)</summary>
public sealed class FullPartition4NodeSpec(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Only_the_prime_side_serves_and_everyone_converges_after_the_heal(int seed)
    {
        using var cluster = new MultiNodeCluster(seed, output, "main:2,dr:2");
        Scenarios.FullPartition(cluster);
    }
}
