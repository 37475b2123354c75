using ActorRealm.Cluster.Downing;
using ActorRealm.Cluster.Prime;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests.Downing;

/// <summary>The scenarios through each node's <c>RealmView</c> (a <see cref="RealmModel"/>) and the downing strategy, on virtual time.</summary>
public sealed class SiteQuorumDowningStrategyTests
{
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(20);
    private readonly SiteQuorumDowningStrategy _strategy = new(StableAfter);
    private readonly Dictionary<NodeAddress, UnreachableStability> _stability = [];

    [Fact]
    public void Non_prime_site_lost_the_prime_side_downs_it_after_stable_after()
    {
        var realm = Failed(Layout(2, 2), Addresses(Dr, 2));

        var waiting = Assert.IsType<NoDowning>(Decide(realm, Address(Main, 1), serving: true, Seconds(5)));
        Assert.Equal(TimeSpan.FromSeconds(15), waiting.RecheckIn);
        Assert.IsType<NoDowning>(Decide(realm, Address(Main, 2), serving: true, Seconds(25)));

        var down = Assert.IsType<DownUnreachable>(Decide(realm, Address(Main, 1), serving: true, Seconds(20)));
        Assert.Equal([Node(Dr, 1), Node(Dr, 2)], down.Nodes);
        Assert.True(down.Quorum.HasQuorum);

        realm.Down(Address(Main, 1), down.Nodes);
        foreach (var main in Addresses(Main, 2))
        {
            Assert.All(realm[main].Members.Where(m => m.Site == Dr), m => Assert.Equal(MemberStatus.Down, m.Status));
            Assert.True(realm[main].Quorum.HasQuorum);
            Assert.Equal("no member is unreachable", Assert.IsType<NoDowning>(Decide(realm, main, serving: true, Seconds(21))).Reason);
        }
    }

    [Fact]
    public void Prime_site_lost_the_other_side_stops_serving_and_never_downs_it()
    {
        var realm = Failed(Layout(2, 2), Addresses(Main, 2));

        foreach (var dr in Addresses(Dr, 2))
        {
            var stop = Assert.IsType<StopServing>(Decide(realm, dr, serving: true, Seconds(1)));
            Assert.False(stop.Quorum.HasQuorum);
            var idle = Assert.IsType<NoDowning>(Decide(realm, dr, serving: false, Seconds(3600)));
            Assert.Contains("a side without quorum never downs the other side", idle.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Full_partition_only_the_prime_side_downs_and_after_the_heal_the_other_side_learns_it_and_rejoins()
    {
        var realm = Cut(Layout(2, 2), Addresses(Main, 2), Addresses(Dr, 2));

        Assert.IsType<StopServing>(Decide(realm, Address(Dr, 1), serving: true, Seconds(1)));
        Assert.IsType<NoDowning>(Decide(realm, Address(Dr, 1), serving: false, Seconds(30)));
        Assert.IsType<NoDowning>(Decide(realm, Address(Dr, 2), serving: false, Seconds(30)));
        var down = Assert.IsType<DownUnreachable>(Decide(realm, Address(Main, 1), serving: true, Seconds(30)));
        Assert.Equal([Node(Dr, 1), Node(Dr, 2)], down.Nodes);
        realm.Down(Address(Main, 1), down.Nodes);
        Assert.Equal(MemberStatus.Down, realm[Address(Main, 2)].Members.Single(m => m.Node == Node(Dr, 1)).Status);
        Assert.Equal(MemberStatus.Up, realm[Address(Dr, 1)].SelfMember!.Status);

        realm.Heal();
        Assert.All(Addresses(Dr, 2), a => Assert.Equal(MemberStatus.Down, realm[a].SelfMember!.Status));

        // Rejoin in the same process: a new incarnation of each downed node.
        foreach (var dr in Addresses(Dr, 2))
        {
            Assert.Equal(2, realm.Rejoin(dr).Uid);
        }

        foreach (var address in realm.Addresses)
        {
            Assert.True(realm[address].Quorum.HasQuorum);
            Assert.Equal(4, realm[address].Members.Count(m => m.Status == MemberStatus.Up));
            Assert.Equal("no member is unreachable", Assert.IsType<NoDowning>(Decide(realm, address, serving: true, Seconds(60))).Reason);
        }
    }

    [Fact]
    public void Flapping_reachability_restarts_stable_after()
    {
        var realm = Formed(Layout(2, 2));
        var leader = Address(Dr, 1);
        realm.Isolate(Address(Main, 2));
        Assert.True(realm[leader].IsLeader);
        Assert.Equal(StableAfter, Assert.IsType<NoDowning>(Decide(realm, leader, serving: true, Seconds(0))).RecheckIn);

        realm.Heal();
        Assert.IsType<NoDowning>(Decide(realm, leader, serving: true, Seconds(15)));
        realm.Isolate(Address(Main, 2));
        var restarted = Assert.IsType<NoDowning>(Decide(realm, leader, serving: true, Seconds(16)));
        Assert.Equal(StableAfter, restarted.RecheckIn);

        Assert.Equal(Seconds(1), Assert.IsType<NoDowning>(Decide(realm, leader, serving: true, Seconds(35))).RecheckIn);
        var down = Assert.IsType<DownUnreachable>(Decide(realm, leader, serving: true, Seconds(36)));
        Assert.Equal([Node(Main, 2)], down.Nodes);
    }

    [Fact]
    public void Three_per_site_losing_the_non_prime_site_downs_its_three_members()
    {
        var realm = Failed(Layout(3, 3), Addresses(Dr, 3));

        var down = Assert.IsType<DownUnreachable>(Decide(realm, Address(Main, 1), serving: true, Seconds(20)));
        Assert.Equal(Addresses(Dr, 3).Select(a => new NodeId(a, 1)), down.Nodes.ToList());
    }

    [Fact]
    public void Three_per_site_losing_the_prime_site_stops_the_other_site()
    {
        var realm = Failed(Layout(3, 3), Addresses(Main, 3));

        Assert.All(Addresses(Dr, 3), dr => Assert.IsType<StopServing>(Decide(realm, dr, serving: true, Seconds(60))));
    }

    [Fact]
    public void Three_per_site_losing_one_prime_member_and_the_other_site_stops_the_rest()
    {
        var realm = Failed(Layout(3, 3), Addresses(Dr, 3).Append(Address(Main, 3)));

        var stop = Assert.IsType<StopServing>(Decide(realm, Address(Main, 1), serving: true, Seconds(60)));
        Assert.Equal("no quorum: 2 of 6 members reachable, not more than half", stop.Quorum.Explanation);
    }

    [Fact]
    public void A_broken_link_between_two_nodes_of_two_per_site_downs_nobody_and_everyone_keeps_serving()
    {
        var realm = Cut(Layout(2, 2), [Address(Main, 1)], [Address(Dr, 1)]);

        foreach (var address in realm.Addresses)
        {
            var none = Assert.IsType<NoDowning>(Decide(realm, address, serving: true, Seconds(120)));
            Assert.True(none.Quorum.HasQuorum, $"{address}: {none.Quorum.Explanation}");
        }

        var leader = realm.Addresses.Single(a => realm[a].IsLeader && realm[a].Reachability.IsReachable(realm.NodeAt(a)));
        Assert.Equal(Address(Dr, 2), leader);
        var reason = Assert.IsType<NoDowning>(Decide(realm, leader, serving: true, Seconds(121))).Reason;
        Assert.Equal(
            "without the unreachable members (indirectly connected: dr-1:4053#1, main-1:4053#1) the rest would have " +
            "no quorum: 2 of 4 members reachable, exactly half, but prime site 'main' is missing main-1:4053; not downing",
            reason);
    }

    [Fact]
    public void A_broken_link_in_three_per_site_downs_both_ends_when_the_rest_has_quorum()
    {
        var realm = Cut(Layout(3, 3), [Address(Main, 1)], [Address(Dr, 1)]);

        var leader = Address(Dr, 2);
        Assert.True(realm[leader].IsLeader);
        var down = Assert.IsType<DownUnreachable>(Decide(realm, leader, serving: true, Seconds(20)));
        Assert.Equal([Node(Dr, 1), Node(Main, 1)], down.Nodes);
        Assert.Contains("indirectly connected", down.Reason, StringComparison.Ordinal);

        // dr-1 sees itself as the leader (nobody it counts is lower), but it is one of the suspected ends.
        Assert.True(realm[Address(Dr, 1)].IsLeader);
        var suspect = Assert.IsType<NoDowning>(Decide(realm, Address(Dr, 1), serving: true, Seconds(20)));
        Assert.Equal("this node is itself seen unreachable by main-1:4053#1", suspect.Reason);
    }

    [Fact]
    public void Only_the_leader_downs_and_a_leader_seen_unreachable_does_not()
    {
        var realm = Formed(Layout(2, 2));
        realm.Suspect(Address(Main, 2), Address(Dr, 1));
        ObserveAll(realm, TimeSpan.Zero);

        var notLeader = Assert.IsType<NoDowning>(Decide(realm, Address(Main, 2), serving: true, Seconds(30)));
        Assert.Equal("the leader dr-2:4053#1 decides on downing", notLeader.Reason);

        // dr-1 still counts itself as leader but is the one seen unreachable.
        Assert.True(realm[Address(Dr, 1)].IsLeader);
        var suspect = Assert.IsType<NoDowning>(Decide(realm, Address(Dr, 1), serving: true, Seconds(30)));
        Assert.Equal("this node is itself seen unreachable by main-2:4053#1", suspect.Reason);
        var down = Assert.IsType<DownUnreachable>(Decide(realm, Address(Dr, 2), serving: true, Seconds(30)));
        Assert.Equal([Node(Dr, 1)], down.Nodes);
    }

    [Fact]
    public void A_crashed_members_stale_observations_do_not_keep_it_from_being_downed()
    {
        // dr-1 saw the main site unreachable (an old partition), gossiped it, and crashed before it
        // could see main again: its last observations stay in the gossip.
        var realm = Formed(Layout(2, 2));
        realm.Cut([Address(Dr, 1)], Addresses(Main, 2));
        realm.Crash(Address(Dr, 1));
        realm.Heal();
        ObserveAll(realm, TimeSpan.Zero);

        // Counting dr-1's view, main would be gone too and the rest (dr-2) would have no quorum.
        Assert.Equal([Node(Dr, 1), Node(Main, 1), Node(Main, 2)], realm[Address(Dr, 2)].Reachability.AllUnreachableOrTerminated);

        var leader = realm.Alive.Single(a => realm[a].IsLeader);
        var down = Assert.IsType<DownUnreachable>(Decide(realm, leader, serving: true, Seconds(20)));
        Assert.Equal([Node(Dr, 1)], down.Nodes);
        Assert.Contains("3 of 4 members reachable", down.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Serving_follows_quorum()
    {
        var realm = Formed(Layout(1, 1));
        Assert.IsType<ResumeServing>(Decide(realm, Address(Dr, 1), serving: false, Seconds(0)));
        Assert.Equal("no member is unreachable", Assert.IsType<NoDowning>(Decide(realm, Address(Dr, 1), serving: true, Seconds(0))).Reason);

        realm.Cut([Address(Dr, 1)], [Address(Main, 1)]);
        Assert.IsType<StopServing>(Decide(realm, Address(Dr, 1), serving: true, Seconds(1)));
        Assert.IsType<NoDowning>(Decide(realm, Address(Main, 1), serving: true, Seconds(1)));
        realm.Heal();
        Assert.IsType<ResumeServing>(Decide(realm, Address(Dr, 1), serving: false, Seconds(2)));
    }

    [Fact]
    public void A_joining_node_neither_serves_nor_downs_until_it_is_up()
    {
        var up = RealmView(Address(Main, 1), MemberStatus.Up);
        var joining = RealmView(Address(Main, 1), MemberStatus.Joining);

        var waiting = Assert.IsType<NoDowning>(_strategy.Decide(joining, serving: false, UnreachableStability.Start(TimeSpan.Zero), Seconds(0)).Decision);
        Assert.Equal(ActorRealm.Cluster.Quorum.QuorumReason.NotUp, waiting.Quorum.Reason);
        Assert.IsType<StopServing>(_strategy.Decide(joining, serving: true, UnreachableStability.Start(TimeSpan.Zero), Seconds(0)).Decision);
        Assert.IsType<ResumeServing>(_strategy.Decide(up, serving: false, UnreachableStability.Start(TimeSpan.Zero), Seconds(0)).Decision);

        static ActorRealm.Cluster.Membership.RealmView RealmView(NodeAddress self, MemberStatus status)
        {
            var layout = Layout(3, 3);
            var members = layout.AllMembers.Select(a => UpMember(new NodeId(a, 1)) with { Status = a == self ? status : MemberStatus.Up }).ToList();
            return new ActorRealm.Cluster.Membership.RealmView(layout, new NodeId(self, 1), [.. members], ActorRealm.Cluster.Membership.Reachability.Empty, new NodeId(self, 1), PrimeState.Initial(Main));
        }
    }

    [Fact]
    public void A_leader_settling_after_a_pause_stops_serving_and_downs_nobody_until_it_has_observed_afresh()
    {
        // Main-1 was paused: its detector marks the other site unreachable for as long as it slept, and the rest of its
        // side looks stable; settling, it must neither serve nor down on that.
        var realm = Failed(Layout(2, 2), Addresses(Dr, 2));
        var pause = ActorRealm.Cluster.Quorum.PauseGuard.Start(Seconds(1)).Observe(Seconds(60), TimeSpan.FromSeconds(3.5));
        var settling = realm[Address(Main, 1)] with { SettlingAfterPause = pause };

        var stop = Assert.IsType<StopServing>(_strategy.Decide(settling, serving: true, UnreachableStability.Start(TimeSpan.Zero), Seconds(60)).Decision);
        Assert.Equal(ActorRealm.Cluster.Quorum.QuorumReason.Paused, stop.Quorum.Reason);
        var idle = Assert.IsType<NoDowning>(_strategy.Decide(settling, serving: false, UnreachableStability.Start(TimeSpan.Zero), Seconds(60)).Decision);
        Assert.Contains("a side without quorum never downs the other side", idle.Reason, StringComparison.Ordinal);

        Assert.IsType<ResumeServing>(_strategy.Decide(realm[Address(Main, 1)], serving: false, UnreachableStability.Start(TimeSpan.Zero), Seconds(64)).Decision);
    }

    private static TimeSpan Seconds(int seconds) => TimeSpan.FromSeconds(seconds);

    // A formed realm, every node's stability tracker started at 0.
    private RealmModel Formed(ClusterLayout layout)
    {
        var realm = new RealmModel(layout, PrimeState.Initial(Main));
        foreach (var address in realm.Addresses)
        {
            _stability[address] = UnreachableStability.Start(TimeSpan.Zero);
        }

        return realm;
    }

    // A formed realm in which the dead nodes stopped and the others have noticed.
    private RealmModel Failed(ClusterLayout layout, IEnumerable<NodeAddress> dead)
    {
        var realm = Formed(layout);
        realm.Crash(dead);
        ObserveAll(realm, TimeSpan.Zero);
        return realm;
    }

    // A formed realm with the links between two groups cut, noticed by everyone.
    private RealmModel Cut(ClusterLayout layout, IEnumerable<NodeAddress> groupA, IEnumerable<NodeAddress> groupB)
    {
        var realm = Formed(layout);
        realm.Cut(groupA, groupB);
        ObserveAll(realm, TimeSpan.Zero);
        return realm;
    }

    // The downing actor calls the strategy on every change of its view; this does it for all nodes.
    private void ObserveAll(RealmModel realm, TimeSpan now)
    {
        foreach (var address in realm.Alive)
        {
            _stability[address] = _strategy.Decide(realm[address], serving: true, _stability[address], now).Stability;
        }
    }

    private DowningDecision Decide(RealmModel realm, NodeAddress node, bool serving, TimeSpan now)
    {
        var outcome = _strategy.Decide(realm[node], serving, _stability[node], now);
        _stability[node] = outcome.Stability;
        return outcome.Decision;
    }
}
