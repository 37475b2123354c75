using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>The prime site crashes: the other side stops serving until the guarded switch restores quorum; see <see cref="Scenarios.PrimeSiteLost"/>. (main:2,dr:2)</summary>
public sealed class PrimeSiteLost4NodeSpec(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_other_site_stops_serving_until_the_guarded_switch_restores_quorum(int seed)
    {
        using var cluster = new MultiNodeCluster(seed, output, "main:2,dr:2");
        Scenarios.PrimeSiteLost(cluster);
    }
}
