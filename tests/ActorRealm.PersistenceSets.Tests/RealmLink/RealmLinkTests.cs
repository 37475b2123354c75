using System.Runtime.Serialization;
using ActorRealm.Cluster;
using ActorRealm.PersistenceSets.RealmLink;
using ActorRealm.PersistenceSets.Serialization;
using ActorRealm.PersistenceSets.Status;
using ActorRealm.PersistenceSets.Tests.Layout;

namespace ActorRealm.PersistenceSets.Tests.RealmLink;

/// <summary>The pure parts of the link between persistence servers and realm servers: admission, the lease, the wire format.</summary>
public sealed class RealmLinkTests
{
    private static readonly NodeAddress Main1 = NodeAddress.Parse("127.0.0.1:25520");
    private static readonly NodeAddress Main2 = NodeAddress.Parse("127.0.0.1:25521");
    private static readonly NodeAddress Dr1 = NodeAddress.Parse("127.0.0.1:25522");

    [Fact]
    public void A_server_of_the_layout_at_its_address_is_admitted_by_every_realm_server_of_its_site()
    {
        var layout = LayoutConfig.Read(LayoutConfig.DocumentExample).Layout!;
        var hello = new PersistenceServerHello("a1", "_setA", "main");

        Assert.Null(ClientAdmission.Refusal(layout, Main1, "main", hello, NodeAddress.Parse("127.0.0.1:7301")));
        Assert.Null(ClientAdmission.Refusal(layout, Main2, "main", hello, null));
    }

    [Theory]
    [InlineData("a9", "_setA", "main", "127.0.0.1:7301", "'a9' is not a persistence server of this realm (defined: a1, a2, a3, b1, b2, b3).")]
    [InlineData("a1", "_setB", "main", "127.0.0.1:7301", "'a1' says it runs in set '_setB' at site 'main', but the realm defines it in set '_setA' at site 'main': the two configurations differ.")]
    [InlineData("a1", "_setA", "main", "127.0.0.1:7302", "'a1' is defined at 127.0.0.1:7301, but this connection comes from 127.0.0.1:7302.")]
    [InlineData("b1", "_setB", "dr", "127.0.0.1:7311", "'b1' runs at site 'dr'; this realm server is at site 'main', and a persistence server is a client of a realm server of its own site.")]
    public void A_stranger_a_mismatch_a_wrong_address_and_the_other_site_are_refused(string server, string set, string site, string from, string reason)
    {
        var layout = LayoutConfig.Read(LayoutConfig.DocumentExample).Layout!;

        Assert.Equal(reason, ClientAdmission.Refusal(layout, Main1, "main", new PersistenceServerHello(server, set, site), NodeAddress.Parse(from)));
    }

    [Fact]
    public void A_realm_server_the_set_does_not_list_in_realm_servers_refuses()
    {
        var layout = LayoutConfig.Read(LayoutConfig.Example("sets._setA.realm-servers = [\"127.0.0.1:25520\"]")).Layout!;

        Assert.Equal(
            "set '_setA' reports to realm servers 127.0.0.1:25520 (realm-servers), not to 127.0.0.1:25521.",
            ClientAdmission.Refusal(layout, Main2, "main", new PersistenceServerHello("a2", "_setA", "main"), null));
        Assert.Null(ClientAdmission.Refusal(layout, Dr1, "dr", new PersistenceServerHello("b2", "_setB", "dr"), null));
    }

    [Fact]
    public void The_link_timings_are_checked_only_when_the_realm_has_persistence_sets()
    {
        const string Short = "\nactorrealm.cluster.prime-switch.min-unreachable = 1s\n";

        Assert.Null(LayoutConfig.Read(LayoutConfig.Realm + Short).Layout);
        Assert.Contains(
            "actorrealm.persistence.realm-link.lease (10 s) must be shorter than actorrealm.cluster.prime-switch.min-unreachable (1 s)",
            Assert.Single(LayoutConfig.Refusal(LayoutConfig.DocumentExample + Short)),
            StringComparison.Ordinal);
        Assert.Contains(
            "actorrealm.persistence.realm-link.push-interval (6 s) must be at most half of actorrealm.persistence.realm-link.lease (10 s)",
            Assert.Single(LayoutConfig.Refusal(LayoutConfig.Example("realm-link { push-interval = 6s, lost-after = 12s }"))),
            StringComparison.Ordinal);
        Assert.Contains(
            "actorrealm.persistence.realm-link.push-interval (1 s) must be at most half of actorrealm.persistence.realm-link.lost-after (1.5 s): one lost report would end the link.",
            Assert.Single(LayoutConfig.Refusal(LayoutConfig.Example("realm-link.lost-after = 1500ms"))),
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_lease_gives_quorum_only_while_a_fresh_verdict_says_so()
    {
        var lease = new QuorumLease(TimeSpan.FromSeconds(10));
        Assert.False(lease.HasQuorum(TimeSpan.Zero));
        Assert.Equal("no quorum: no verdict from a realm server of this site", lease.Explain(TimeSpan.Zero));

        var yes = new RealmQuorumVerdict("main-1", true, "quorum: 4 of 4 members reachable, more than half", "main", 0);
        lease = lease.Renew(yes, TimeSpan.FromSeconds(5));
        Assert.True(lease.HasQuorum(TimeSpan.FromSeconds(14.9)));
        Assert.Equal("quorum, from realm server 'main-1': quorum: 4 of 4 members reachable, more than half", lease.Explain(TimeSpan.FromSeconds(6)));
        Assert.False(lease.HasQuorum(TimeSpan.FromSeconds(15)));
        Assert.Equal("no quorum: the last verdict from realm server 'main-1' is 10.0 s old (lease 10.0 s)", lease.Explain(TimeSpan.FromSeconds(15)));

        lease = lease.Renew(yes with { HasQuorum = false, Explanation = "no quorum: 2 of 4" }, TimeSpan.FromSeconds(16));
        Assert.False(lease.HasQuorum(TimeSpan.FromSeconds(16)));
        Assert.Equal("no quorum, from realm server 'main-1': no quorum: 2 of 4", lease.Explain(TimeSpan.FromSeconds(16)));

        Assert.False(lease.Renew(yes, TimeSpan.FromSeconds(17)).Lost().HasQuorum(TimeSpan.FromSeconds(17)));
    }

    public static TheoryData<object> Messages() =>
    [
        new PersistenceServerHello("a1", "_setA", "main"),
        new PersistenceServerWelcome("main-1", "main"),
        new PersistenceServerRefused("main-1", "'b1' runs at site 'dr'"),
        new RealmQuorumVerdict("main-1", true, "quorum: 2 of 2", "main", 3),
        new PersistenceStatusReport(new PersistenceServerStatus("a1", "_setA", "main", SetRole.Primary, PersistenceRole.Leader, 4, 1, 100, 99, "a1", null, new StandbyLag(3, 768, TimeSpan.FromMilliseconds(250)), DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123))),
        new PersistenceStatusReport(new PersistenceServerStatus("b2", "_setB", "dr", SetRole.Standby, PersistenceRole.Member, 2, 1, 90, 90, null, null, null, DateTimeOffset.FromUnixTimeMilliseconds(5))),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_message_survives_the_wire(object message)
    {
        var serializer = new PersistenceSetsSerializer(null!);

        Assert.Equal(message, serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message)));
    }

    [Fact]
    public void Unknown_manifests_malformed_bodies_and_undefined_roles_are_refused()
    {
        var serializer = new PersistenceSetsSerializer(null!);

        Assert.Contains("Unknown persistence-sets manifest 'ZZ'", Assert.Throws<SerializationException>(() => serializer.FromBinary([], "ZZ")).Message, StringComparison.Ordinal);
        Assert.Contains("malformed", Assert.Throws<SerializationException>(() => serializer.FromBinary([0xFF, 0xFF, 0xFF], "PH")).Message, StringComparison.Ordinal);
        var status = new Wire.ServerStatusProto { Server = "a1", Role = 9 };
        Assert.Contains("PersistenceRole 9 is not defined", Assert.Throws<SerializationException>(() => serializer.FromBinary(Google.Protobuf.MessageExtensions.ToByteArray(status), "PS")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => serializer.Manifest("a string"));
    }
}
