using ActorRealm.Cluster.Downing;
using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Tests.Membership;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests.Downing;

/// <summary>The scenarios through the pure membership state and the downing strategy, on virtual time.</summary>
public sealed class SiteQuorumDowningStrategyTests
{
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(20);
    private readonly SiteQuorumDowningStrategy _strategy = new(StableAfter);
    private readonly Dictionary<NodeAddress, UnreachableStability> _stability = [];

    [Fact]
    public void Non_prime_site_lost_the_prime_side_downs_it_after_stable_after()
    {
        var (cluster, dead) = Failed(Layout(2, 2), Addresses(Dr, 2));

        var waiting = Assert.IsType<NoDowning>(Decide(cluster, Address(Main, 1), serving: true, Seconds(5)));
        Assert.Equal(TimeSpan.FromSeconds(15), waiting.RecheckIn);
        Assert.IsType<NoDowning>(Decide(cluster, Address(Main, 2), serving: true, Seconds(25)));

        var down = Assert.IsType<DownUnreachable>(Decide(cluster, Address(Main, 1), serving: true, Seconds(20)));
        Assert.Equal([Node(Dr, 1), Node(Dr, 2)], down.Nodes);
        Assert.True(down.Quorum.HasQuorum);

        cluster.Apply(Address(Main, 1), s => s.Down(down.Nodes));
        cluster.Settle(dead);
        Assert.All(Addresses(Main, 2), a => Assert.True(cluster[a].Gossip.IsRemoved(Node(Dr, 1))));
        Assert.All(Addresses(Main, 2), a => Assert.True(cluster[a].Quorum.HasQuorum));
    }

    [Fact]
    public void Prime_site_lost_the_other_side_stops_serving_and_never_downs_it()
    {
        var (cluster, _) = Failed(Layout(2, 2), Addresses(Main, 2));

        foreach (var dr in Addresses(Dr, 2))
        {
            var stop = Assert.IsType<StopServing>(Decide(cluster, dr, serving: true, Seconds(1)));
            Assert.False(stop.Quorum.HasQuorum);
            var idle = Assert.IsType<NoDowning>(Decide(cluster, dr, serving: false, Seconds(3600)));
            Assert.Contains("a side without quorum never downs the other side", idle.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Full_partition_only_the_prime_side_downs_and_after_the_heal_the_other_side_rejoins_without_restart()
    {
        var cluster = Cut(Layout(2, 2), Addresses(Main, 2), Addresses(Dr, 2));

        Assert.IsType<StopServing>(Decide(cluster, Address(Dr, 1), serving: true, Seconds(1)));
        Assert.IsType<NoDowning>(Decide(cluster, Address(Dr, 1), serving: false, Seconds(30)));
        var down = Assert.IsType<DownUnreachable>(Decide(cluster, Address(Main, 1), serving: true, Seconds(30)));
        cluster.Apply(Address(Main, 1), s => s.Down(down.Nodes));
        cluster.Settle();
        Assert.True(cluster[Address(Main, 1)].Gossip.IsRemoved(Node(Dr, 1)));

        cluster.Heal();
        cluster.GossipRound();
        Assert.All(Addresses(Dr, 2), a => Assert.True(cluster[a].MustRejoin));

        // Rejoin in the same process: a new incarnation of each downed node.
        foreach (var dr in Addresses(Dr, 2))
        {
            cluster.Replace(dr, MembershipState.Initial(cluster.Layout, new NodeId(dr, 2), cluster[dr].Gossip.Prime));
            Assert.Equal(JoinOutcome.Added, cluster.Join(dr, Address(Main, 1)).Outcome);
        }

        cluster.Settle();
        foreach (var address in cluster.Addresses)
        {
            Assert.True(cluster[address].IsConverged);
            Assert.True(cluster[address].Quorum.HasQuorum);
            Assert.Equal(4, cluster[address].Gossip.Members.Count(m => m.Status == MemberStatus.Up));
        }
    }

    [Fact]
    public void Flapping_reachability_restarts_stable_after()
    {
        var cluster = PureCluster.Formed(Layout(2, 2), PrimeState.Initial(Main));
        var leader = Address(Dr, 1);
        Start(cluster, TimeSpan.Zero);
        cluster.Apply(leader, s => s.MarkUnreachable(Node(Main, 2)));
        Assert.Equal(StableAfter, Assert.IsType<NoDowning>(Decide(cluster, leader, serving: true, Seconds(0))).RecheckIn);

        cluster.Apply(leader, s => s.MarkReachable(Node(Main, 2)));
        Assert.IsType<NoDowning>(Decide(cluster, leader, serving: true, Seconds(15)));
        cluster.Apply(leader, s => s.MarkUnreachable(Node(Main, 2)));
        var restarted = Assert.IsType<NoDowning>(Decide(cluster, leader, serving: true, Seconds(16)));
        Assert.Equal(StableAfter, restarted.RecheckIn);

        Assert.Equal(Seconds(1), Assert.IsType<NoDowning>(Decide(cluster, leader, serving: true, Seconds(35))).RecheckIn);
        var down = Assert.IsType<DownUnreachable>(Decide(cluster, leader, serving: true, Seconds(36)));
        Assert.Equal([Node(Main, 2)], down.Nodes);
    }

    [Fact]
    public void Three_per_site_losing_the_non_prime_site_downs_its_three_members()
    {
        var (cluster, _) = Failed(Layout(3, 3), Addresses(Dr, 3));

        var down = Assert.IsType<DownUnreachable>(Decide(cluster, Address(Main, 1), serving: true, Seconds(20)));
        Assert.Equal(Addresses(Dr, 3).Select(a => new NodeId(a, 1)), down.Nodes.ToList());
    }

    [Fact]
    public void Three_per_site_losing_the_prime_site_stops_the_other_site()
    {
        var (cluster, _) = Failed(Layout(3, 3), Addresses(Main, 3));

        Assert.All(Addresses(Dr, 3), dr => Assert.IsType<StopServing>(Decide(cluster, dr, serving: true, Seconds(60))));
    }

    [Fact]
    public void Three_per_site_losing_one_prime_member_and_the_other_site_stops_the_rest()
    {
        var (cluster, _) = Failed(Layout(3, 3), Addresses(Dr, 3).Append(Address(Main, 3)));

        var stop = Assert.IsType<StopServing>(Decide(cluster, Address(Main, 1), serving: true, Seconds(60)));
        Assert.Equal("no quorum: 2 of 6 members reachable, not more than half", stop.Quorum.Explanation);
    }

    [Fact]
    public void A_broken_link_between_two_nodes_of_two_per_site_downs_nobody_and_everyone_keeps_serving()
    {
        var cluster = Cut(Layout(2, 2), [Address(Main, 1)], [Address(Dr, 1)]);

        foreach (var address in cluster.Addresses)
        {
            var decision = Decide(cluster, address, serving: true, Seconds(120));
            var none = Assert.IsType<NoDowning>(decision);
            Assert.True(none.Quorum.HasQuorum, $"{address}: {none.Quorum.Explanation}");
        }

        var leader = cluster.Addresses.Single(a => cluster[a].IsLeader && !cluster[a].Gossip.UnreachableMembers.Any(m => m.Address == a));
        var reason = Assert.IsType<NoDowning>(Decide(cluster, leader, serving: true, Seconds(121))).Reason;
        Assert.Contains("indirectly connected: dr-1:4053#1, main-1:4053#1", reason, StringComparison.Ordinal);
        Assert.Contains("not downing", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_link_in_three_per_site_downs_both_ends_when_the_rest_has_quorum()
    {
        var cluster = Cut(Layout(3, 3), [Address(Main, 1)], [Address(Dr, 1)]);

        var leader = Address(Dr, 2);
        Assert.True(cluster[leader].IsLeader);
        var down = Assert.IsType<DownUnreachable>(Decide(cluster, leader, serving: true, Seconds(20)));
        Assert.Equal([Node(Dr, 1), Node(Main, 1)], down.Nodes);
        Assert.Contains("indirectly connected", down.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_leader_downs_and_a_leader_seen_unreachable_does_not()
    {
        var cluster = PureCluster.Formed(Layout(2, 2), PrimeState.Initial(Main));
        Start(cluster, TimeSpan.Zero);
        cluster.Apply(Address(Main, 2), s => s.MarkUnreachable(Node(Dr, 1)));
        cluster.GossipRound();
        ObserveAll(cluster, TimeSpan.Zero);

        var notLeader = Assert.IsType<NoDowning>(Decide(cluster, Address(Main, 2), serving: true, Seconds(30)));
        Assert.Equal("the leader dr-2:4053#1 decides on downing", notLeader.Reason);

        // dr-1 still counts itself as leader but is the one seen unreachable.
        var suspect = Assert.IsType<NoDowning>(Decide(cluster, Address(Dr, 1), serving: true, Seconds(30)));
        Assert.Equal("this node is itself seen unreachable by main-2:4053#1", suspect.Reason);
        Assert.IsType<DownUnreachable>(Decide(cluster, Address(Dr, 2), serving: true, Seconds(30)));
    }

    [Fact]
    public void A_crashed_members_stale_observations_do_not_keep_it_from_being_downed()
    {
        // dr-1 saw the main site unreachable (an old partition), gossiped it, and crashed before it
        // could see main again: its last observations stay in the gossip.
        var cluster = PureCluster.Formed(Layout(2, 2), PrimeState.Initial(Main));
        Start(cluster, TimeSpan.Zero);
        cluster.Apply(Address(Dr, 1), s => s.MarkUnreachable(Node(Main, 1)));
        cluster.Apply(Address(Dr, 1), s => s.MarkUnreachable(Node(Main, 2)));
        cluster.GossipRound();
        var dead = Set([Address(Dr, 1)]);
        cluster.DetectFailures(dead);
        cluster.GossipRound(dead);
        cluster.GossipRound(dead);
        ObserveAll(cluster, TimeSpan.Zero);

        // Counting dr-1's view, main would be gone too and the rest (dr-2) would have no quorum.
        var all = cluster[Address(Dr, 2)].Gossip.UnreachableMembers.Select(m => m.Node);
        Assert.Equal([Node(Dr, 1), Node(Main, 1), Node(Main, 2)], all);

        var leader = cluster.Addresses.Single(a => a != Address(Dr, 1) && cluster[a].IsLeader);
        var down = Assert.IsType<DownUnreachable>(Decide(cluster, leader, serving: true, Seconds(20)));
        Assert.Equal([Node(Dr, 1)], down.Nodes);
        Assert.Contains("3 of 4 members reachable", down.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Serving_follows_quorum()
    {
        var cluster = PureCluster.Formed(Layout(1, 1), PrimeState.Initial(Main));
        Start(cluster, TimeSpan.Zero);
        Assert.IsType<ResumeServing>(Decide(cluster, Address(Dr, 1), serving: false, Seconds(0)));
        Assert.Equal("no member is unreachable", Assert.IsType<NoDowning>(Decide(cluster, Address(Dr, 1), serving: true, Seconds(0))).Reason);

        cluster.Apply(Address(Dr, 1), s => s.MarkUnreachable(Node(Main, 1)));
        Assert.IsType<StopServing>(Decide(cluster, Address(Dr, 1), serving: true, Seconds(1)));
        cluster.Apply(Address(Dr, 1), s => s.MarkReachable(Node(Main, 1)));
        Assert.IsType<ResumeServing>(Decide(cluster, Address(Dr, 1), serving: false, Seconds(2)));
    }

    private static TimeSpan Seconds(int seconds) => TimeSpan.FromSeconds(seconds);

    private void Start(PureCluster cluster, TimeSpan now)
    {
        foreach (var address in cluster.Addresses)
        {
            _stability[address] = UnreachableStability.Start(now);
        }
    }

    // A formed cluster in which the dead nodes stopped: the others detected it and gossiped.
    private (PureCluster Cluster, HashSet<NodeAddress> Dead) Failed(ClusterLayout layout, IEnumerable<NodeAddress> dead)
    {
        var cluster = PureCluster.Formed(layout, PrimeState.Initial(Main));
        var deadSet = dead.ToHashSet();
        Start(cluster, TimeSpan.Zero);
        cluster.DetectFailures(deadSet);
        cluster.GossipRound(deadSet);
        ObserveAll(cluster, TimeSpan.Zero);
        return (cluster, deadSet);
    }

    // A formed cluster with the links between two groups cut: everyone detected it and gossiped twice.
    private PureCluster Cut(ClusterLayout layout, IEnumerable<NodeAddress> sideA, IEnumerable<NodeAddress> sideB)
    {
        var cluster = PureCluster.Formed(layout, PrimeState.Initial(Main));
        Start(cluster, TimeSpan.Zero);
        cluster.Cut(sideA, sideB);
        cluster.DetectFailures();
        cluster.GossipRound();
        cluster.GossipRound();
        ObserveAll(cluster, TimeSpan.Zero);
        return cluster;
    }

    // The cluster actor calls the strategy on every change of its view; this does it for all nodes.
    private void ObserveAll(PureCluster cluster, TimeSpan now)
    {
        foreach (var address in cluster.Addresses)
        {
            _stability[address] = _strategy.Decide(cluster[address], serving: true, _stability[address], now).Stability;
        }
    }

    private DowningDecision Decide(PureCluster cluster, NodeAddress node, bool serving, TimeSpan now)
    {
        var outcome = _strategy.Decide(cluster[node], serving, _stability[node], now);
        _stability[node] = outcome.Stability;
        return outcome.Decision;
    }
}
