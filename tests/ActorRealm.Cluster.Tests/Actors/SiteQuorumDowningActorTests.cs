using System.Collections.Concurrent;
using ActorRealm.Cluster.Membership;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorRealm.Cluster.Tests.Actors;

/// <summary>The downing actor on real systems: what a side that loses and regains quorum publishes and shows.</summary>
[Collection(RealSystems.Name)]
public sealed class SiteQuorumDowningActorTests(ITestOutputHelper output) : RealSystemsTestKit(output)
{
    [Fact]
    public async Task A_side_that_loses_quorum_publishes_QuorumLost_and_stops_serving_and_resumes_when_it_regains_it()
    {
        // 1 + 1 with the prime site main: cut off, dr has half without the prime site; main keeps quorum.
        await using var realm = new LoopbackRealm(output: Output);
        var systems = await realm.StartFormedAsync("main-1", "dr-1");
        var (main, dr) = (systems[0], systems[1]);
        var mainEvents = EventsOf<RealmEvent>(main);
        var drEvents = EventsOf<RealmEvent>(dr);
        var drServingAtEvents = ServingWhenPublished(dr);

        await LoopbackRealm.BlackholeAsync(main, dr);

        var lost = await drEvents.ExpectMsgAsync<QuorumLost>(Deadline);
        Assert.Equal($"no quorum: 1 of 2 members reachable, exactly half, but prime site 'main' is missing {realm.AddressOf("main-1")}", lost.Decision.Explanation);
        var drStatus = RealmCluster.Get(dr).CurrentStatus;
        Assert.False(drStatus.IsServing);
        Assert.False(drStatus.HasQuorum);
        Assert.Equal(ClusterMemberStatus.Up, drStatus.SelfStatus);
        Assert.False(drStatus.MemberAt(realm.AddressOf("main-1"))!.Reachable);
        await AwaitConditionAsync(() => Task.FromResult(!RealmCluster.Get(main).CurrentStatus.MemberAt(realm.AddressOf("dr-1"))!.Reachable), Deadline);
        Assert.True(RealmCluster.Get(main).CurrentStatus.IsServing);

        await LoopbackRealm.HealAsync(main, dr);

        var regained = await drEvents.ExpectMsgAsync<QuorumRegained>(Deadline);
        Assert.Equal("quorum: 2 of 2 members reachable, more than half", regained.Decision.Explanation);
        await AwaitConditionAsync(() => Task.FromResult(RealmCluster.Get(dr).CurrentStatus.IsServing), Deadline);
        Assert.True(RealmCluster.Get(dr).CurrentStatus.HasQuorum);

        // A subscriber that reads the status when the event arrives sees it agree with the event.
        Assert.Equal([(typeof(QuorumLost), false), (typeof(QuorumRegained), true)], drServingAtEvents.Select(e => (e.Event.GetType(), e.Serving)));

        // main never lost quorum, and nobody was downed (stable-after is a minute).
        mainEvents.ExpectNoMsg(TimeSpan.Zero);
        drEvents.ExpectNoMsg(TimeSpan.Zero);
        Assert.All([main, dr], s => Assert.Equal(2, RealmCluster.Get(s).CurrentStatus.Members.Count(m => m.Status == ClusterMemberStatus.Up)));
    }


    /// <summary>
    /// What <see cref="ClusterStatus.IsServing"/> says at the instant each realm event of <paramref name="system"/>
    /// is published (recorded on the publishing thread, so the order is exact).
    /// </summary>
    private static ConcurrentQueue<(RealmEvent Event, bool Serving)> ServingWhenPublished(ActorSystem system)
    {
        var seen = new ConcurrentQueue<(RealmEvent Event, bool Serving)>();
        var realm = RealmCluster.Get(system);
        var recorder = new Recorder(((ExtendedActorSystem)system).Provider, e => seen.Enqueue((e, realm.CurrentStatus.IsServing)));
        system.EventStream.Subscribe(recorder, typeof(RealmEvent));
        return seen;
    }

    /// <summary>An actor reference that handles what it is sent at once, on the sender's thread.</summary>
    private sealed class Recorder(IActorRefProvider provider, Action<RealmEvent> record) : MinimalActorRef
    {
        public override ActorPath Path { get; } = new RootActorPath(provider.DefaultAddress) / "temp" / $"recorder-{Guid.NewGuid():N}";

        public override IActorRefProvider Provider => provider;

        protected override void TellInternal(object message, IActorRef sender)
        {
            if (message is RealmEvent e)
            {
                record(e);
            }
        }
    }
}
