using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>The prime site of a three-per-site realm crashes: the other site stops serving until the guarded switch. (main:3,dr:3)</summary>
public sealed class PrimeSiteLost6NodeSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task The_other_site_stops_serving_until_the_guarded_switch_restores_quorum()
    {
        await using var cluster = new RealmTestCluster(output, "main:3,dr:3");
        await cluster.RunAsync(() => Scenarios.PrimeSiteLost(cluster));
    }
}
