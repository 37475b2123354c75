using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>The prime site crashes: the other site stops serving until the guarded switch restores quorum. (main:2,dr:2)</summary>
public sealed class PrimeSiteLost4NodeSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task The_other_site_stops_serving_until_the_guarded_switch_restores_quorum()
    {
        await using var cluster = new RealmTestCluster(output, "main:2,dr:2");
        await cluster.RunAsync(() => Scenarios.PrimeSiteLost(cluster));
    }
}
