using System.Collections.Immutable;
using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using FsCheck;
using FsCheck.Fluent;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests.Membership;

/// <summary>The events between two views of one node.</summary>
public sealed class ClusterEventDiffTests
{
    private static readonly ClusterLayout Layout22 = Layout(2, 2);
    private static readonly NodeId Self = Node(Main, 1);

    [Fact]
    public void No_change_no_event() =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(GossipGenerators.Arbitrary, g =>
            ClusterEventDiff.Between(State(g), State(g)).IsEmpty));

    [Fact]
    public void Every_status_change_and_removal_is_published_once_in_node_order_with_the_previous_status()
    {
        var before = State(UpMember(Node(Dr, 1)), UpMember(Node(Dr, 2)), UpMember(Self), Member.Joining(Node(Main, 2), Main));
        var members = before.Gossip.Members.Select(m => m.Node == Node(Dr, 1) ? m.WithStatus(MemberStatus.Down)
            : m.Node == Node(Main, 2) ? m.WithStatus(MemberStatus.Up) with { UpNumber = 4 }
            : m);
        var after = before with
        {
            Gossip = Gossip.Create(members, Reachability.Empty, [], VectorClock.Empty, before.Gossip.Prime, [KeyValuePair.Create(Node(Dr, 2), 5L)]),
        };

        var events = ClusterEventDiff.Between(before, after);

        Assert.Collection(
            events,
            e => Assert.Equal(Node(Dr, 1), Assert.IsType<MemberDowned>(e).Member.Node),
            e =>
            {
                var removed = Assert.IsType<MemberRemoved>(e);
                Assert.Equal(Node(Dr, 2), removed.Member.Node);
                Assert.Equal(MemberStatus.Removed, removed.Member.Status);
                Assert.Equal(MemberStatus.Up, removed.PreviousStatus);
            },
            e => Assert.Equal(Node(Main, 2), Assert.IsType<MemberUp>(e).Member.Node),
            e => Assert.Equal(Self, Assert.IsType<LeaderChanged>(e).Leader));

        // Both main members remain: exactly half with the whole prime site, so no quorum event.
        Assert.Equal(Quorum.QuorumReason.HalfWithPrimeSite, after.Quorum.Reason);
    }

    [Fact]
    public void Unreachable_and_reachable_follow_the_observations_of_members_that_are_not_down()
    {
        var before = State(UpMember(Node(Dr, 1)), UpMember(Node(Dr, 2)), UpMember(Self), UpMember(Node(Main, 2)));
        var unreachable = before with { Gossip = before.Gossip.Update(Self, reachability: before.Gossip.Reachability.Unreachable(Node(Main, 2), Node(Dr, 1))) };

        Assert.Equal(Node(Dr, 1), Assert.IsType<UnreachableMember>(Assert.Single(ClusterEventDiff.Between(before, unreachable).OfType<MemberEvent>())).Member.Node);

        // The observer is downed: what it saw no longer counts.
        var observerDown = unreachable.Down(Node(Main, 2));
        Assert.Contains(observerDown.Events, e => e is ReachableMember { Member.Node: var n } && n == Node(Dr, 1));
        Assert.Contains(observerDown.Events, e => e is MemberDowned { Member.Node: var n } && n == Node(Main, 2));
    }

    [Fact]
    public void Prime_changes_are_published_with_both_states()
    {
        var before = State(UpMember(Self), UpMember(Node(Dr, 1)));
        var switched = before.Gossip.Prime.SwitchTo(Dr, "dr-1", DateTimeOffset.UnixEpoch.AddDays(1), Guid.NewGuid());
        var change = Assert.IsType<PrimeChanged>(Assert.Single(before.SwitchPrime(switched).Events));
        Assert.Equal(before.Gossip.Prime, change.Previous);
        Assert.Equal(switched, change.Current);
    }

    [Fact]
    public void Switching_the_prime_site_can_regain_quorum()
    {
        var before = State(UpMember(Node(Dr, 1)), UpMember(Node(Dr, 2)), UpMember(Self), UpMember(Node(Main, 2))) with { Self = Node(Dr, 1) };
        var cut = before.MarkUnreachable(Self).State.MarkUnreachable(Node(Main, 2)).State;
        Assert.False(cut.Quorum.HasQuorum);

        var switched = cut.SwitchPrime(cut.Gossip.Prime.SwitchTo(Dr, "dr-1", DateTimeOffset.UnixEpoch.AddDays(1), Guid.NewGuid()));

        Assert.Contains(switched.Events, e => e is QuorumRegained { Decision.Reason: Quorum.QuorumReason.HalfWithPrimeSite });
    }

    [Fact]
    public void Gossip_from_a_node_with_another_layout_is_ignored_with_the_reason()
    {
        var local = State(UpMember(Self), UpMember(Node(Dr, 1)));
        var unknownPrime = Gossip.Empty(PrimeState.Initial("backup"));
        Assert.Equal(
            "Ignoring gossip following prime site 'backup', which is not configured here (dr, main); every node must configure the same sites.",
            local.ReceiveGossip(unknownPrime).Rejection);

        var stranger = Gossip.Create([Member.Joining(new NodeId(new NodeAddress("x", 1), 1), Dr)], Reachability.Empty, [], VectorClock.Empty, PrimeState.Initial(Main), []);
        var result = local.ReceiveGossip(stranger);
        Assert.Same(local, result.State);
        Assert.Equal(
            "Ignoring gossip with member x:1#1 in site 'dr', which this node's configuration does not list; every node must configure the same sites and nodes.",
            result.Rejection);
    }


    private static MembershipState State(params Member[] members) =>
        State(Gossip.Create(members, Reachability.Empty, members.Select(m => m.Node), VectorClock.Empty.Increment(Self), PrimeState.Initial(Main), ImmutableSortedDictionary<NodeId, long>.Empty));

    private static MembershipState State(Gossip gossip) => new(Layout22, Self, gossip);
}
