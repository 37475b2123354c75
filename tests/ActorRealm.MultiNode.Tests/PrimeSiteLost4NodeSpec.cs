using ActorRealm.Cluster;
using ActorRealm.Cluster.Prime;
using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>
/// Two sites of two nodes, prime = main. The main site crashes: dr loses quorum (exactly half,
/// without the prime site), stops serving, stays alive and downs nobody. The guarded switch is
/// refused before prime-switch.min-unreachable, accepted after; the epoch goes to 1 and is stored
/// on every surviving node; dr serves again and downs the old prime site; restarted main nodes
/// join and follow epoch 1.
/// </summary>
public sealed class PrimeSiteLost4NodeSpec(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_other_site_stops_serving_until_the_guarded_switch_restores_quorum(int seed)
    {
        using var cluster = new MultiNodeCluster(seed, output, "main:2,dr:2");
        cluster.StartAllAndAwaitUp();
        var dr = cluster.Site("dr").ToList();
        var main = cluster.Site("main").Incarnations();

        cluster.Kill("main-1");
        cluster.Kill("main-2");
        var crashedAt = cluster.Now;
        cluster.AwaitAll(s => !s.HasQuorum && !s.IsServing, TimeSpan.FromSeconds(10), "dr loses quorum and stops serving");
        Assert.All(dr, n => Assert.Contains("prime site 'main' is missing", n.Status.Quorum.Explanation, StringComparison.Ordinal));

        cluster.Step("switch too early");
        var early = cluster.Result(cluster["dr-1"].Cluster.RequestPrimeSwitchAsync("dr", "main", "spec"), TimeSpan.FromSeconds(10), "the early switch answers");
        Assert.False(early.Accepted);
        Assert.Equal(PrimeSwitchRefusal.OldPrimeRecentlyReachable, early.Refusal);
        Assert.Contains("must have been unreachable from this side for at least 10 s", early.Message, StringComparison.Ordinal);

        cluster.Step("dr waits, alive and not serving, downing nobody");
        // min-unreachable counts from the last answer, which came up to one heartbeat before the crash.
        cluster.RunFor(cluster.Settings.PrimeSwitchMinUnreachable - (cluster.Now - crashedAt) + TimeSpan.FromSeconds(1));
        Assert.All(dr, n => Assert.False(n.Status.IsServing));
        Assert.All(dr, n => Assert.True(n.Status.SeesUp(dr)));
        Assert.All(dr, n => Assert.All(main, m => Assert.Contains(n.Status.Members, r => r.Incarnation == m.Uid && r.Status == ClusterMemberStatus.Up && !r.Reachable)));

        cluster.Step("switch after min-unreachable");
        var accepted = cluster.Result(cluster["dr-1"].Cluster.RequestPrimeSwitchAsync("dr", "main", "spec"), TimeSpan.FromSeconds(10), "the switch answers");
        Assert.True(accepted.Accepted, accepted.Message);
        Assert.Equal(("dr", 1L), (accepted.Prime.Site, accepted.Prime.Epoch));
        Assert.Equal(dr.Select(n => n.Address).Order(), accepted.StoredBy.Order());
        Assert.Empty(accepted.NotConfirmedBy);
        foreach (var node in dr)
        {
            Assert.Equal(accepted.Prime, new PrimeEpochStore(node.DataDirectory).Load());
        }

        cluster.AwaitAll(s => s.HasQuorum && s.IsServing && s.PrimeEpoch == 1 && s.SeesGone(main), cluster.DowningBudget, "dr serves with epoch 1 and has downed main");

        cluster.Step("main comes back and follows epoch 1");
        cluster.Restart("main-1");
        cluster.Restart("main-2");
        var all = cluster.Nodes.ToList();
        cluster.AwaitAll(s => s.IsUpWithExactly(all) && s.PrimeSite == "dr" && s.PrimeEpoch == 1 && s.IsServing, TimeSpan.FromSeconds(30), "all four Up in epoch 1");
        foreach (var node in all)
        {
            Assert.Equal(accepted.Prime, new PrimeEpochStore(node.DataDirectory).Load());
        }
    }
}
