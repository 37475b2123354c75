using ActorRealm.Cluster;
using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>
/// Regression for the bug class of old chaos seeds 2138 and 2400 (ADR 0036): both main nodes crashed
/// during a cut between the sites and restarted; they founded a new cluster (half of the realm, with
/// the prime site: quorum), while dr still listed their old incarnations as Up but unreachable and,
/// without quorum, could not down them. Members probed only addresses without a live member, so dr
/// never asked the new cluster. Members now also probe addresses whose member they cannot reach
/// (<c>RealmProbe.OnRound</c>: <c>|| !view.IsReachableHere(member)</c>; without it this spec fails).
/// main's own probes of dr are blocked here, so that only dr's probes can find the new cluster: a
/// probe from main would make dr's beacon draw the same conclusion (<c>RealmBeacon</c>) and hide
/// whether dr probes at all. (main:2,dr:2)
/// </summary>
public sealed class ProbeUnreachableMembers4NodeSpec(ITestOutputHelper output)
{
    [Fact]
    public Task A_side_probes_members_it_cannot_reach_and_finds_the_new_cluster_they_formed() =>
        RealmTestCluster.RunFormedAsync(output, "main:2,dr:2", async cluster =>
        {
            var main = cluster.Site("main").ToList();
            var dr = cluster.Site("dr").ToList();
            var oldMain = main.Incarnations();
            await cluster.BlackholeAsync("main", "dr");
            await cluster.KillAsync("main-1");
            await cluster.KillAsync("main-2");
            await cluster.AwaitAllAsync(s => !s.HasQuorum, TimeSpan.FromSeconds(15), "dr loses quorum", dr);

            cluster.Step("main restarts during the cut and founds a new cluster with quorum; main's probes cannot reach dr");
            await cluster.BlockProbesAsync("main", "dr");
            await cluster.StartAsync("main-1");
            await cluster.StartAsync("main-2");
            await cluster.AwaitAllAsync(s => s.IsUpWithExactly(main) && s.IsServing, TimeSpan.FromSeconds(20), "main's new cluster serves", main);
            Assert.All(dr, n => Assert.All(oldMain, m => Assert.True(n.Status.MemberAt(m.Address) is { Status: ClusterMemberStatus.Up, Reachable: false }, $"{n.Name} lists {m} as Up and unreachable")));

            cluster.Step("the cut heals: dr's probes of the unreachable main members find the new cluster");
            await cluster.HealAsync();
            var all = cluster.Nodes.ToList();
            await cluster.AwaitAllAsync(s => s.IsUpWithExactly(all) && s.IsServing && s.PrimeEpoch == 0, TimeSpan.FromSeconds(45), "one realm again");
            Assert.All(dr, n => Assert.Equal((1, 2), (n.Starts, n.Incarnations)));
            Assert.All(main, n => Assert.Equal((2, 2), (n.Starts, n.Incarnations)));
        });
}
