using System.Collections.Immutable;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests;

public sealed class IdentityAndLayoutTests
{
    [Theory]
    [InlineData("10.0.0.1:4053", "10.0.0.1", 4053)]
    [InlineData(" Node-A.example:1 ", "node-a.example", 1)]
    [InlineData("[::1]:65535", "::1", 65535)]
    public void Addresses_parse(string text, string host, int port)
    {
        var address = NodeAddress.Parse(text);
        Assert.Equal(host, address.Host);
        Assert.Equal(port, address.Port);
        Assert.Equal(address, NodeAddress.Parse(address.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("host")]
    [InlineData("host:")]
    [InlineData(":4053")]
    [InlineData("host:0")]
    [InlineData("host:70000")]
    [InlineData("::1:4053")]
    public void Bad_addresses_are_refused_with_a_readable_message(string text)
    {
        Assert.False(NodeAddress.TryParse(text, out _, out var error));
        Assert.StartsWith($"'{text}' is not an address", error, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => NodeAddress.Parse(text));
    }

    [Fact]
    public void Addresses_order_by_host_then_port_and_incarnations_by_uid()
    {
        Assert.True(new NodeAddress("a", 9) < new NodeAddress("b", 1));
        Assert.True(new NodeAddress("a", 2) > new NodeAddress("a", 1));
        Assert.True(Node(Main, 1, uid: 1) < Node(Main, 1, uid: 2));
        Assert.Equal("main-1:4053#7", Node(Main, 1, uid: 7).ToString());
    }

    [Fact]
    public void Member_status_transitions_follow_the_lifecycle()
    {
        var legal = new (MemberStatus From, MemberStatus To)[]
        {
            (MemberStatus.Joining, MemberStatus.Up), (MemberStatus.Joining, MemberStatus.Leaving), (MemberStatus.Joining, MemberStatus.Down), (MemberStatus.Joining, MemberStatus.Removed),
            (MemberStatus.Up, MemberStatus.Leaving), (MemberStatus.Up, MemberStatus.Down), (MemberStatus.Up, MemberStatus.Removed),
            (MemberStatus.Leaving, MemberStatus.Exiting), (MemberStatus.Leaving, MemberStatus.Down), (MemberStatus.Leaving, MemberStatus.Removed),
            (MemberStatus.Exiting, MemberStatus.Down), (MemberStatus.Exiting, MemberStatus.Removed),
            (MemberStatus.Down, MemberStatus.Removed),
        };
        foreach (var from in Enum.GetValues<MemberStatus>())
        {
            foreach (var to in Enum.GetValues<MemberStatus>())
            {
                Assert.Equal(legal.Contains((from, to)), MemberStatusRules.IsLegal(from, to));
            }
        }
    }

    [Fact]
    public void An_illegal_transition_is_refused()
    {
        var member = Member.Joining(Node(Main, 1), Main).WithStatus(MemberStatus.Down);
        var error = Assert.Throws<InvalidOperationException>(() => member.WithStatus(MemberStatus.Up));
        Assert.Equal("Member main-1:4053#1 cannot move from Down to Up.", error.Message);
    }

    [Fact]
    public void Members_compare_roles_by_content()
    {
        var a = Member.Joining(Node(Main, 1), Main, ["b", "a"]);
        var b = Member.Joining(Node(Main, 1), Main, ImmutableSortedSet.Create("a", "b"));
        Assert.Equal(a, b);
    }

    [Fact]
    public void Layout_refuses_empty_sites_and_addresses_in_two_sites()
    {
        Assert.Contains("has no members", Assert.Throws<ArgumentException>(() => ClusterLayout.Of((Main, []))).Message, StringComparison.Ordinal);
        Assert.Contains("is listed in both site 'main' and site 'other'", Assert.Throws<ArgumentException>(() => ClusterLayout.Of((Main, [Address(Main, 1)]), ("other", [Address(Main, 1)]))).Message, StringComparison.Ordinal);
        Assert.Contains("no site", Assert.Throws<ArgumentException>(() => ClusterLayout.Of()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layout_answers_site_questions()
    {
        var layout = Layout(2, 1);
        Assert.Equal(Dr, layout.SiteOf(Address(Dr, 1)));
        Assert.Null(layout.SiteOf(new NodeAddress("x", 1)));
        Assert.Equal([Dr, Main], layout.Sites);
        Assert.Equal("dr: dr-1:4053; main: main-1:4053, main-2:4053", layout.ToString());
    }
}
