using ActorRealm.Cluster;
using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>
/// Regression for the second half of the bug class of old chaos seeds 423 and 277 (ADR 0036): the
/// realm ended as two formed clusters, each holding half of the members with the prime site split
/// between them, neither with quorum, and neither moving, since members moved only to a formed
/// cluster or to one with quorum. Here the realm is cut into halves {main-1, dr-1} and {main-2, dr-2};
/// main-1 and dr-1 restart during the cut and found a new cluster (main-1 is the first seed), while
/// main-2 and dr-2 keep the old one; then the network heals. The side without the first seed moves
/// (<c>SeparatedClusterVerdict.JoinFirstSeedsCluster</c>): without the last rule of
/// <c>SeparatedClusters.Decide</c> (return <c>Stay</c> instead) this spec fails, the halves wait for
/// each other forever. (main:2,dr:2)
/// </summary>
public sealed class SeparatedHalvesMerge4NodeSpec(ITestOutputHelper output)
{
    [Fact]
    public Task Two_halves_without_quorum_merge_and_the_side_without_the_first_seed_moves() =>
        RealmTestCluster.RunFormedAsync(output, "main:2,dr:2", async cluster =>
        {
            var firstSeedHalf = cluster.Nodes.Where(n => n.Name is "main-1" or "dr-1").ToList();
            var otherHalf = cluster.Nodes.Except(firstSeedHalf).ToList();
            await cluster.BlackholeAsync("main-1+dr-1", "main-2+dr-2");
            await cluster.AwaitAllAsync(s => !s.HasQuorum, TimeSpan.FromSeconds(15), "both halves lose quorum");

            cluster.Step("main-1 and dr-1 restart during the cut and found a new cluster");
            foreach (var node in firstSeedHalf)
            {
                await cluster.RestartAsync(node.Name);
            }

            await cluster.AwaitAllAsync(s => s.IsUpWithExactly(firstSeedHalf) && !s.HasQuorum, TimeSpan.FromSeconds(20), "main-1 and dr-1 form a cluster of their own", firstSeedHalf);
            Assert.All(otherHalf, n => Assert.True(n.Status is { SelfStatus: ClusterMemberStatus.Up, HasQuorum: false } && n.Incarnations == 1, $"{n.Name} keeps the old cluster"));

            cluster.Step("the network heals: two clusters of the realm, neither with quorum");
            await cluster.HealAsync();
            var all = cluster.Nodes.ToList();
            await cluster.AwaitAllAsync(s => s.IsUpWithExactly(all) && s.IsServing, TimeSpan.FromSeconds(45), "one realm again");
            Assert.All(firstSeedHalf, n => Assert.Equal((2, 2), (n.Starts, n.Incarnations)));
            Assert.All(otherHalf, n => Assert.Equal((1, 2), (n.Starts, n.Incarnations)));
            // The first of them to move does so for the first seed rule; the other may follow because
            // the first seed's cluster then has a majority.
            Assert.Contains(otherHalf.SelectMany(n => n.Log), l => l.Incarnation == 1 && l.Message.Contains("the side without the first seed moves", StringComparison.Ordinal));

            // A move ends the incarnation at once: it must not wait for Akka's cluster-shutdown phase,
            // which waits for a leave or a Down that never comes (5 s, the phase's timeout).
            Assert.All(otherHalf, n => Assert.All(n.MoveDurations(), d => Assert.True(d < TimeSpan.FromSeconds(2), $"{n.Name}'s next incarnation started {d.TotalSeconds:0.0} s after it decided to move")));
        });
}
