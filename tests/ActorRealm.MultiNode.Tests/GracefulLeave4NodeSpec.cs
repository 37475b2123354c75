using ActorRealm.Cluster;
using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>
/// A graceful leave goes Leaving, Exiting, Removed (never Down) and completes; the others keep
/// serving. Terminating a node's actor system (what SIGTERM does) runs the same leave through
/// coordinated shutdown.
/// </summary>
public sealed class GracefulLeave4NodeSpec(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_leaving_node_is_removed_without_being_downed(int seed)
    {
        using var cluster = new MultiNodeCluster(seed, output, "main:2,dr:2");
        cluster.StartAllAndAwaitUp();
        var leaving = cluster["dr-2"];
        var incarnation = leaving.Cluster.SelfNode;
        var downed = false;
        var others = cluster.Nodes.Where(n => n != leaving).ToList();
        foreach (var node in others)
        {
            node.Cluster.StatusChanged += (_, s) => downed |= s.Members.Any(m => m.Incarnation == incarnation.Uid && m.Status == ClusterMemberStatus.Down);
        }

        var leave = leaving.Cluster.LeaveAsync();
        cluster.Await(() => leave.IsCompleted, TimeSpan.FromSeconds(20), "the leave completes");
        Assert.True(leave.IsCompletedSuccessfully);
        Assert.Equal(ClusterMemberStatus.Removed, leaving.Status.SelfStatus);
        cluster.AwaitAll(s => s.IsUpWithExactly(others) && s.IsServing, TimeSpan.FromSeconds(10), "the others serve without dr-2", others);
        Assert.False(downed, "a leaving node must never be downed");
        Assert.False(leaving.System.IsTerminating, "leaving does not stop the process");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void Terminating_the_system_leaves_gracefully(int seed)
    {
        using var cluster = new MultiNodeCluster(seed, output, "main:2,dr:2");
        cluster.StartAllAndAwaitUp();
        var stopping = cluster["main-2"];
        var incarnation = stopping.Cluster.SelfNode;
        var others = cluster.Nodes.Where(n => n != stopping).ToList();

        var terminated = cluster.Stop("main-2");
        cluster.Await(() => terminated.IsCompleted, TimeSpan.FromSeconds(30), "the system terminates");
        cluster.AwaitAll(s => s.IsUpWithExactly(others), TimeSpan.FromSeconds(10), "the others see main-2 gone", others);
        Assert.All(others, n => Assert.Contains(n.Status.Members, m => m.Address == incarnation.Address && m.Status == ClusterMemberStatus.Removed));
        Assert.Contains(cluster.Log, l => l.Node == "main-2" && l.Message.Contains("left the cluster", StringComparison.Ordinal));
    }
}
