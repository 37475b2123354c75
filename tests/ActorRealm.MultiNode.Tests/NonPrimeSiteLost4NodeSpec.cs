using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>
/// Two sites of two nodes, prime = main. The whole dr site crashes: main keeps quorum (exactly half,
/// with every prime member), keeps serving throughout, and its leader downs the dr nodes once they
/// have been unreachable for stable-after, within pause + stable-after + 2 s of the crash.
/// </summary>
public sealed class NonPrimeSiteLost4NodeSpec(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_prime_site_keeps_quorum_and_downs_the_lost_site_within_the_budget(int seed)
    {
        using var cluster = new MultiNodeCluster(seed, output, "main:2,dr:2");
        cluster.StartAllAndAwaitUp();
        var main = cluster.Site("main").ToList();
        var lost = cluster.Site("dr").Incarnations();

        cluster.Kill("dr-1");
        cluster.Kill("dr-2");
        var stoppedServing = false;
        var took = cluster.Await(
            () =>
            {
                stoppedServing |= main.Any(n => !n.Status.IsServing);
                return main.All(n => n.Status.SeesGone(lost));
            },
            TimeSpan.FromSeconds(30),
            "main sees both dr nodes down");
        output.WriteLine($"seed {seed}: crash to Down on every main node took {took.TotalSeconds:0.000} s (budget {cluster.DowningBudget.TotalSeconds:0.#} s)");

        Assert.False(stoppedServing, "the prime site must serve throughout");
        Assert.True(took <= cluster.DowningBudget, $"crash to Down took {took}, more than pause + stable-after + 2 s = {cluster.DowningBudget}");
        Assert.True(took >= cluster.Settings.StableAfter, $"downed after {took}, before stable-after ({cluster.Settings.StableAfter})");

        cluster.Step("dr removed, main alone serves");
        cluster.AwaitAll(s => s.IsUpWithExactly(main) && s.IsServing && s.HasQuorum, TimeSpan.FromSeconds(10), "main Up with exactly its two nodes");
        Assert.All(main, n => Assert.Equal(0, n.Status.PrimeEpoch));
    }
}
