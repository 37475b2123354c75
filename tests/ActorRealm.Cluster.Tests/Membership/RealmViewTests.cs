using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests.Membership;

public sealed class RealmViewTests
{
    private static readonly NodeId M1 = Node(Main, 1);
    private static readonly NodeId M2 = Node(Main, 2);
    private static readonly NodeId D1 = Node(Dr, 1);
    private static readonly NodeId D2 = Node(Dr, 2);

    [Fact]
    public void A_node_reaches_itself_and_the_live_members_it_does_not_itself_observe_as_unreachable()
    {
        var table = Reachability.Empty.Unreachable(M1, D1).Unreachable(D2, M2);
        var view = View(M1, table, UpMember(M2), UpMember(D1), UpMember(D2).WithStatus(MemberStatus.Down));

        // D2 sees M2 unreachable, but only this node's own observations decide what it reaches.
        Assert.Equal(Set([M1.Address, M2.Address]), view.ReachableAddresses);
        Assert.Equal("quorum: 2 of 4 members reachable, exactly half, with every member of prime site 'main'", view.Quorum.Explanation);
        Assert.True(view.IsReachableHere(view.SelfMember!));
    }

    [Fact]
    public void A_member_this_node_never_heard_from_does_not_count_as_reached()
    {
        var view = View(M1, Reachability.Empty, UpMember(M2), UpMember(D1), UpMember(D2)) with { HeardFrom = Set([M2.Address, D1.Address]) };

        Assert.Equal(Set([M1.Address, M2.Address, D1.Address]), view.ReachableAddresses);
        Assert.False(view.IsReachableHere(UpMember(D2)));
        Assert.True(view.IsReachableHere(view.SelfMember!));
        Assert.True(view.Quorum.HasQuorum);
    }

    [Fact]
    public void A_node_that_is_not_up_claims_no_quorum_whatever_it_seems_to_reach()
    {
        // A restarted node joining a side whose prime site is dead: Akka lists those members as Up and
        // its detector counts them as heard from until it finds out, seconds later.
        var joining = View(M1, Reachability.Empty, UpMember(M2), UpMember(D1), UpMember(D2)) with
        {
            Members = [UpMember(M1) with { Status = MemberStatus.Joining }, UpMember(M2), UpMember(D1), UpMember(D2)],
        };
        var gone = joining with { Members = [UpMember(M2), UpMember(D1), UpMember(D2)] };

        Assert.Equal(4, joining.ReachableAddresses.Count);
        Assert.Equal((false, Quorum.QuorumReason.NotUp), (joining.Quorum.HasQuorum, joining.Quorum.Reason));
        Assert.StartsWith("no quorum: this node is not Up (still joining", joining.Quorum.Explanation, StringComparison.Ordinal);
        Assert.False(gone.Quorum.HasQuorum);
        Assert.True((joining with { Members = [UpMember(M1).WithStatus(MemberStatus.Leaving), UpMember(M2)] }).Quorum.HasQuorum);
    }

    [Fact]
    public void A_node_settling_after_a_pause_of_its_process_claims_no_quorum_whatever_it_seems_to_reach()
    {
        // The frozen prime site's realm server, resumed: alone at the prime site, it reaches itself and sees the other
        // site unreachable (its detector heard nothing while it slept), exactly half with the prime site.
        var resumed = View(M1, Reachability.Empty.Unreachable(M1, D1), UpMember(D1)) with { Layout = Layout(1, 1) };
        Assert.True(resumed.Quorum.HasQuorum);

        var pause = Quorum.PauseGuard.Start(TimeSpan.Zero).Observe(TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(3.5));
        var settling = resumed with { SettlingAfterPause = pause };

        Assert.Equal((false, Quorum.QuorumReason.Paused), (settling.Quorum.HasQuorum, settling.Quorum.Reason));
        Assert.Equal(
            "no quorum: this node's process was paused for 25.0 s, so what it knows of the other members dates from before; it counts them again after observing them afresh for 3.5 s",
            settling.Quorum.Explanation);
        Assert.True(settling.ReachQuorum.HasQuorum);
        var joining = settling with { Members = [UpMember(M1) with { Status = MemberStatus.Joining }, UpMember(D1)] };
        Assert.Equal(Quorum.QuorumReason.NotUp, joining.Quorum.Reason);
    }

    [Fact]
    public void What_downed_members_observed_no_longer_counts()
    {
        var table = Reachability.Empty.Unreachable(D1, M2).Unreachable(M1, D1);
        var view = View(M1, table, UpMember(M2), UpMember(D1).WithStatus(MemberStatus.Down), UpMember(D2));

        Assert.True(view.EffectiveReachability.IsReachable(M2));
        Assert.False(view.EffectiveReachability.IsReachable(D1));
        Assert.False(view.Reachability.IsReachable(M2));
    }

    [Fact]
    public void The_live_member_at_an_address_is_its_current_incarnation()
    {
        var old = UpMember(D1).WithStatus(MemberStatus.Down);
        var current = UpMember(D1 with { Uid = 2 });
        var view = View(M1, Reachability.Empty, old, current);

        Assert.Equal(current, view.LiveMemberAt(D1.Address));
        Assert.Null(view.LiveMemberAt(D2.Address));
        Assert.Null(View(M1, Reachability.Empty, old).LiveMemberAt(D1.Address));
    }

    [Fact]
    public void Self_and_leader()
    {
        var view = View(M2, Reachability.Empty, UpMember(M1));

        Assert.Equal(M2, view.SelfMember!.Node);
        Assert.False(view.IsLeader);
        Assert.True((view with { Leader = M2 }).IsLeader);
        Assert.Null((view with { Members = [UpMember(M1)] }).SelfMember);
    }

    private static RealmView View(NodeId self, Reachability table, params Member[] others) =>
        new(Layout(2, 2), self, [UpMember(self), .. others], table, others.Append(UpMember(self)).Min(m => m.Node), PrimeState.Initial(Main));
}
