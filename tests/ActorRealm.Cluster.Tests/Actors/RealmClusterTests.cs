using Xunit.Abstractions;

namespace ActorRealm.Cluster.Tests.Actors;

/// <summary>The <see cref="RealmCluster"/> extension on a real system: its status snapshot and waiting for one.</summary>
[Collection(RealSystems.Name)]
public sealed class RealmClusterTests(ITestOutputHelper output) : RealSystemsTestKit(output)
{
    [Fact]
    public async Task A_node_joins_its_seed_nodes_by_itself_and_WhenStatusAsync_completes_when_it_is_up_and_at_once_afterwards()
    {
        await using var realm = new LoopbackRealm("main:1", output: Output);
        var realmCluster = RealmCluster.Get(realm.Start("main-1"));

        // Akka joins the configured seed nodes as the system starts; nobody calls JoinAsync here.
        var up = await realmCluster.WhenStatusAsync(s => s.SelfStatus == ClusterMemberStatus.Up && s.IsServing).WaitAsync(Deadline);

        Assert.Equal("main-1", up.NodeName);
        Assert.Equal(realm.AddressOf("main-1"), up.Address);
        Assert.Equal(realmCluster.SelfNode.Uid, up.Incarnation);
        Assert.Equal(realm.AddressOf("main-1"), up.Leader);
        Assert.Equal("quorum: 1 of 1 members reachable, more than half", up.Quorum.Explanation);
        var again = realmCluster.WhenStatusAsync(s => s.SelfStatus == ClusterMemberStatus.Up);
        Assert.True(again.IsCompletedSuccessfully);
        Assert.Equal(ClusterMemberStatus.Up, (await again).SelfStatus);
        await realmCluster.JoinAsync().WaitAsync(Deadline);
    }

    [Fact]
    public async Task WhenStatusAsync_is_cancellable()
    {
        await using var realm = new LoopbackRealm("main:1", output: Output);
        var realmCluster = RealmCluster.Get(realm.Start("main-1"));
        using var cancellation = new CancellationTokenSource();

        var never = realmCluster.WhenStatusAsync(s => s.PrimeEpoch == 42, cancellation.Token);
        Assert.False(never.IsCompleted);
        await cancellation.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => never.WaitAsync(Deadline));
        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.True(never.IsCanceled);
    }

    [Fact]
    public async Task WhenStatusAsync_fails_when_the_system_terminates_and_says_why()
    {
        await using var realm = new LoopbackRealm("main:1", output: Output);
        var system = realm.Start("main-1");
        var realmCluster = RealmCluster.Get(system);
        var never = realmCluster.WhenStatusAsync(s => s.PrimeEpoch == 42);

        await RealmSystems.KillAsync(system);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => never.WaitAsync(Deadline));
        Assert.Equal("The actor system of node main-1 terminated (killed by the test).", error.Message);
    }

    [Fact]
    public async Task A_status_change_satisfying_the_predicate_later_completes_the_wait()
    {
        await using var realm = new LoopbackRealm("main:1,dr:1", output: Output);
        var main = RealmCluster.Get(realm.Start("main-1"));
        await main.WhenStatusAsync(s => s.SelfStatus == ClusterMemberStatus.Up).WaitAsync(Deadline);
        var drSeen = main.WhenStatusAsync(s => s.MemberAt(realm.AddressOf("dr-1"))?.Status == ClusterMemberStatus.Up);
        Assert.False(drSeen.IsCompleted);

        var dr = RealmCluster.Get(realm.Start("dr-1"));

        var status = await drSeen.WaitAsync(Deadline);
        Assert.Equal(dr.SelfNode.Uid, status.MemberAt(realm.AddressOf("dr-1"))!.Incarnation);
        Assert.Equal("dr-1", status.MemberAt(realm.AddressOf("dr-1"))!.Node);
    }
}
