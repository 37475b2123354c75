using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>
/// Two sites of two nodes, prime = main, cut from each other with both sides alive: only main
/// serves and downs dr; dr stops serving, stays alive, downs nobody. After the heal the dr nodes
/// learn they were removed and rejoin by themselves as new incarnations, without a restart.
/// </summary>
public sealed class FullPartition4NodeSpec(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Only_the_prime_side_serves_and_everyone_converges_after_the_heal(int seed)
    {
        using var cluster = new MultiNodeCluster(seed, output, "main:2,dr:2");
        cluster.StartAllAndAwaitUp();
        var main = cluster.Site("main").ToList();
        var dr = cluster.Site("dr").ToList();
        var drBefore = dr.Incarnations();

        cluster.Blackhole("main", "dr");
        var took = cluster.Await(() => main.All(n => n.Status.SeesGone(drBefore) && n.Status.IsServing), TimeSpan.FromSeconds(20), "main downs dr");
        Assert.True(took <= cluster.DowningBudget, $"cut to Down took {took}");
        cluster.AwaitAll(s => !s.IsServing && !s.HasQuorum, TimeSpan.FromSeconds(5), "dr stops serving", dr);

        cluster.Step("partition lasts");
        cluster.RunFor(TimeSpan.FromSeconds(10));
        Assert.All(dr, n => Assert.False(n.Status.IsServing));
        Assert.All(main, n => Assert.True(n.Status.IsServing));

        cluster.Heal();
        var all = cluster.Nodes.ToList();
        cluster.AwaitAll(s => s.IsUpWithExactly(all) && s.IsServing, TimeSpan.FromSeconds(30), "everyone Up and serving again");
        Assert.All(cluster.Nodes, n => Assert.Equal(1, n.Starts));
        Assert.All(dr, n => Assert.DoesNotContain(n.Cluster.SelfNode, drBefore));
        Assert.All(cluster.Nodes, n => Assert.True(n.Status.SeesGone(drBefore)));
    }
}
