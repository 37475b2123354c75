using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>The non-prime site crashes in a three-per-site realm: the prime site keeps quorum and downs it within the budget. (main:3,dr:3)</summary>
public sealed class NonPrimeSiteLost6NodeSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task The_prime_site_keeps_quorum_and_downs_the_lost_site_within_the_budget()
    {
        await using var cluster = new RealmTestCluster(output, "main:3,dr:3");
        await cluster.RunAsync(() => Scenarios.NonPrimeSiteLost(cluster, output));
    }
}
