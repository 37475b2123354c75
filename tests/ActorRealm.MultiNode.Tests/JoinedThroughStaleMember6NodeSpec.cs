using ActorRealm.Cluster;
using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>
/// Found by chaos seed 5 (main:2,dr:2): a node that restarted while the realm's cluster and a member
/// the cluster had removed without that member knowing (cut off, downed and removed: a stale view)
/// could both answer, joined through the stale member. Its view then held the realm's members, and
/// their failure detectors answered its heartbeats, so it counted them reachable (a quorum on paper),
/// but they ignored its gossip: it stayed Joining forever, and when it probed the realm's cluster
/// neither side had a reason to move. Here main-3 crashes and is removed, main-1 is cut off from the
/// rest (except main-3's address) and removed too, then main-3 restarts and only main-1 answers; after
/// the heal main-3 must end up in the realm's cluster. A node that is still joining, whose view
/// shares live members with a cluster that does not list it, moves to that cluster
/// (<c>SeparatedClusterVerdict.JoinClusterOfSharedMembers</c> in <c>RealmSides.Decide</c>; without
/// it this spec times out with main-3 Joining). (main:3,dr:3)
/// </summary>
public sealed class JoinedThroughStaleMember6NodeSpec(ITestOutputHelper output)
{
    [Fact]
    public Task A_node_welcomed_by_a_member_with_a_stale_view_ends_up_in_the_realms_cluster() =>
        RealmTestCluster.RunFormedAsync(output, "main:3,dr:3", async cluster =>
        {
            var main3 = cluster["main-3"].Realm.SelfNode;
            await cluster.KillAsync("main-3");
            var rest = cluster.Nodes.Where(n => n.Name is not ("main-1" or "main-3")).ToList();
            await cluster.AwaitAllAsync(s => s.SeesGone([main3]) && s.MemberAt(main3.Address)!.Status == ClusterMemberStatus.Absent, TimeSpan.FromSeconds(20), "the others remove the crashed main-3");

            cluster.Step("main-1 is cut off from the rest, which down and remove it; main-1 does not know");
            var main1 = cluster["main-1"].Realm.SelfNode;
            await cluster.BlackholeAsync("main-1+main-3", "main-2+dr");
            await cluster.AwaitAllAsync(s => s.MemberAt(main1.Address)!.Status == ClusterMemberStatus.Absent && s.IsServing, TimeSpan.FromSeconds(20), "the rest remove main-1 and serve", rest);
            Assert.Equal(ClusterMemberStatus.Up, cluster["main-1"].Status.SelfStatus);

            cluster.Step("main-3 restarts; only main-1 answers it");
            var restarted = await cluster.StartAsync("main-3");
            await cluster.AwaitAsync(() => restarted.Status is { SelfStatus: ClusterMemberStatus.Joining } s && s.Members.Count(m => m.Status == ClusterMemberStatus.Up) >= 4, TimeSpan.FromSeconds(15), "main-1 welcomes main-3 into its stale view");

            cluster.Step("the network heals");
            await cluster.HealAsync();
            var all = cluster.Nodes.ToList();
            await cluster.AwaitAllAsync(s => s.IsUpWithExactly(all) && s.IsServing, TimeSpan.FromSeconds(40), "one realm again");
            Assert.All(rest, n => Assert.Equal(1, n.Incarnations));
            Assert.Contains(restarted.Log, l => l.Incarnation == 2 && l.Message.Contains("the member that welcomed it had a stale view", StringComparison.Ordinal));
        });
}
