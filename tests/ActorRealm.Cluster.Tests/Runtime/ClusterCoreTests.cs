using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Protocol;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Cluster.Tests.Runtime;

/// <summary>The cluster core of a node that joins through a scripted seed (the peer).</summary>
public sealed class ClusterCoreJoinTests() : ClusterActorTestBase(seed: 5, nodeIsFirstSeed: false)
{
    [Fact]
    public void Before_joining_the_status_shows_every_configured_member_absent()
    {
        var status = Cluster.CurrentStatus;
        Assert.Equal(ClusterMemberStatus.Absent, status.SelfStatus);
        Assert.Equal(4, status.Members.Length);
        Assert.All(status.Members, m => Assert.Equal(ClusterMemberStatus.Absent, m.Status));
        Assert.Equal("node", Assert.Single(status.Members, m => m.IsSelf).Node);
        Assert.False(status.IsServing);
        Assert.Equal(("main", 0L), (status.PrimeSite, status.PrimeEpoch));
    }

    [Fact]
    public void Joining_asks_the_seed_joins_the_first_that_acks_and_is_welcomed()
    {
        var joined = Cluster.JoinSeedNodesAsync();
        var init = PeerCore.ExpectMsg<InitJoin>();
        Assert.Equal((Realm, Self, "main"), (init.Realm, init.From, init.Site));

        PeerCore.Reply(new InitJoinAck(Realm, Peer, ClusterFormed: true, Prime, HasQuorum: false));
        var join = PeerCore.ExpectMsg<Join>();
        Assert.Equal(("main", "node"), (join.Site, join.Name));

        var peerUp = Member.Joining(Peer, "main").WithStatus(MemberStatus.Up) with { UpNumber = 1 };
        var gossip = Gossip.Create([peerUp, Member.Joining(Self, "main", name: "node")], Reachability.Empty, [Peer], VectorClock.Empty.Increment(Peer), Prime, []);
        PeerCore.Reply(new Welcome(Realm, Peer, Self, gossip));

        // The node tells the welcoming peer that it has seen the gossip.
        var seen = PeerCore.FishForMessage<GossipEnvelope>(_ => true);
        Assert.True(seen.Gossip.HasSeen(Self));
        AwaitCondition(() => Cluster.CurrentStatus.SelfStatus == ClusterMemberStatus.Joining, message: "the node is a joining member");
        Assert.False(joined.IsCompleted, "joining completes only when Up");
        Assert.Contains(Cluster.CurrentStatus.Members, m => m.Incarnation == Peer.Uid && m.Status == ClusterMemberStatus.Up);
    }

    [Fact]
    public void A_refused_join_is_retried_through_the_seeds()
    {
        _ = Cluster.JoinSeedNodesAsync();
        PeerCore.ExpectMsg<InitJoin>();
        PeerCore.Reply(new InitJoinAck(Realm, Peer, ClusterFormed: true, Prime, HasQuorum: true));
        PeerCore.ExpectMsg<Join>();
        PeerCore.Reply(new JoinRefused(Realm, Peer, "a previous incarnation is being removed", Retry: true));
        Assert.IsType<InitJoin>(PeerCore.FishForMessage<InitJoin>(_ => true, TimeSpan.FromSeconds(5)));
        Assert.Contains(NodeLogs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("a previous incarnation is being removed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_node_that_is_not_a_member_answers_InitJoin_with_a_nack_and_refuses_joins()
    {
        NodeCore.Tell(new InitJoin(Realm, Peer, "main"), PeerCore);
        PeerCore.ExpectMsg<InitJoinNack>();
        NodeCore.Tell(new Join(Realm, Peer, "main", [], "peer"), PeerCore);
        Assert.True(PeerCore.ExpectMsg<JoinRefused>().Retry);
    }

    [Fact]
    public void Messages_from_outside_the_layout_or_another_realm_are_refused_with_a_log_line()
    {
        var stranger = new NodeId(new NodeAddress("stranger", 2552), 5);
        NodeCore.Tell(new InitJoin(Realm, stranger, "main"), PeerCore);
        NodeCore.Tell(new InitJoin("other-realm", Peer, "main"), PeerCore);
        PeerCore.ExpectNoMsg(TimeSpan.FromSeconds(1));
        Assert.Contains(NodeLogs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("Refusing InitJoin from stranger:2552#5: stranger:2552 is not a configured member", StringComparison.Ordinal));
        Assert.Contains(NodeLogs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("it comes from realm 'other-realm'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_heartbeat_receiver_answers_only_heartbeats_for_the_current_incarnation()
    {
        NodeHeartbeatReceiver.Tell(new Heartbeat(Realm, Peer, Self, 41), PeerHeartbeats);
        var response = PeerHeartbeats.ExpectMsg<HeartbeatResponse>();
        Assert.Equal((Self, 41UL), (response.From, response.Sequence));

        NodeHeartbeatReceiver.Tell(new Heartbeat(Realm, Peer, new NodeId(NodeAddress, Self.Uid + 1), 42), PeerHeartbeats);
        NodeHeartbeatReceiver.Tell(new Heartbeat("other-realm", Peer, Self, 43), PeerHeartbeats);
        PeerHeartbeats.ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Leaving_before_joining_completes_at_once_and_downing_an_unknown_address_changes_nothing()
    {
        Assert.True(Cluster.LeaveAsync().IsCompletedSuccessfully);
        Cluster.Down(new NodeAddress("dr-1", 2552));
        RunFor(TimeSpan.FromSeconds(1));
        Assert.All(Cluster.CurrentStatus.Members, m => Assert.Equal(ClusterMemberStatus.Absent, m.Status));
    }
}

/// <summary>The cluster core of a node that forms the cluster as first seed, with the scripted peer joining it.</summary>
public sealed class ClusterCoreMemberTests() : ClusterActorTestBase(seed: 9, nodeIsFirstSeed: true)
{
    [Fact]
    public void The_first_seed_forms_the_cluster_but_moves_nobody_up_without_quorum()
    {
        _ = Cluster.JoinSeedNodesAsync();
        PeerCore.ExpectMsg<InitJoin>();
        AwaitCondition(() => Cluster.CurrentStatus.SelfStatus == ClusterMemberStatus.Joining, TimeSpan.FromSeconds(5), "formed");
        RunFor(TimeSpan.FromSeconds(5));
        var status = Cluster.CurrentStatus;
        Assert.Equal(ClusterMemberStatus.Joining, status.SelfStatus);
        Assert.False(status.HasQuorum);
        Assert.Equal("no quorum: 1 of 4 members reachable, not more than half", status.Quorum.Explanation);

        NodeCore.Tell(new InitJoin(Realm, Peer, "main"), PeerCore);
        var ack = PeerCore.FishForMessage<InitJoinAck>(_ => true);
        Assert.False(ack.ClusterFormed);
        Assert.False(ack.HasQuorum);
        Assert.Equal(Prime, ack.Prime);
    }

    [Fact]
    public void Subscribers_get_the_current_state_then_the_events()
    {
        var subscriber = CreateTestProbe(NodeSystem, "subscriber");
        Cluster.Subscribe(subscriber, typeof(MemberEvent), typeof(QuorumRegained));
        var initial = subscriber.ExpectMsg<CurrentClusterState>();
        Assert.Empty(initial.Members);

        FormWithPeer();
        subscriber.FishForMessage<MemberJoined>(e => e.Member.Node == Self);
        subscriber.FishForMessage<MemberJoined>(e => e.Member.Node == Peer);
        subscriber.FishForMessage<QuorumRegained>(_ => true);
        Assert.Throws<ArgumentException>(() => Cluster.Subscribe(subscriber, typeof(string)));
    }

    [Fact]
    public void A_member_that_stops_answering_heartbeats_is_unreachable_when_phi_crosses_the_threshold()
    {
        FormWithPeer();
        var lastAnswer = TimeSpan.Zero;
        for (var i = 0; i < 10; i++)
        {
            var heartbeat = PeerHeartbeats.FishForMessage<Heartbeat>(h => h.To == Peer);
            PeerHeartbeats.Reply(new HeartbeatResponse(Realm, Peer, heartbeat.Sequence));
            lastAnswer = Clock.Now;
        }

        AwaitCondition(() => Cluster.CurrentStatus.MemberAt(PeerAddress) is { Reachable: false }, TimeSpan.FromSeconds(10), "the peer is unreachable");
        var silence = Clock.Now - lastAnswer;

        // Mean interval (0.5 s) + acceptable pause (2 s) + about 5.6 minimum deviations (0.1 s) for phi 8.
        Assert.InRange(silence.TotalSeconds, 2.5, 3.2);
        Assert.Contains(NodeLogs.Lines, l => l.Message.Contains("Member peer (main) is unreachable", StringComparison.Ordinal));
    }

    [Fact]
    public void A_prime_state_sent_by_a_member_is_stored_before_it_is_acknowledged_and_a_strangers_is_ignored()
    {
        FormWithPeer();
        var switched = Prime.SwitchTo("dr", "ops via peer", new DateTimeOffset(2000, 1, 1, 0, 1, 0, TimeSpan.Zero), Guid.NewGuid());
        NodeCore.Tell(new PrimeSwitchStoreRequest(Realm, new NodeId(new NodeAddress("dr-2", 2552), 3), switched), PeerCore);
        RunFor(TimeSpan.FromSeconds(1));
        Assert.Null(new PrimeEpochStore(DataPath).Load());

        NodeCore.Tell(new PrimeSwitchStoreRequest(Realm, Peer, switched), PeerCore);
        var ack = PeerCore.FishForMessage<PrimeSwitchAck>(_ => true);
        Assert.True(ack.Stored, ack.Error);
        Assert.Equal(switched, ack.Current);
        Assert.Equal(switched, new PrimeEpochStore(DataPath).Load());
        AwaitCondition(() => Cluster.CurrentStatus.PrimeEpoch == 1, message: "the node follows epoch 1");
        Assert.Contains(NodeLogs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("Prime site is now dr (epoch 1", StringComparison.Ordinal));
    }

    [Fact]
    public void A_switch_asked_of_a_node_with_the_prime_site_reachable_is_refused_and_changes_nothing()
    {
        FormWithPeer();
        var outcome = Await(Cluster.RequestPrimeSwitchAsync("dr", "main", "test"));
        Assert.False(outcome.Accepted);
        Assert.Equal(PrimeSwitchRefusal.OldPrimeRecentlyReachable, outcome.Refusal);
        Assert.Null(new PrimeEpochStore(DataPath).Load());
    }

    /// <summary>The node forms the cluster; the scripted peer joins it and answers heartbeats for a while.</summary>
    private void FormWithPeer()
    {
        _ = Cluster.JoinSeedNodesAsync();
        AwaitCondition(() => Cluster.CurrentStatus.SelfStatus == ClusterMemberStatus.Joining, TimeSpan.FromSeconds(5), "formed");
        NodeCore.Tell(new Join(Realm, Peer, "main", [], "peer"), PeerCore);
        var welcome = PeerCore.FishForMessage<Welcome>(_ => true);
        Assert.Equal(Peer, welcome.To);
        Assert.NotNull(welcome.Gossip.GetMember(Peer));
        AwaitCondition(() => Cluster.CurrentStatus.Members.Any(m => m.Incarnation == Peer.Uid), message: "the peer is a member");
    }
}
