using System.Collections.Concurrent;
using ActorRealm.Cluster;
using ActorRealm.MultiNode.Tests.Harness;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>
/// A graceful leave goes Leaving, Exiting, Removed, never Down, and completes; the others keep
/// serving. Ending a node's actor system through coordinated shutdown (what SIGTERM does in the node
/// process) runs the same leave. Either way the node's system ends with Akka's leaving reason, so
/// the node process (here the harness) does not start a next incarnation. (main:2,dr:2)
/// </summary>
public sealed class GracefulLeave4NodeSpec(ITestOutputHelper output)
{
    [Fact]
    public Task A_leaving_node_is_removed_without_being_downed() =>
        DepartsGracefully("dr-2", (_, node) => node.Realm.LeaveAsync(), mustSee: ClusterMemberStatus.Leaving, typeof(CoordinatedShutdown.ClusterLeavingReason));

    [Fact]
    public Task Terminating_the_system_leaves_gracefully() =>
        DepartsGracefully("main-2", (cluster, node) => cluster.StopAsync(node.Name), mustSee: ClusterMemberStatus.Exiting, typeof(CoordinatedShutdown.ClrExitReason));

    /// <summary>
    /// <paramref name="name"/> departs through <paramref name="depart"/>; the others must see it
    /// Leaving or Exiting (at least <paramref name="mustSee"/>), never Down, then removed, and serve
    /// throughout; its system ends for <paramref name="reason"/> and no next incarnation starts.
    /// </summary>
    private Task DepartsGracefully(string name, Func<RealmTestCluster, RealmTestNode, Task> depart, ClusterMemberStatus mustSee, Type reason) =>
        RealmTestCluster.RunFormedAsync(output, "main:2,dr:2", async cluster =>
        {
            var departing = cluster[name];
            var others = cluster.Nodes.Where(n => n != departing).ToList();
            var watch = Watch(cluster, departing);

            var departed = depart(cluster, departing);
            await cluster.ResultAsync(departed.ContinueWith(t => t, TaskScheduler.Default), TimeSpan.FromSeconds(30), $"{name} departs");
            Assert.True(departed.IsCompletedSuccessfully, departed.Exception?.ToString());
            await cluster.AwaitAllAsync(s => s.IsUpWithExactly(others) && s.IsServing && s.MemberAt(departing.Address)!.Status == ClusterMemberStatus.Absent, TimeSpan.FromSeconds(10), $"the others serve without {name}", others);

            var statuses = watch.Seen.Select(s => s.Status).Distinct().ToList();
            Assert.True(statuses.All(s => s is ClusterMemberStatus.Up or ClusterMemberStatus.Leaving or ClusterMemberStatus.Exiting), $"the others saw {name} as {string.Join(", ", watch.Seen)}");
            Assert.Contains(mustSee, statuses);
            Assert.Empty(cluster.Downs);
            Assert.True(watch.OthersServed, "the others must serve throughout: three of four members keep a majority");
            Assert.Contains(departing.Log, l => l.Message.Contains("Marked address", StringComparison.Ordinal) && l.Message.Contains("as [Leaving]", StringComparison.Ordinal));
            await cluster.ResultAsync(departing.System.WhenTerminated.ContinueWith(_ => true, TaskScheduler.Default), TimeSpan.FromSeconds(10), $"{name}'s system ends after its leave");
            Assert.IsType(reason, CoordinatedShutdown.Get(departing.System).ShutdownReason);
            Assert.Equal(1, departing.Incarnations);
        });

    /// <summary>
    /// Records every status the other nodes show for <paramref name="departing"/>'s incarnation, and
    /// whether they all served throughout (three of four members keep a majority).
    /// </summary>
    private static Departure Watch(RealmTestCluster cluster, RealmTestNode departing)
    {
        var incarnation = departing.Realm.SelfNode;
        var departure = new Departure();
        cluster.OnEveryStatus((node, status) =>
        {
            if (node == departing)
            {
                return;
            }

            departure.OthersServed &= status.IsServing;
            if (status.Members.FirstOrDefault(m => m.Address == incarnation.Address && m.Incarnation == incarnation.Uid) is { } row)
            {
                departure.Seen.Enqueue((node.Name, row.Status));
            }
        });
        return departure;
    }

    private sealed class Departure
    {
        public ConcurrentQueue<(string Node, ClusterMemberStatus Status)> Seen { get; } = new();

        public bool OthersServed { get; set; } = true;
    }
}
