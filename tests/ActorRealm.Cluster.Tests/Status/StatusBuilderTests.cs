using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Status;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests.Status;

/// <summary>The status snapshot (what <c>/api/status</c> shows) built from a node's view.</summary>
public sealed class StatusBuilderTests
{
    private static readonly DateTimeOffset Now = new(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);
    private static readonly NodeId M1 = Node(Main, 1);
    private static readonly NodeId M2 = Node(Main, 2);
    private static readonly NodeId D1 = Node(Dr, 1);
    private static readonly NodeId D2 = Node(Dr, 2);
    private readonly RealmSetup _setup;

    public StatusBuilderTests()
    {
        var config = TestConfig.Load(RealmNodeConfig.Hocon(Layout(2, 2), Main, M1.Address));
        _setup = RealmNodeConfig.Setup(config, "alpha", Main, M1.Address, roles: ["billing"]);
    }

    [Fact]
    public void Every_member_and_every_configured_node_it_does_not_know_has_a_row_by_site_then_address()
    {
        var view = View(M1, Reachability.Empty.Unreachable(M1, D1).Unreachable(M2, D1), UpMember(M2) with { Name = "beta" }, UpMember(D1));

        var status = StatusBuilder.Build(_setup, view, serving: true, new Dictionary<NodeAddress, string> { [D2.Address] = "delta" }, converged: false, Now);

        Assert.Equal(
            [
                ("dr-1:4053", D1.Address, ClusterMemberStatus.Up, false, (long?)1, false),
                ("delta", D2.Address, ClusterMemberStatus.Absent, false, null, false),
                ("alpha", M1.Address, ClusterMemberStatus.Up, true, 1, true),
                ("beta", M2.Address, ClusterMemberStatus.Up, true, 1, false),
            ],
            status.Members.Select(m => (m.Node, m.Address, m.Status, m.Reachable, m.Incarnation, m.IsSelf)));
        Assert.Equal([M1.Address, M2.Address], status.MemberAt(D1.Address)!.UnreachableFrom.ToArray());
        Assert.True(status.MemberAt(M1.Address)!.IsLeader);
        Assert.Equal(M1.Address, status.Leader);
        Assert.Equal(("alpha", Main, M1.Address, ClusterMemberStatus.Up, Now), (status.NodeName, status.Site, status.Address, status.SelfStatus, status.AsOf));
        Assert.Equal("quorum: 2 of 4 members reachable, exactly half, with every member of prime site 'main'", status.Quorum.Explanation);
        Assert.True(status.IsServing);
        Assert.False(status.IsConverged);
        Assert.Equal(("main", 0L), (status.PrimeSite, status.PrimeEpoch));
    }

    [Fact]
    public void Serving_needs_the_downing_actors_word_quorum_and_an_up_or_leaving_member()
    {
        var up = View(M1, Reachability.Empty, UpMember(M2));
        var noQuorum = View(M1, Reachability.Empty.Unreachable(M1, M2), UpMember(M2));
        var joining = View(M1, Reachability.Empty, UpMember(M2)) with { Members = [UpMember(M1) with { Status = MemberStatus.Joining }, UpMember(M2)] };
        var leaving = View(M1, Reachability.Empty, UpMember(M2)) with { Members = [UpMember(M1).WithStatus(MemberStatus.Leaving), UpMember(M2)] };

        Assert.True(Build(up, serving: true).IsServing);
        Assert.False(Build(up, serving: false).IsServing);
        Assert.False(Build(noQuorum, serving: true).IsServing);
        Assert.False(Build(joining, serving: true).IsServing);
        Assert.True(Build(leaving, serving: true).IsServing);
    }

    [Fact]
    public void A_node_that_is_not_a_member_shows_itself_absent_with_its_own_roles_and_is_never_converged()
    {
        var view = new RealmView(Layout(2, 2), M1, [], Reachability.Empty, null, PrimeState.Initial(Main));

        var status = StatusBuilder.Build(_setup, view, serving: true, new Dictionary<NodeAddress, string>(), converged: true, Now);

        Assert.Equal(ClusterMemberStatus.Absent, status.SelfStatus);
        Assert.False(status.IsServing);
        Assert.False(status.IsConverged);
        Assert.Null(status.Leader);
        var self = status.MemberAt(M1.Address)!;
        Assert.Equal(("alpha", true, M1.Uid, true), (self.Node, self.Reachable, self.Incarnation, self.IsSelf));
        Assert.Equal(["billing"], self.Roles.ToArray());
        Assert.Equal(4, status.Members.Length);
        Assert.All(status.Members.Where(m => !m.IsSelf), m => Assert.Equal((ClusterMemberStatus.Absent, false, (long?)null), (m.Status, m.Reachable, m.Incarnation)));
    }

    [Fact]
    public void Removed_members_are_left_out_and_a_downed_members_observations_and_reachability_do_not_count()
    {
        var view = View(M1, Reachability.Empty.Unreachable(D1, M2), UpMember(M2), UpMember(D1).WithStatus(MemberStatus.Down), UpMember(D2).WithStatus(MemberStatus.Removed));

        var status = Build(view, serving: true);

        Assert.Equal((ClusterMemberStatus.Down, false), (status.MemberAt(D1.Address)!.Status, status.MemberAt(D1.Address)!.Reachable));
        Assert.Empty(status.MemberAt(M2.Address)!.UnreachableFrom);
        Assert.Equal(ClusterMemberStatus.Absent, status.MemberAt(D2.Address)!.Status);
        Assert.Equal("down", status.MemberAt(D1.Address)!.StatusText);
    }

    [Fact]
    public void A_removed_member_is_absent_under_its_name_not_its_address()
    {
        var view = View(M1, Reachability.Empty, UpMember(M2), UpMember(D1), UpMember(D2).WithStatus(MemberStatus.Removed) with { Name = "delta" });

        var removed = Build(view, serving: true).MemberAt(D2.Address)!;

        Assert.Equal(("delta", ClusterMemberStatus.Absent, "absent"), (removed.Node, removed.Status, removed.StatusText));
    }

    [Fact]
    public void Two_snapshots_are_the_same_when_only_their_time_differs()
    {
        var view = View(M1, Reachability.Empty.Unreachable(M1, D1), UpMember(M2), UpMember(D1));
        var first = Build(view, serving: true);
        var later = StatusBuilder.Build(_setup, view, serving: true, new Dictionary<NodeAddress, string>(), converged: true, Now.AddMinutes(1));

        Assert.True(StatusComparer.SameExceptTime(first, later));
        Assert.False(StatusComparer.SameExceptTime(first, Build(view, serving: false)));
        Assert.False(StatusComparer.SameExceptTime(first, Build(view with { Reachability = Reachability.Empty.Unreachable(M1, D1).Unreachable(M2, D1) }, serving: true)));
    }

    private static RealmView View(NodeId self, Reachability table, params Member[] others) =>
        new(Layout(2, 2), self, [UpMember(self), .. others], table, self, PrimeState.Initial(Main));

    private ClusterStatus Build(RealmView view, bool serving) =>
        StatusBuilder.Build(_setup, view, serving, new Dictionary<NodeAddress, string>(), converged: true, Now);
}
