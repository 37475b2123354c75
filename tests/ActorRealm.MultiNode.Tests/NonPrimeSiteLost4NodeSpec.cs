using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>The non-prime site crashes: the prime site keeps quorum, keeps serving and downs it within pause + stable-after + 2 s; see <see cref="Scenarios.NonPrimeSiteLost"/>. (main:2,dr:2)</summary>
public sealed class NonPrimeSiteLost4NodeSpec(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_prime_site_keeps_quorum_and_downs_the_lost_site_within_the_budget(int seed)
    {
        using var cluster = new MultiNodeCluster(seed, output, "main:2,dr:2");
        Scenarios.NonPrimeSiteLost(cluster, output);
    }

    /// <summary>The same with the shipped defaults (heartbeat 1 s, pause 3 s, stable-after 20 s): the budget is 25 s.</summary>
    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void With_the_default_timings_the_lost_site_is_downed_within_the_budget(int seed)
    {
        using var cluster = new MultiNodeCluster(seed, output, "main:2,dr:2", tweak: s => s with
        {
            FailureDetector = new Cluster.FailureDetection.FailureDetectorSettings(),
            StableAfter = new Cluster.ClusterSettings().StableAfter,
        });
        Scenarios.NonPrimeSiteLost(cluster, output);
    }
}
