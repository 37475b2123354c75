using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests.Membership;

/// <summary>Joining, leaving, leader actions and convergence through the pure membership state.</summary>
public sealed class MembershipStateTests
{
    [Fact]
    public void A_cluster_forms_with_up_numbers_in_address_order_and_one_leader()
    {
        var cluster = PureCluster.Formed(Layout(2, 2), PrimeState.Initial(Main));

        foreach (var address in cluster.Addresses)
        {
            var state = cluster[address];
            Assert.True(state.IsConverged);
            Assert.Equal(Node(Dr, 1), state.Leader);
            Assert.True(state.Quorum.HasQuorum);
            Assert.Equal(Enumerable.Range(1, 4), state.Gossip.Members.Select(m => m.UpNumber).Order());
        }
    }

    [Fact]
    public void Members_are_not_moved_up_before_the_side_has_quorum()
    {
        var cluster = new PureCluster(Layout(3, 3), PrimeState.Initial(Main));
        foreach (var dr in Addresses(Dr, 3))
        {
            cluster.Join(dr, Address(Dr, 1));
        }

        cluster.Settle();
        var leader = cluster[Address(Dr, 1)];
        Assert.All(leader.Gossip.Members, m => Assert.Equal(MemberStatus.Joining, m.Status));
        Assert.StartsWith("no quorum: 3 of 6 members reachable, exactly half, but prime site 'main' is missing", leader.LeaderActionsBlockedBy, StringComparison.Ordinal);

        cluster.Join(Address(Main, 1), Address(Dr, 1));
        cluster.Settle();
        Assert.All(cluster[Address(Dr, 1)].Gossip.Members, m => Assert.Equal(MemberStatus.Up, m.Status));
    }

    [Fact]
    public void Join_is_refused_for_an_unconfigured_address_or_the_wrong_site()
    {
        var cluster = PureCluster.Formed(Layout(1, 1), PrimeState.Initial(Main));
        var seed = cluster[Address(Main, 1)];

        var stranger = seed.Join(new NodeId(new NodeAddress("stranger", 9), 1), Main);
        Assert.Equal(JoinOutcome.Refused, stranger.Outcome);
        Assert.Contains("not configured in any site", stranger.Message, StringComparison.Ordinal);

        var wrongSite = seed.Join(Node(Dr, 1, uid: 7), Main);
        Assert.Equal(JoinOutcome.Refused, wrongSite.Outcome);
        Assert.Equal("Node dr-1:4053 says it is in site 'main' but is configured in site 'dr'.", wrongSite.Message);
        Assert.Same(seed, wrongSite.Transition.State);
    }

    [Fact]
    public void A_retried_join_changes_nothing()
    {
        var cluster = PureCluster.Formed(Layout(1, 1), PrimeState.Initial(Main));
        var result = cluster[Address(Main, 1)].Join(Node(Dr, 1), Dr);
        Assert.Equal(JoinOutcome.AlreadyMember, result.Outcome);
        Assert.Empty(result.Transition.Events);
    }

    [Fact]
    public void A_new_incarnation_downs_the_old_one_and_joins_once_it_is_removed()
    {
        var cluster = PureCluster.Formed(Layout(2, 2), PrimeState.Initial(Main));
        var restarted = Node(Dr, 2, uid: 2);

        var first = cluster[Address(Main, 1)].Join(restarted, Dr);
        Assert.Equal(JoinOutcome.PreviousIncarnationDowned, first.Outcome);
        Assert.Equal(MemberStatus.Down, first.Transition.State.Gossip.GetMember(Node(Dr, 2))!.Status);
        Assert.Contains(first.Transition.Events, e => e is MemberDowned { Member.Node: var n } && n == Node(Dr, 2));
        cluster.Apply(Address(Main, 1), _ => first.Transition);

        var dead = new HashSet<NodeAddress> { Address(Dr, 2) };
        cluster.Settle(dead);
        Assert.True(cluster[Address(Main, 1)].Gossip.IsRemoved(Node(Dr, 2)));

        cluster.Replace(Address(Dr, 2), MembershipState.Initial(cluster.Layout, restarted, PrimeState.Initial(Main)));
        var second = cluster[Address(Main, 1)].Join(restarted, Dr);
        Assert.Equal(JoinOutcome.Added, second.Outcome);
        cluster.Apply(Address(Main, 1), _ => second.Transition);
        cluster.Settle();
        Assert.Equal(MemberStatus.Up, cluster[Address(Dr, 2)].SelfStatus);
        Assert.Equal(5, cluster[Address(Dr, 2)].SelfMember!.UpNumber);
    }

    [Fact]
    public void A_leaving_member_goes_through_exiting_to_removed_and_knows_it_left()
    {
        var cluster = PureCluster.Formed(Layout(2, 2), PrimeState.Initial(Main));
        cluster.Apply(Address(Dr, 2), s => s.Leave(Address(Dr, 2)));
        cluster.Settle();

        Assert.True(cluster[Address(Main, 1)].Gossip.IsRemoved(Node(Dr, 2)));
        Assert.True(cluster[Address(Dr, 2)].HasLeft);
        Assert.False(cluster[Address(Dr, 2)].MustRejoin);
        var statuses = cluster.Events.Where(e => e.Node == Address(Main, 1)).Select(e => e.Event)
            .OfType<MemberEvent>().Where(e => e.Member.Node == Node(Dr, 2)).Select(e => e.GetType().Name).Distinct().ToList();
        Assert.Equal(["MemberJoined", "MemberUp", "MemberLeft", "MemberExited", "MemberRemoved"], statuses);
    }

    [Fact]
    public void Convergence_needs_every_live_member_to_have_seen_the_version_and_no_unreachable_member_unless_down()
    {
        var cluster = PureCluster.Formed(Layout(2, 2), PrimeState.Initial(Main));
        var main1 = Address(Main, 1);

        cluster.Apply(main1, s => s.MarkUnreachable(Node(Dr, 2)));
        Assert.False(cluster[main1].IsConverged);
        cluster.GossipRound(new HashSet<NodeAddress> { Address(Dr, 2) });
        Assert.False(cluster[main1].IsConverged);
        Assert.Equal("the gossip has not converged", cluster[Address(Dr, 1)].LeaderActionsBlockedBy);

        cluster.Apply(main1, s => s.Down(Node(Dr, 2)));
        cluster.GossipRound(new HashSet<NodeAddress> { Address(Dr, 2) });
        Assert.False(cluster[main1].IsConverged);
        Assert.DoesNotContain(Node(Dr, 1), cluster[main1].Gossip.Seen);

        // A second round brings dr-1's acknowledgement back; the Down member need not see anything.
        cluster.GossipRound(new HashSet<NodeAddress> { Address(Dr, 2) });
        Assert.True(cluster[main1].IsConverged);
    }

    [Fact]
    public void The_leader_is_the_lowest_reachable_up_member_and_falls_back_to_joining_members()
    {
        var cluster = PureCluster.Formed(Layout(2, 2), PrimeState.Initial(Main));
        var main1 = Address(Main, 1);
        cluster.Apply(main1, s => s.MarkUnreachable(Node(Dr, 1)));
        Assert.Equal(Node(Dr, 2), cluster[main1].Leader);

        var forming = new PureCluster(Layout(2, 2), PrimeState.Initial(Main));
        forming.Join(Address(Main, 2), Address(Main, 2));
        forming.Join(Address(Main, 1), Address(Main, 2));
        Assert.Equal(Node(Main, 1), forming[Address(Main, 1)].Leader);
    }

    [Fact]
    public void Formation_publishes_member_up_leader_changed_and_quorum_regained()
    {
        var cluster = PureCluster.Formed(Layout(1, 1), PrimeState.Initial(Main));
        var events = cluster.Events.Where(e => e.Node == Address(Main, 1)).Select(e => e.Event).ToList();
        Assert.Contains(events, e => e is LeaderChanged { Leader: var l } && l == Node(Dr, 1));
        Assert.Contains(events, e => e is QuorumRegained { Decision.Reachable: 2 });
        Assert.Equal(2, events.OfType<MemberUp>().Count());
    }

    [Fact]
    public void Losing_the_prime_site_publishes_unreachable_members_and_quorum_lost_on_the_other_side()
    {
        var cluster = PureCluster.Formed(Layout(2, 2), PrimeState.Initial(Main));
        cluster.Events.Clear();
        cluster.Cut(Addresses(Main, 2), Addresses(Dr, 2));
        cluster.DetectFailures();

        var drEvents = cluster.Events.Where(e => e.Node == Address(Dr, 1)).Select(e => e.Event).ToList();
        Assert.Equal(2, drEvents.OfType<UnreachableMember>().Count());
        var lost = Assert.Single(drEvents.OfType<QuorumLost>());
        Assert.Equal(QuorumLossExplanation, lost.Decision.Explanation);
        Assert.DoesNotContain(cluster.Events, e => e.Node == Address(Main, 1) && e.Event is QuorumLost);

        cluster.Heal();
        cluster.DetectFailures();
        Assert.Contains(cluster.Events, e => e.Node == Address(Dr, 1) && e.Event is QuorumRegained);
        Assert.Contains(cluster.Events, e => e.Node == Address(Dr, 1) && e.Event is ReachableMember);
    }

    [Fact]
    public void A_switch_spreads_by_gossip_with_prime_changed_everywhere()
    {
        var cluster = PureCluster.Formed(Layout(1, 1), PrimeState.Initial(Main));
        var switched = PrimeState.Initial(Main).SwitchTo(Dr, "dr-1:4053", DateTimeOffset.UnixEpoch.AddDays(1), Guid.NewGuid());
        cluster.Apply(Address(Dr, 1), s => s.SwitchPrime(switched));
        cluster.GossipRound();

        Assert.All(cluster.Addresses, a => Assert.Equal(switched, cluster[a].Gossip.Prime));
        Assert.Equal(2, cluster.Events.Count(e => e.Event is PrimeChanged { Current.Epoch: 1 }));
        Assert.Same(cluster[Address(Dr, 1)], cluster[Address(Dr, 1)].SwitchPrime(PrimeState.Initial(Main)).State);
    }

    [Fact]
    public void Receiving_gossip_reports_the_prime_reconciliation_even_when_the_local_state_wins()
    {
        var layout = Layout(1, 1);
        var newer = PrimeState.Initial(Main).SwitchTo(Dr, "dr-1", DateTimeOffset.UnixEpoch.AddDays(1), Guid.NewGuid());
        var local = MembershipState.Initial(layout, Node(Dr, 1), newer);
        var transition = local.ReceiveGossip(Gossip.Empty(PrimeState.Initial(Main)));
        Assert.Equal(PrimeReconcileOutcome.LocalNewer, transition.Reconciliation!.Outcome);
        Assert.Equal(newer, transition.State.Gossip.Prime);
    }

    private const string QuorumLossExplanation = "no quorum: 2 of 4 members reachable, exactly half, but prime site 'main' is missing main-1:4053, main-2:4053";
}
