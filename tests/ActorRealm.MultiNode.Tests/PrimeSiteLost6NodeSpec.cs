using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>Three nodes per site; the prime site crashes; see <see cref="Scenarios.PrimeSiteLost"/>. (main:3,dr:3)</summary>
public sealed class PrimeSiteLost6NodeSpec(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_other_site_stops_serving_until_the_guarded_switch_restores_quorum(int seed)
    {
        using var cluster = new MultiNodeCluster(seed, output, "main:3,dr:3");
        Scenarios.PrimeSiteLost(cluster);
    }
}
