using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>The document's layout of three nodes per site loses the non-prime site; see <see cref="Scenarios.NonPrimeSiteLost"/>. (main:3,dr:3)</summary>
public sealed class NonPrimeSiteLost6NodeSpec(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_prime_site_keeps_quorum_and_downs_the_lost_site_within_the_budget(int seed)
    {
        using var cluster = new MultiNodeCluster(seed, output, "main:3,dr:3");
        Scenarios.NonPrimeSiteLost(cluster, output);
    }
}
