using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Protocol;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Cluster.Tests.Runtime;

/// <summary>
/// The first seed node whose join is refused for now (chaos seeds 423 and 277: its previous
/// incarnation was being downed) must not found a second cluster beside the one that answered.
/// </summary>
public sealed class ClusterCoreFirstSeedRefusedTests() : ClusterActorTestBase(seed: 11, nodeIsFirstSeed: true)
{
    [Fact]
    public void The_first_seed_forms_no_cluster_while_a_cluster_answers_and_refuses_it_for_now_but_forms_once_nobody_answers()
    {
        _ = Cluster.JoinSeedNodesAsync();
        var until = Clock.Now + (Settings.Join.SeedNodeTimeout * 3);
        var refusals = 0;
        while (Clock.Now < until)
        {
            switch (PeerCore.ReceiveOne(TimeSpan.FromSeconds(3)))
            {
                case InitJoin:
                    PeerCore.Reply(new InitJoinAck(Realm, Peer, ClusterFormed: true, Prime, HasQuorum: true));
                    break;
                case Join:
                    refusals++;
                    PeerCore.Reply(new JoinRefused(Realm, Peer, "the previous incarnation was marked Down; retry once it is removed", Retry: true));
                    break;
            }
        }

        Assert.True(refusals >= 2, $"the node asked to join {refusals} times");
        Assert.Equal(ClusterMemberStatus.Absent, Cluster.CurrentStatus.SelfStatus);
        Assert.DoesNotContain(NodeLogs.Lines, l => l.Message.Contains("forms the cluster", StringComparison.Ordinal));

        // The cluster goes silent: after a whole seed-node-timeout without an answer the first seed forms one.
        AwaitCondition(() => Cluster.CurrentStatus.SelfStatus == ClusterMemberStatus.Joining, Settings.Join.SeedNodeTimeout * 3, "the first seed forms the cluster");
        Assert.Contains(NodeLogs.Lines, l => l.Message.Contains("this first seed node forms the cluster", StringComparison.Ordinal));
    }
}

/// <summary>
/// A member of a forming cluster without quorum and without the first seed (the peer) finds the
/// first seed in another forming cluster without quorum: the two-island deadlock of chaos seeds 423
/// and 277. It moves over; another forming cluster without the first seed does not move it.
/// </summary>
public sealed class ClusterCoreSeparatedClustersTests() : ClusterActorTestBase(seed: 13, nodeIsFirstSeed: false)
{
    [Fact]
    public void A_forming_member_without_quorum_moves_to_the_first_seeds_forming_cluster_and_to_no_other()
    {
        var dr1 = new NodeId(DrAddresses[0], 11);
        var island = Gossip.Create(
            [Member.Joining(dr1, "dr"), Member.Joining(Self, "main", name: "node")], Reachability.Empty, [dr1], VectorClock.Empty.Increment(dr1), Prime, []);
        NodeCore.Tell(new Welcome(Realm, dr1, Self, island), PeerCore);
        AwaitCondition(() => Cluster.CurrentStatus.SelfStatus == ClusterMemberStatus.Joining, message: "the node is a member of the dr-1 island");
        Assert.False(Cluster.CurrentStatus.HasQuorum);

        // The node probes the absent first seed.
        PeerCore.FishForMessage<InitJoin>(i => i.From == Self, Settings.Join.MaxRetryInterval * 2);
        var incarnation = Self;

        // A forming cluster without quorum and without the first seed: neither side moves for it.
        NodeCore.Tell(new InitJoinAck(Realm, new NodeId(DrAddresses[1], 12), ClusterFormed: false, Prime, HasQuorum: false), PeerCore);
        RunFor(TimeSpan.FromSeconds(2));
        Assert.Equal(incarnation, Self);

        // The first seed answers from its own forming cluster without quorum: this side moves over.
        NodeCore.Tell(new InitJoinAck(Realm, Peer, ClusterFormed: false, Prime, HasQuorum: false), PeerCore);
        AwaitCondition(() => Self != incarnation, message: "the node starts a new incarnation");
        Assert.Contains(NodeLogs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("the first seed node, belongs to another cluster without quorum", StringComparison.Ordinal));

        // The new incarnation joins the first seed's cluster.
        PeerCore.FishForMessage<InitJoin>(i => i.From == Self, Settings.Join.MaxRetryInterval * 2);
        PeerCore.Reply(new InitJoinAck(Realm, Peer, ClusterFormed: false, Prime, HasQuorum: false));
        Assert.Equal(Self, PeerCore.FishForMessage<Join>(_ => true, Settings.Join.MaxRetryInterval * 2).From);
    }
}
