using System.Collections.Immutable;
using ActorRealm.Cluster.Joining;
using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests.Joining;

/// <summary>
/// What a node concludes from another cluster's description (<see cref="RealmSides"/>), over every
/// pair of separated clusters of a two-per-site realm: every split of the members, every speaker,
/// formed or forming, and every order of prime states.
/// </summary>
public sealed class RealmSidesTests
{
    private const string Realm = "realm";
    private static readonly ClusterLayout Layout22 = Layout(2, 2);
    private static readonly NodeAddress FirstSeed = Address(Main, 1);
    private static readonly PrimeState Epoch0 = PrimeState.Initial(Main);
    private static readonly PrimeState Epoch1Dr = Epoch0.SwitchTo(Dr, "ops via dr-1", new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), new Guid("00000000-0000-0000-0000-000000000001"));
    private static readonly PrimeState Epoch1Main = Epoch0.SwitchTo(Main, "ops via main-1", new DateTimeOffset(2030, 1, 1, 0, 0, 1, TimeSpan.Zero), new Guid("00000000-0000-0000-0000-000000000002"));

    /// <summary>Prime states of the two sides: equal, either newer, and two prime sites in one epoch.</summary>
    private static readonly (PrimeState A, PrimeState B)[] PrimePairs =
        [(Epoch0, Epoch0), (Epoch1Dr, Epoch1Dr), (Epoch1Dr, Epoch0), (Epoch0, Epoch1Dr), (Epoch1Dr, Epoch1Main), (Epoch1Main, Epoch1Dr)];

    /// <summary>One node's cluster: its members (all reachable), formed (Up) or forming (Joining), and its prime state.</summary>
    private sealed record Cluster(ImmutableSortedSet<NodeAddress> Members, bool Formed, PrimeState Prime)
    {
        public RealmView ViewOf(NodeAddress self)
        {
            var status = Formed ? MemberStatus.Up : MemberStatus.Joining;
            var members = Members.Select(a => UpMember(new NodeId(a, 1)) with { Status = status }).ToImmutableArray();
            return new RealmView(Layout22, new NodeId(self, 1), members, Reachability.Empty, members[0].Node, Prime);
        }

        public RealmSide SideOf(NodeAddress self) => RealmSides.Describe(Realm, ViewOf(self), self == FirstSeed);

        public Cluster Adopting(PrimeState other) => this with { Prime = PrimeState.Max(Prime, other) };
    }

    [Fact]
    public void Of_two_separated_clusters_at_most_one_moves_and_once_they_share_the_newer_prime_state_the_right_one_does()
    {
        var pairs = 0;
        foreach (var (a, b) in DisjointClusters())
        {
            foreach (var (primeA, primeB) in PrimePairs)
            {
                foreach (var (formedA, formedB) in new[] { (true, true), (true, false), (false, true), (false, false) })
                {
                    var clusterA = new Cluster(a, formedA, primeA);
                    var clusterB = new Cluster(b, formedB, primeB);
                    foreach (var speakerA in a)
                    {
                        foreach (var speakerB in b)
                        {
                            CheckMeeting(clusterA, speakerA, clusterB, speakerB);

                            // What the probes lead to next: each side stores the newer prime state first.
                            var next = PrimeState.Max(primeA, primeB);
                            var (moveA, moveB) = CheckMeeting(clusterA.Adopting(next), speakerA, clusterB.Adopting(next), speakerB);
                            CheckProgress(clusterA.Adopting(next), speakerA, moveA, clusterB.Adopting(next), speakerB, moveB);
                            pairs++;
                        }
                    }
                }
            }
        }

        // 50 ordered pairs of disjoint non-empty member sets of four nodes, 6 prime orders, 4 formed flags, each speaker.
        Assert.Equal(6 * 4 * DisjointClusters().Sum(p => p.A.Count * p.B.Count), pairs);
        Assert.Equal(50, DisjointClusters().Count());
    }

    [Fact]
    public void A_node_listed_as_a_live_member_of_the_other_cluster_never_moves()
    {
        foreach (var status in new[] { MemberStatus.Joining, MemberStatus.Up, MemberStatus.Leaving, MemberStatus.Exiting })
        {
            var own = new Cluster([Address(Dr, 1)], Formed: true, Epoch0);
            var other = new Cluster([.. Addresses(Main, 2)], Formed: true, Epoch1Dr).SideOf(Address(Main, 1));
            other = other with { Members = other.Members.Add(new SideMember(Node(Dr, 1), status)) };

            var decision = RealmSides.Decide(own.SideOf(Address(Dr, 1)), own.ViewOf(Address(Dr, 1)), other);

            Assert.False(decision.Moves);
            Assert.True(decision.SameCluster);
            Assert.Equal("main-1:4053#1 is in this node's cluster", decision.Reason);
        }
    }

    [Theory]
    [InlineData(MemberStatus.Down)]
    [InlineData(MemberStatus.Removed)]
    public void A_cluster_that_downed_this_node_is_another_cluster_even_though_it_still_lists_it(MemberStatus status)
    {
        var own = new Cluster([Address(Dr, 1)], Formed: true, Epoch0);
        var other = new Cluster([.. Addresses(Main, 2)], Formed: true, Epoch0).SideOf(Address(Main, 1));
        other = other with { Members = other.Members.Add(new SideMember(Node(Dr, 1), status)) };

        var decision = RealmSides.Decide(own.SideOf(Address(Dr, 1)), own.ViewOf(Address(Dr, 1)), other);

        Assert.False(decision.SameCluster);
        Assert.Equal(SeparatedClusterVerdict.JoinClusterWithQuorum, decision.Verdict);
        Assert.Equal([Address(Main, 1), Address(Main, 2)], decision.Targets.ToArray());
    }

    [Fact]
    public void A_node_of_another_realm_never_moves_anyone()
    {
        foreach (var (a, b) in DisjointClusters())
        {
            foreach (var (formedA, formedB) in new[] { (true, true), (true, false), (false, true), (false, false) })
            {
                var own = new Cluster(a, formedA, Epoch0);
                var other = new Cluster(b, formedB, Epoch1Dr).SideOf(b[0]) with { Realm = "another-realm" };

                var decision = RealmSides.Decide(own.SideOf(a[0]), own.ViewOf(a[0]), other);

                Assert.Equal(SeparatedClusterVerdict.Stay, decision.Verdict);
                Assert.Empty(decision.Targets);
                Assert.Equal($"{other.Node} belongs to realm 'another-realm', not 'realm'", decision.Reason);
            }
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData(MemberStatus.Down)]
    [InlineData(MemberStatus.Removed)]
    public void A_node_that_is_not_a_member_never_moves(MemberStatus? selfStatus)
    {
        foreach (var (a, b) in DisjointClusters())
        {
            var self = a[0];
            var rest = new Cluster(a.Remove(self), Formed: false, Epoch0);
            var members = rest.Members.Select(m => UpMember(new NodeId(m, 1)));
            if (selfStatus is { } status)
            {
                members = members.Append(UpMember(new NodeId(self, 1)).WithStatus(status));
            }

            var view = new RealmView(Layout22, new NodeId(self, 1), [.. members], Reachability.Empty, null, Epoch0);
            var own = RealmSides.Describe(Realm, view, self == FirstSeed);
            Assert.False(own.Formed);
            Assert.False(own.HasQuorum);

            // The most compelling other side there is: formed, with quorum, in a newer prime state, the first seed speaking.
            var other = new Cluster(b, Formed: true, Epoch1Dr).SideOf(b[0]) with { HasQuorum = true, IsFirstSeed = true };
            var decision = RealmSides.Decide(own, view, other);

            Assert.Equal(SeparatedClusterVerdict.Stay, decision.Verdict);
            Assert.Equal("this node is not a member yet; its join through the seed nodes is under way", decision.Reason);
        }
    }

    [Fact]
    public void After_a_mistaken_switch_the_side_in_the_lower_epoch_moves_to_the_one_in_the_higher_even_though_both_had_quorum()
    {
        var main = new Cluster([.. Addresses(Main, 2)], Formed: true, Epoch0);
        var dr = new Cluster([.. Addresses(Dr, 2)], Formed: true, Epoch1Dr);
        Assert.True(main.SideOf(Address(Main, 1)).HasQuorum);
        Assert.True(dr.SideOf(Address(Dr, 1)).HasQuorum);

        var mainDecides = RealmSides.Decide(main.SideOf(Address(Main, 2)), main.ViewOf(Address(Main, 2)), dr.SideOf(Address(Dr, 1)));
        var drDecides = RealmSides.Decide(dr.SideOf(Address(Dr, 1)), dr.ViewOf(Address(Dr, 1)), main.SideOf(Address(Main, 1)));

        Assert.Equal(SeparatedClusterVerdict.JoinClusterWithQuorum, mainDecides.Verdict);
        Assert.Equal([Address(Dr, 1), Address(Dr, 2)], mainDecides.Targets.ToArray());
        Assert.Equal(
            "dr-1:4053#1 belongs to a cluster of this realm with quorum under prime 'dr' (epoch 1), and this side has " +
            "no quorum: 2 of 4 members reachable, exactly half, but prime site 'dr' is missing dr-1:4053, dr-2:4053",
            mainDecides.Reason);
        Assert.Equal(SeparatedClusterVerdict.Stay, drDecides.Verdict);
        Assert.Equal("main-1:4053#1 belongs to another cluster of this realm, which moves over or waits", drDecides.Reason);
    }

    [Fact]
    public void Describe_reports_the_nodes_side_from_its_view()
    {
        var cluster = new Cluster([Address(Main, 1), Address(Dr, 2)], Formed: true, Epoch1Dr);

        var side = cluster.SideOf(Address(Main, 1));

        Assert.Equal(Realm, side.Realm);
        Assert.Equal(Node(Main, 1), side.Node);
        Assert.True(side.Formed);
        Assert.False(side.HasQuorum);
        Assert.Equal(Epoch1Dr, side.Prime);
        Assert.True(side.IsFirstSeed);
        Assert.Equal([new SideMember(Node(Dr, 2), MemberStatus.Up), new SideMember(Node(Main, 1), MemberStatus.Up)], side.Members.OrderBy(m => m.Node));
        Assert.True(cluster.Adopting(Epoch0).SideOf(Address(Dr, 2)) is { HasQuorum: false, IsFirstSeed: false });
        Assert.True(new Cluster([Address(Main, 1), Address(Main, 2)], Formed: false, Epoch0).SideOf(Address(Main, 2)) is { Formed: false, HasQuorum: true });
    }

    /// <summary>Every ordered pair of disjoint, non-empty sets of members of the 2 + 2 realm.</summary>
    private static IEnumerable<(ImmutableSortedSet<NodeAddress> A, ImmutableSortedSet<NodeAddress> B)> DisjointClusters()
    {
        var all = Layout22.AllMembers.ToArray();
        // Each member is in A (1), in B (2) or in neither (0).
        for (var code = 0; code < 81; code++)
        {
            var places = Enumerable.Range(0, 4).Select(i => code / (int)Math.Pow(3, i) % 3).ToArray();
            var a = all.Where((_, i) => places[i] == 1).ToImmutableSortedSet();
            var b = all.Where((_, i) => places[i] == 2).ToImmutableSortedSet();
            if (!a.IsEmpty && !b.IsEmpty)
            {
                yield return (a, b);
            }
        }
    }

    /// <summary>Both ends decide; at most one moves, and a mover's targets are the other cluster's members.</summary>
    private static (SideDecision A, SideDecision B) CheckMeeting(Cluster a, NodeAddress speakerA, Cluster b, NodeAddress speakerB)
    {
        var sideA = a.SideOf(speakerA);
        var sideB = b.SideOf(speakerB);
        var decisionA = RealmSides.Decide(sideA, a.ViewOf(speakerA), sideB);
        var decisionB = RealmSides.Decide(sideB, b.ViewOf(speakerB), sideA);
        var context = $"A {Describe(a, speakerA)} | B {Describe(b, speakerB)}: A {decisionA.Verdict}, B {decisionB.Verdict}";

        Assert.False(decisionA.Moves && decisionB.Moves, $"both sides move: {context}");
        Assert.False(decisionA.SameCluster || decisionB.SameCluster, context);
        Assert.Equal(decisionA.Moves ? [.. b.Members] : [], decisionA.Targets.ToArray());
        Assert.Equal(decisionB.Moves ? [.. a.Members] : [], decisionB.Targets.ToArray());
        return (decisionA, decisionB);
    }

    /// <summary>
    /// Once both follow the same prime state: a forming cluster moves to a formed one; of two formed
    /// ones, the side without quorum moves to the side with it, and when neither has quorum the side
    /// that heard the first seed moves to it. Of two forming ones, the side that heard the first seed
    /// moves to it unless the first seed's side has quorum (then it forms by itself and the other
    /// joins it as a formed cluster); a forming side's own quorum does not hold it back, since it has
    /// no Up member to act on it.
    /// </summary>
    private static void CheckProgress(Cluster a, NodeAddress speakerA, SideDecision decisionA, Cluster b, NodeAddress speakerB, SideDecision decisionB)
    {
        var quorumA = a.ViewOf(speakerA).ReachQuorum.HasQuorum;
        var quorumB = b.ViewOf(speakerB).ReachQuorum.HasQuorum;
        var context = $"A {Describe(a, speakerA)} | B {Describe(b, speakerB)}: A {decisionA.Verdict}, B {decisionB.Verdict}";
        Assert.False(quorumA && quorumB, $"two disjoint sides with quorum in one prime state: {context}");
        var expected = (a.Formed, b.Formed) switch
        {
            (false, true) => (SeparatedClusterVerdict.JoinFormedCluster, SeparatedClusterVerdict.Stay),
            (true, false) => (SeparatedClusterVerdict.Stay, SeparatedClusterVerdict.JoinFormedCluster),
            (true, true) when quorumA != quorumB => quorumA
                ? (SeparatedClusterVerdict.Stay, SeparatedClusterVerdict.JoinClusterWithQuorum)
                : (SeparatedClusterVerdict.JoinClusterWithQuorum, SeparatedClusterVerdict.Stay),
            _ when speakerB == FirstSeed && !quorumB && (!a.Formed || !quorumA) => (SeparatedClusterVerdict.JoinFirstSeedsCluster, SeparatedClusterVerdict.Stay),
            _ when speakerA == FirstSeed && !quorumA && (!b.Formed || !quorumB) => (SeparatedClusterVerdict.Stay, SeparatedClusterVerdict.JoinFirstSeedsCluster),
            _ => (SeparatedClusterVerdict.Stay, SeparatedClusterVerdict.Stay),
        };
        Assert.True(expected == (decisionA.Verdict, decisionB.Verdict), $"expected A {expected.Item1}, B {expected.Item2}: {context}");
    }

    private static string Describe(Cluster cluster, NodeAddress speaker) =>
        $"[{string.Join(", ", cluster.Members.Select(m => m.Host))}] {(cluster.Formed ? "formed" : "forming")} {cluster.Prime} speaker {speaker.Host}";
}
