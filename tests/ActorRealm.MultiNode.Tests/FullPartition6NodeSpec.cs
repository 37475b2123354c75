using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>A cut between the sites of a three-per-site realm: only the prime side serves; everyone converges after the heal. (main:3,dr:3)</summary>
public sealed class FullPartition6NodeSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task Only_the_prime_side_serves_and_everyone_converges_after_the_heal()
    {
        await using var cluster = new RealmTestCluster(output, "main:3,dr:3");
        await cluster.RunAsync(() => Scenarios.FullPartition(cluster));
    }
}
