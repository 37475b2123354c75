using System.Collections.Immutable;
using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Protocol;
using ActorRealm.Cluster.Serialization;
using ActorRealm.Remote.Serialization;
using Google.Protobuf;
using static ActorRealm.Cluster.Tests.TestNodes;
using W = ActorRealm.Cluster.Wire;

namespace ActorRealm.Cluster.Tests.Serialization;

public sealed class ClusterSerializerTests
{
    private const string Realm = "realm";
    private static readonly PrimeState Switched = PrimeState.Initial(Main).SwitchTo(Dr, "ops via dr-1", new DateTimeOffset(2024, 5, 6, 7, 8, 9, 123, TimeSpan.Zero).AddTicks(4567), Guid.NewGuid());

    [Fact]
    public void The_registered_manifests_are_the_versioned_wire_names()
    {
        Assert.Equal(
            ["cluster.v1.Down", "cluster.v1.GossipEnvelope", "cluster.v1.GossipStatus", "cluster.v1.Heartbeat", "cluster.v1.HeartbeatResponse", "cluster.v1.InitJoin",
             "cluster.v1.InitJoinAck", "cluster.v1.InitJoinNack", "cluster.v1.Join", "cluster.v1.JoinRefused", "cluster.v1.Leave", "cluster.v1.PrimeSwitchAck",
             "cluster.v1.PrimeSwitchRequest", "cluster.v1.Welcome"],
            ClusterSerializer.RegisteredTypes.Select(t => t.Manifest).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_gossip_with_every_kind_of_content_round_trips_exactly()
    {
        var gossip = RichGossip();
        var back = RoundTrip(new GossipEnvelope(Realm, Node(Main, 1), Node(Dr, 1), gossip));
        Assert.Equal(gossip, back.Gossip);
        Assert.Equal(Node(Main, 1), back.From);
        Assert.Equal(Node(Dr, 1), back.To);
        Assert.Equal(Switched, back.Gossip.Prime);
        Assert.Equal("main-one", back.Gossip.GetMember(Node(Main, 1))!.Name);
    }

    [Fact]
    public void Every_other_message_round_trips()
    {
        var gossip = RichGossip();
        Assert.Equal(new InitJoin(Realm, Node(Dr, 2), Dr), RoundTrip(new InitJoin(Realm, Node(Dr, 2), Dr)));
        Assert.Equal(new InitJoinAck(Realm, Node(Main, 1), true, Switched, false), RoundTrip(new InitJoinAck(Realm, Node(Main, 1), true, Switched, false)));
        Assert.Equal(new InitJoinNack(Realm, Node(Main, 1)), RoundTrip(new InitJoinNack(Realm, Node(Main, 1))));
        Assert.Equal(new JoinRefused(Realm, Node(Main, 1), "no", true), RoundTrip(new JoinRefused(Realm, Node(Main, 1), "no", true)));
        Assert.Equal(new LeaveRequest(Realm, Node(Main, 1), Address(Dr, 2)), RoundTrip(new LeaveRequest(Realm, Node(Main, 1), Address(Dr, 2))));
        Assert.Equal(new DownRequest(Realm, Node(Main, 1), Address(Dr, 2), -5), RoundTrip(new DownRequest(Realm, Node(Main, 1), Address(Dr, 2), -5)));
        Assert.Equal(new Heartbeat(Realm, Node(Main, 1), Node(Dr, 2, uid: 9), ulong.MaxValue), RoundTrip(new Heartbeat(Realm, Node(Main, 1), Node(Dr, 2, uid: 9), ulong.MaxValue)));
        Assert.Equal(new HeartbeatResponse(Realm, Node(Dr, 2), 7), RoundTrip(new HeartbeatResponse(Realm, Node(Dr, 2), 7)));
        Assert.Equal(new PrimeSwitchStoreRequest(Realm, Node(Dr, 1), Switched), RoundTrip(new PrimeSwitchStoreRequest(Realm, Node(Dr, 1), Switched)));
        var ack = new PrimeSwitchAck(Realm, Node(Dr, 2), Switched.SwitchId, false, PrimeState.Initial(Main), "disk full");
        Assert.Equal(ack, RoundTrip(ack));

        var join = RoundTrip(new Join(Realm, Node(Dr, 2), Dr, ["b", "a"], "dr-two"));
        Assert.Equal((Node(Dr, 2), Dr, "dr-two"), (join.From, join.Site, join.Name));
        Assert.Equal("b,a", string.Join(',', join.Roles));

        var welcome = RoundTrip(new Welcome(Realm, Node(Main, 1), Node(Dr, 2), gossip));
        Assert.Equal(gossip, welcome.Gossip);

        var status = RoundTrip(new GossipStatus(Realm, Node(Main, 1), Node(Dr, 2), gossip.Version, gossip.Seen));
        Assert.Equal(gossip.Version, status.Version);
        Assert.True(gossip.Seen.SetEquals(status.Seen));
    }

    [Fact]
    public void Unknown_manifests_and_malformed_payloads_are_refused_never_guessed()
    {
        Assert.Throws<InvalidDataException>(() => ClusterSerializer.FromBinary("System.Diagnostics.Process", []));
        Assert.Throws<InvalidDataException>(() => ClusterSerializer.FromBinary("cluster.v1.Heartbeat", [0xFF, 0xFF, 0xFF]));

        var noHeader = new W.Heartbeat { Sequence = 1 }.ToByteArray();
        Assert.Contains("no header", Assert.Throws<InvalidDataException>(() => ClusterSerializer.FromBinary("cluster.v1.Heartbeat", noHeader)).Message, StringComparison.Ordinal);

        var future = new W.InitJoinNack { Header = new W.Header { ProtocolVersion = 99, Realm = Realm, From = WireNodes.ToProto(Node(Main, 1)) } }.ToByteArray();
        Assert.Contains("version 99", Assert.Throws<InvalidDataException>(() => ClusterSerializer.FromBinary("cluster.v1.InitJoinNack", future)).Message, StringComparison.Ordinal);

        var badIndex = Wire(new GossipEnvelope(Realm, Node(Main, 1), Node(Dr, 1), RichGossip()));
        badIndex.Gossip.Members[0].Node = 1000;
        Assert.Contains("outside the table", Assert.Throws<InvalidDataException>(() => ClusterSerializer.FromBinary("cluster.v1.GossipEnvelope", badIndex.ToByteArray())).Message, StringComparison.Ordinal);

        var badPort = Wire(new GossipEnvelope(Realm, Node(Main, 1), Node(Dr, 1), RichGossip()));
        badPort.Gossip.Nodes[0].Port = 70000;
        Assert.Throws<InvalidDataException>(() => ClusterSerializer.FromBinary("cluster.v1.GossipEnvelope", badPort.ToByteArray()));

        var badSwitchId = new W.PrimeSwitchRequest { Header = Wire(new InitJoinNack(Realm, Node(Main, 1))).Header, State = WireNodes.ToProto(Switched) };
        badSwitchId.State.SwitchId = ByteString.CopyFrom(new byte[15]);
        Assert.Throws<InvalidDataException>(() => ClusterSerializer.FromBinary("cluster.v1.PrimeSwitchRequest", badSwitchId.ToByteArray()));
    }

    [Fact]
    public void The_remote_registry_finds_cluster_messages_and_ignores_other_manifests()
    {
        var registry = ClusterSerialization.Register(new SerializerRegistry());
        Assert.Same(registry, ClusterSerialization.Register(registry));
        var message = new HeartbeatResponse(Realm, Node(Dr, 2), 7);
        Assert.True(registry.TryFind(message, out var serializer, out var manifest));
        Assert.Equal(ClusterSerialization.SerializerId, serializer.Id);
        Assert.Equal(message, serializer.FromBinary(serializer.ToBinary(message), manifest));
        Assert.Null(serializer.FromBinary(serializer.ToBinary(message), "System.Diagnostics.Process"));
    }

    private static T RoundTrip<T>(T message)
        where T : ClusterMessage =>
        Assert.IsType<T>(ClusterSerializer.FromBinary(ClusterSerializer.Manifest(message), ClusterSerializer.ToBinary(message)));

    private static W.GossipEnvelope Wire(GossipEnvelope message) => W.GossipEnvelope.Parser.ParseFrom(ClusterSerializer.ToBinary(message));

    private static W.InitJoinNack Wire(InitJoinNack message) => W.InitJoinNack.Parser.ParseFrom(ClusterSerializer.ToBinary(message));

    private static Gossip RichGossip()
    {
        var members = new[]
        {
            UpMember(Node(Main, 1)) with { Name = "main-one", Roles = ImmutableSortedSet.Create(StringComparer.Ordinal, "api", "store") },
            UpMember(Node(Main, 2)) with { UpNumber = 2 },
            Member.Joining(Node(Dr, 1), Dr, ["x"], "dr-one"),
            UpMember(Node(Dr, 2)).WithStatus(MemberStatus.Down),
        };
        var reachability = Reachability.Empty
            .Unreachable(Node(Main, 1), Node(Dr, 2))
            .Unreachable(Node(Main, 1), Node(Dr, 1))
            .Reachable(Node(Main, 1), Node(Dr, 1))
            .Terminated(Node(Main, 2), Node(Dr, 2));
        var version = VectorClock.Empty.Increment(Node(Main, 1)).Increment(Node(Main, 1)).Increment(Node(Dr, 1));
        return Gossip.Create(members, reachability, [Node(Main, 1), Node(Dr, 1)], version, Switched, [KeyValuePair.Create(Node(Dr, 3, uid: 4), 123_456L)]);
    }
}
