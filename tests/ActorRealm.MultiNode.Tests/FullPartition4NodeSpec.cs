using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>The sites are cut with both alive: only the prime side serves; after the heal everyone converges. (main:2,dr:2)</summary>
public sealed class FullPartition4NodeSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task Only_the_prime_side_serves_and_everyone_converges_after_the_heal()
    {
        await using var cluster = new RealmTestCluster(output, "main:2,dr:2");
        await cluster.RunAsync(() => Scenarios.FullPartition(cluster));
    }
}
