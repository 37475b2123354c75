using System.Runtime.CompilerServices;
using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using Akka.Actor;
using Xunit.Abstractions;
using static ActorRealm.Cluster.Tests.TestNodes;
using AkkaCluster = Akka.Cluster.Cluster;
using AkkaMemberStatus = Akka.Cluster.MemberStatus;

namespace ActorRealm.Cluster.Tests.Actors;

/// <summary>
/// <see cref="AkkaClusterView"/> against the pinned Akka.Cluster: it reads Akka's internal
/// per-observer reachability table by reflection, so these tests fail if an Akka upgrade moves it.
/// </summary>
[Collection(RealSystems.Name)]
public sealed class AkkaClusterViewTests(ITestOutputHelper output) : RealSystemsTestKit(output)
{
    [Fact]
    public async Task A_formed_realm_reads_as_members_with_their_sites_and_names_the_leader_and_an_empty_table()
    {
        await using var realm = new LoopbackRealm(output: Output);
        var (main, dr) = await FormAsync(realm);

        var view = AkkaClusterView.Read(AkkaCluster.Get(main), realm.Layout, PrimeState.Initial(Main));

        Assert.Equal(NodeOf(main), view.Self);
        Assert.Equal(Min(NodeOf(main), NodeOf(dr)), view.Leader);
        Assert.Equal(view.Leader == view.Self, view.IsLeader);
        Assert.Equal(
            [(NodeOf(dr), Dr, "dr-1", MemberStatus.Up), (NodeOf(main), Main, "main-1", MemberStatus.Up)],
            view.Members.OrderBy(m => m.Site, StringComparer.Ordinal).Select(m => (m.Node, m.Site, m.Name, m.Status)));
        Assert.All(view.Members, m => Assert.Empty(m.Roles));
        Assert.Equal([realm.AddressOf("dr-1")], view.HeardFrom!);
        Assert.True(view.Reachability.IsAllReachable);
        Assert.Empty(view.Reachability.Records);
        Assert.True(view.Quorum.HasQuorum);
    }

    [Fact]
    public async Task After_a_blackhole_each_side_holds_its_own_observation_of_the_other()
    {
        await using var realm = new LoopbackRealm(output: Output);
        var (main, dr) = await FormAsync(realm);

        await LoopbackRealm.BlackholeAsync(main, dr);
        await AwaitConditionAsync(() => Task.FromResult(!AkkaClusterView.ReadReachability(AkkaCluster.Get(main)).IsAllReachable), Deadline);
        await AwaitConditionAsync(() => Task.FromResult(!AkkaClusterView.ReadReachability(AkkaCluster.Get(dr)).IsAllReachable), Deadline);

        foreach (var (observer, subject) in new[] { (main, dr), (dr, main) })
        {
            var table = AkkaClusterView.ReadReachability(AkkaCluster.Get(observer));
            var record = Assert.Single(table.Records);
            Assert.Equal((NodeOf(observer), NodeOf(subject), ReachabilityStatus.Unreachable), (record.Observer, record.Subject, record.Status));
            Assert.True(record.Version > 0);
            Assert.Contains(table.Versions, v => v.Key == NodeOf(observer) && v.Value >= record.Version);
            Assert.Equal(ReachabilityStatus.Unreachable, table.StatusOf(NodeOf(observer), NodeOf(subject)));
            Assert.Equal([AkkaCluster.Get(subject).SelfAddress], AkkaCluster.Get(observer).State.Unreachable.Select(m => m.Address));
        }

        var mainView = AkkaClusterView.Read(AkkaCluster.Get(main), realm.Layout, PrimeState.Initial(Main));
        var drView = AkkaClusterView.Read(AkkaCluster.Get(dr), realm.Layout, PrimeState.Initial(Main));
        Assert.Equal([realm.AddressOf("main-1")], mainView.ReachableAddresses);
        Assert.True(mainView.Quorum.HasQuorum);
        Assert.False(drView.Quorum.HasQuorum);
    }

    private static NodeId Min(NodeId a, NodeId b) => a < b ? a : b;

    private static NodeId NodeOf(ActorSystem system) => AkkaClusterView.ToNodeId(AkkaCluster.Get(system).SelfUniqueAddress);

    private static async Task<(ActorSystem Main, ActorSystem Dr)> FormAsync(LoopbackRealm realm)
    {
        var systems = await realm.StartFormedAsync("main-1", "dr-1");
        return (systems[0], systems[1]);
    }
}

/// <summary>The pure parts of <see cref="AkkaClusterView"/>: the reflected members exist, statuses and addresses map.</summary>
public sealed class AkkaClusterViewMappingTests
{
    [Fact]
    public void The_internal_members_it_reads_exist_in_the_pinned_akka()
    {
        var initialized = Record.Exception(() => RuntimeHelpers.RunClassConstructor(typeof(AkkaClusterView).TypeHandle));

        Assert.Null(initialized);
    }

    [Theory]
    [InlineData(AkkaMemberStatus.Joining, MemberStatus.Joining)]
    [InlineData(AkkaMemberStatus.WeaklyUp, MemberStatus.Joining)]
    [InlineData(AkkaMemberStatus.Up, MemberStatus.Up)]
    [InlineData(AkkaMemberStatus.Leaving, MemberStatus.Leaving)]
    [InlineData(AkkaMemberStatus.Exiting, MemberStatus.Exiting)]
    [InlineData(AkkaMemberStatus.Down, MemberStatus.Down)]
    [InlineData(AkkaMemberStatus.Removed, MemberStatus.Removed)]
    public void Akka_member_statuses_map_onto_the_realms(AkkaMemberStatus akka, MemberStatus realm) =>
        Assert.Equal(realm, AkkaClusterView.ToStatus(akka));

    [Fact]
    public void Every_akka_member_status_maps()
    {
        Assert.All(Enum.GetValues<AkkaMemberStatus>(), s => Assert.True(Enum.IsDefined(AkkaClusterView.ToStatus(s))));
        Assert.Equal(new NodeId(new NodeAddress("10.0.0.1", 25520), -7), AkkaClusterView.ToNodeId(new Akka.Cluster.UniqueAddress(new Address("akka.tcp", "realm", "10.0.0.1", 25520), -7)));
    }
}
