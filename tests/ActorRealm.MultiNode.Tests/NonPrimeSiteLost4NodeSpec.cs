using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>The non-prime site crashes: the prime site keeps quorum, keeps serving and downs it within pause + stable-after + 2 s. (main:2,dr:2)</summary>
public sealed class NonPrimeSiteLost4NodeSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task The_prime_site_keeps_quorum_and_downs_the_lost_site_within_the_budget()
    {
        await using var cluster = new RealmTestCluster(output, "main:2,dr:2");
        await cluster.RunAsync(() => Scenarios.NonPrimeSiteLost(cluster, output));
    }
}
