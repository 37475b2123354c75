using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>
/// The document's main example: one realm per site. With production (main) prime, losing the
/// disaster-recovery node leaves main serving ("two out of three" votes); losing main stops dr
/// until an administrator switches the prime site to dr after confirming main is down.
/// </summary>
public sealed class OnePlusOne2NodeSpec(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Losing_dr_leaves_main_serving(int seed)
    {
        using var cluster = new MultiNodeCluster(seed, output, "main:1,dr:1");
        cluster.StartAllAndAwaitUp();
        var lost = cluster.Site("dr").Incarnations();

        cluster.Kill("dr-1");
        var took = cluster.Await(() => cluster["main-1"].Status.SeesGone(lost) && cluster["main-1"].Status.IsServing, TimeSpan.FromSeconds(20), "main downs dr");
        Assert.True(took <= cluster.DowningBudget, $"took {took}");
        Assert.Contains("exactly half, with every member of prime site 'main'", cluster["main-1"].Status.Quorum.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void Losing_main_stops_dr_until_the_switch(int seed)
    {
        using var cluster = new MultiNodeCluster(seed, output, "main:1,dr:1");
        cluster.StartAllAndAwaitUp();
        cluster.Kill("main-1");
        cluster.AwaitAll(s => !s.IsServing, TimeSpan.FromSeconds(10), "dr stops serving");
        cluster.RunFor(cluster.Settings.PrimeSwitchMinUnreachable + TimeSpan.FromSeconds(1));
        Assert.False(cluster["dr-1"].Status.IsServing);

        var outcome = cluster.Result(cluster["dr-1"].Cluster.RequestPrimeSwitchAsync("dr", "main", "spec"), TimeSpan.FromSeconds(10), "switch answers");
        Assert.True(outcome.Accepted, outcome.Message);
        cluster.AwaitAll(s => s.IsServing && s.PrimeSite == "dr" && s.PrimeEpoch == 1, TimeSpan.FromSeconds(10), "dr serves as prime");
    }
}
