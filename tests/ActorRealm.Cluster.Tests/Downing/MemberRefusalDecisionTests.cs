using System.Collections.Immutable;
using ActorRealm.Cluster.Admission;
using ActorRealm.Cluster.Downing;
using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests.Downing;

/// <summary>Which members a node refuses, and that a node whose own configuration is the odd one out refuses nobody.</summary>
public sealed class MemberRefusalDecisionTests
{
    private const string Realm = "realm";
    private static readonly JoinSecret SecretA = new("secret A");
    private static readonly JoinSecret SecretB = new("secret B");

    [Fact]
    public void A_member_is_refused_for_its_address_its_site_or_its_proof_and_accepted_otherwise()
    {
        var layout = Layout(2, 2);
        var dr1 = Address(Dr, 1);

        Assert.Null(MemberRefusal.ReasonFor(Realm, SecretA, layout, dr1, Roles(dr1, Dr, SecretA)));
        Assert.Equal(
            $"stranger:4053 is not listed under actorrealm.cluster.sites on this node ({layout})",
            MemberRefusal.ReasonFor(Realm, SecretA, layout, new NodeAddress("stranger", 4053), Roles(new NodeAddress("stranger", 4053), Dr, SecretA)));
        Assert.Equal(
            "it says it is in site 'main' but this node's layout lists dr-1:4053 in site 'dr'",
            MemberRefusal.ReasonFor(Realm, SecretA, layout, dr1, Roles(dr1, Main, SecretA)));
        Assert.Equal(
            "it presents no join proof (a node without actorrealm.remote.join-secret)",
            MemberRefusal.ReasonFor(Realm, SecretA, layout, dr1, Roles(dr1, Dr, null)));
        Assert.Equal(
            "its join proof does not match this realm's join secret (actorrealm.remote.join-secret differs)",
            MemberRefusal.ReasonFor(Realm, SecretA, layout, dr1, Roles(dr1, Dr, SecretB)));
        Assert.Equal(
            "its join proof does not match this realm's join secret (actorrealm.remote.join-secret differs)",
            MemberRefusal.ReasonFor("another-realm", SecretA, layout, dr1, Roles(dr1, Dr, SecretA)));
        Assert.Null(MemberRefusal.ReasonFor(Realm, null, layout, dr1, Roles(dr1, Dr, SecretB)));
        Assert.Null(MemberRefusal.ReasonFor(Realm, SecretA, layout, dr1, ["billing", .. Roles(dr1, Dr, SecretA)]));
    }

    [Fact]
    public void The_realm_refuses_a_node_with_another_secret_and_that_node_refuses_nobody()
    {
        var nodes = Configured(Layout(1, 2), (Address(Main, 1), SecretA), (Address(Dr, 1), SecretA), (Address(Dr, 2), SecretB));

        Assert.Equal([new MemberRefusal(Node(Dr, 2), "its join proof does not match this realm's join secret (actorrealm.remote.join-secret differs)")], Decide(nodes, Address(Main, 1)));
        Assert.Equal(Decide(nodes, Address(Main, 1)), Decide(nodes, Address(Dr, 1)));
        Assert.Empty(Decide(nodes, Address(Dr, 2)));
    }

    [Fact]
    public void A_lone_prime_node_refuses_a_stranger_and_a_lone_node_of_the_other_site_waits_for_quorum()
    {
        var withPrime = Configured(Layout(1, 1), (Address(Main, 1), SecretA), (Address(Dr, 1), SecretB));

        Assert.Equal([Node(Dr, 1)], Decide(withPrime, Address(Main, 1)).Select(r => r.Node));
        Assert.Empty(Decide(withPrime, Address(Dr, 1)));
    }

    [Fact]
    public void A_node_whose_layout_has_the_realms_members_in_the_wrong_sites_refuses_nobody()
    {
        var realm = Configured(Layout(1, 2), (Address(Main, 1), SecretA), (Address(Dr, 1), SecretA), (Address(Dr, 2), SecretA));
        var swapped = ClusterLayout.Of((Main, [Address(Dr, 1)]), (Dr, [Address(Main, 1), Address(Dr, 2)]));
        var misWired = realm[Address(Dr, 2)] with { Layout = swapped };

        // By its own layout both others are in the wrong site, but they are the realm: it is the odd one out.
        Assert.All(misWired.Members.Where(m => m.Member.Node != misWired.Self), m => Assert.NotNull(MemberRefusal.ReasonFor(Realm, SecretA, swapped, m.Member.Address, m.Roles)));
        Assert.Empty(MemberRefusal.Decide(Realm, SecretA, misWired.View, misWired.Members));
        Assert.Empty(Decide(realm, Address(Main, 1)));
    }

    [Fact]
    public void A_node_whose_layout_lists_only_itself_refuses_nobody()
    {
        var realm = Configured(Layout(1, 2), (Address(Main, 1), SecretA), (Address(Dr, 1), SecretA), (Address(Dr, 2), SecretA));
        var alone = realm[Address(Dr, 2)] with { Layout = ClusterLayout.Of((Main, [Address(Dr, 2)])) };

        // By its own layout it has quorum alone, but the two members it does not know count as absent members.
        Assert.True(alone.View.Quorum.HasQuorum);
        Assert.Empty(MemberRefusal.Decide(Realm, SecretA, alone.View, alone.Members));
    }

    [Fact]
    public void Members_that_are_down_or_removed_or_itself_are_never_refused_and_an_unreachable_accepted_member_does_not_count()
    {
        var nodes = Configured(Layout(1, 2), (Address(Main, 1), SecretA), (Address(Dr, 1), SecretA), (Address(Dr, 2), SecretB));
        var main = nodes[Address(Main, 1)];
        var downed = main with { Members = [.. main.Members.Select(m => m.Member.Node == Node(Dr, 2) ? m with { Member = m.Member.WithStatus(MemberStatus.Down) } : m)] };
        Assert.Empty(MemberRefusal.Decide(Realm, SecretA, downed.View, downed.Members));

        // main-1 does not reach dr-1: alone it has 1 of 3, not quorum, so it waits.
        var cut = main with { Table = Reachability.Empty.Unreachable(Node(Main, 1), Node(Dr, 1)) };
        Assert.Empty(MemberRefusal.Decide(Realm, SecretA, cut.View, cut.Members));
    }

    /// <summary>
    /// Every assignment of a join secret (A, B or none) to the nodes of a 2 + 2 and a 1 + 2 realm, all
    /// members reaching each other: no two nodes refuse each other, a node refuses only with a quorum
    /// of members it accepts, and the nodes of a secret that has quorum refuse every other node.
    /// </summary>
    [Theory]
    [InlineData(2, 2, "main")]
    [InlineData(2, 2, "dr")]
    [InlineData(1, 2, "main")]
    [InlineData(1, 2, "dr")]
    public void Nodes_never_refuse_each_other_and_the_side_of_the_secret_with_quorum_refuses_the_rest(int main, int dr, string prime)
    {
        var layout = Layout(main, dr);
        var addresses = layout.AllMembers.ToArray();
        JoinSecret?[] secrets = [SecretA, SecretB, null];
        var assignments = (int)Math.Pow(3, addresses.Length);
        for (var code = 0; code < assignments; code++)
        {
            var assigned = addresses.Select((a, i) => (a, secrets[code / (int)Math.Pow(3, i) % 3])).ToArray();
            var nodes = Configured(layout, prime, assigned);
            var refusals = addresses.ToDictionary(a => a, a => Decide(nodes, a).Select(r => r.Node.Address).ToHashSet());
            var context = string.Join(", ", assigned.Select(x => $"{x.a.Host}={(x.Item2 == SecretA ? "A" : x.Item2 == SecretB ? "B" : "-")}"));
            foreach (var (node, refused) in refusals)
            {
                Assert.All(refused, other => Assert.False(refusals[other].Contains(node), $"{node} and {other} refuse each other: {context}"));
            }

            foreach (var secret in new[] { SecretA, SecretB })
            {
                var holders = assigned.Where(x => x.Item2 == secret).Select(x => x.a).ToHashSet();
                if (Quorum.SiteQuorum.Evaluate(layout, prime, holders).HasQuorum)
                {
                    Assert.All(holders, h => Assert.Equal(addresses.Except(holders).ToHashSet(), refusals[h]));
                }
            }
        }
    }

    [Fact]
    public void A_member_that_configures_other_sites_or_nodes_is_refused_naming_both_layouts()
    {
        var layout = Layout(2, 2);
        var dr1 = Address(Dr, 1);
        var extra = ClusterLayout.Of((Main, layout.MembersOf(Main)), (Dr, layout.MembersOf(Dr).Add(Address(Dr, 3))));

        var reason = MemberRefusal.ReasonFor(Realm, SecretA, layout, dr1, [.. RealmRoles.For(Dr, "dr-1", [], SecretA.ProofFor(Realm, dr1), extra)]);

        Assert.Equal(
            "its actorrealm.cluster.sites differ from this node's: it has [dr: dr-1:4053, dr-2:4053, dr-3:4053; main: main-1:4053, main-2:4053], " +
            "this node has [dr: dr-1:4053, dr-2:4053; main: main-1:4053, main-2:4053]; every node must list the same sites and nodes",
            reason);
        Assert.Null(MemberRefusal.ReasonFor(Realm, SecretA, layout, dr1, [.. RealmRoles.For(Dr, "dr-1", [], SecretA.ProofFor(Realm, dr1), Layout(2, 2))]));
    }

    private static IReadOnlyList<MemberRefusal> Decide(IReadOnlyDictionary<NodeAddress, NodeState> nodes, NodeAddress self)
    {
        var node = nodes[self];
        return MemberRefusal.Decide(Realm, node.Secret, node.View, node.Members);
    }

    private static string[] Roles(NodeAddress address, string site, JoinSecret? secret) =>
        [.. RealmRoles.For(site, address.Host, [], secret?.ProofFor(Realm, address))];

    private static Dictionary<NodeAddress, NodeState> Configured(ClusterLayout layout, params (NodeAddress Address, JoinSecret? Secret)[] nodes) =>
        Configured(layout, Main, nodes);

    /// <summary>Every node of <paramref name="layout"/> an Up member with the roles its own configuration gives it, all reaching each other.</summary>
    private static Dictionary<NodeAddress, NodeState> Configured(ClusterLayout layout, string prime, params (NodeAddress Address, JoinSecret? Secret)[] nodes)
    {
        var members = nodes.Select(n => new JoinedMember(UpMember(new NodeId(n.Address, 1)), Roles(n.Address, layout.SiteOf(n.Address)!, n.Secret))).ToImmutableArray();
        return nodes.ToDictionary(n => n.Address, n => new NodeState(layout, new NodeId(n.Address, 1), n.Secret, members, Reachability.Empty, PrimeState.Initial(prime)));
    }

    /// <summary>One node's configuration and view.</summary>
    private sealed record NodeState(ClusterLayout Layout, NodeId Self, JoinSecret? Secret, ImmutableArray<JoinedMember> Members, Reachability Table, PrimeState Prime)
    {
        public RealmView View => new(Layout, Self, [.. Members.Select(m => m.Member)], Table, Members.Min(m => m.Member.Node), Prime);
    }
}
