using System.Collections.Frozen;
using System.Collections.Immutable;
using ActorRealm.Cluster.Protocol;
using Google.Protobuf;
using W = ActorRealm.Cluster.Wire;

namespace ActorRealm.Cluster.Serialization;

/// <summary>
/// Serializes the cluster protocol (<see cref="ClusterMessage"/>s) to the protobuf messages of
/// <c>Protos/cluster.proto</c>. The registered types are an explicit list keyed by a stable manifest;
/// an unknown manifest is refused, never resolved by reflection.
/// </summary>
internal static class ClusterSerializer
{
    /// <summary>The serializer id of the cluster protocol in the remote envelope.</summary>
    public const int SerializerId = 40;

    private static readonly Codec[] Codecs =
    [
        Of<InitJoin, W.InitJoin>("cluster.v1.InitJoin", m => new() { Header = Header(m), Site = m.Site }, (h, w) => new(h.Realm, h.From, w.Site), w => w.Header),
        Of<InitJoinAck, W.InitJoinAck>(
            "cluster.v1.InitJoinAck",
            m => new() { Header = Header(m), ClusterFormed = m.ClusterFormed, Prime = WireNodes.ToProto(m.Prime), HasQuorum = m.HasQuorum },
            (h, w) => new(h.Realm, h.From, w.ClusterFormed, WireNodes.FromProto(w.Prime), w.HasQuorum),
            w => w.Header),
        Of<InitJoinNack, W.InitJoinNack>("cluster.v1.InitJoinNack", m => new() { Header = Header(m) }, (h, _) => new(h.Realm, h.From), w => w.Header),
        Of<Join, W.Join>("cluster.v1.Join", ToWire, (h, w) => new(h.Realm, h.From, w.Site, [.. w.Roles], w.Name), w => w.Header),
        Of<Welcome, W.Welcome>(
            "cluster.v1.Welcome",
            m => new() { Header = Header(m), To = WireNodes.ToProto(m.To), Gossip = GossipWire.ToProto(m.Gossip) },
            (h, w) => new(h.Realm, h.From, WireNodes.FromProto(w.To, "recipient"), GossipWire.FromProto(w.Gossip)),
            w => w.Header),
        Of<JoinRefused, W.JoinRefused>("cluster.v1.JoinRefused", m => new() { Header = Header(m), Message = m.Message, Retry = m.Retry }, (h, w) => new(h.Realm, h.From, w.Message, w.Retry), w => w.Header),
        Of<LeaveRequest, W.Leave>("cluster.v1.Leave", m => new() { Header = Header(m), Address = m.Address.ToString() }, (h, w) => new(h.Realm, h.From, WireNodes.ParseAddress(w.Address, "address")), w => w.Header),
        Of<DownRequest, W.Down>("cluster.v1.Down", m => new() { Header = Header(m), Address = m.Address.ToString(), Uid = m.Uid }, (h, w) => new(h.Realm, h.From, WireNodes.ParseAddress(w.Address, "address"), w.Uid), w => w.Header),
        Of<GossipEnvelope, W.GossipEnvelope>(
            "cluster.v1.GossipEnvelope",
            m => new() { Header = Header(m), To = WireNodes.ToProto(m.To), Gossip = GossipWire.ToProto(m.Gossip) },
            (h, w) => new(h.Realm, h.From, WireNodes.FromProto(w.To, "recipient"), GossipWire.FromProto(w.Gossip)),
            w => w.Header),
        Of<GossipStatus, W.GossipStatus>("cluster.v1.GossipStatus", ToWire, FromWire, w => w.Header),
        Of<Heartbeat, W.Heartbeat>("cluster.v1.Heartbeat", m => new() { Header = Header(m), To = WireNodes.ToProto(m.To), Sequence = m.Sequence }, (h, w) => new(h.Realm, h.From, WireNodes.FromProto(w.To, "recipient"), w.Sequence), w => w.Header),
        Of<HeartbeatResponse, W.HeartbeatResponse>("cluster.v1.HeartbeatResponse", m => new() { Header = Header(m), Sequence = m.Sequence }, (h, w) => new(h.Realm, h.From, w.Sequence), w => w.Header),
        Of<PrimeSwitchStoreRequest, W.PrimeSwitchRequest>("cluster.v1.PrimeSwitchRequest", m => new() { Header = Header(m), State = WireNodes.ToProto(m.State) }, (h, w) => new(h.Realm, h.From, WireNodes.FromProto(w.State)), w => w.Header),
        Of<PrimeSwitchAck, W.PrimeSwitchAck>("cluster.v1.PrimeSwitchAck", ToWire, FromWire, w => w.Header),
    ];

    private static readonly FrozenDictionary<Type, Codec> ByType = Codecs.ToFrozenDictionary(c => c.Type);
    private static readonly FrozenDictionary<string, Codec> ByManifest = Codecs.ToFrozenDictionary(c => c.Manifest, StringComparer.Ordinal);

    /// <summary>The registered message types and their manifests.</summary>
    public static ImmutableArray<(Type Type, string Manifest)> RegisteredTypes { get; } = [.. Codecs.Select(c => (c.Type, c.Manifest))];

    /// <summary>Whether <paramref name="manifest"/> names a registered cluster message.</summary>
    public static bool IsRegistered(string manifest) => ByManifest.ContainsKey(manifest);

    /// <summary>Whether <paramref name="message"/> is a registered cluster message.</summary>
    public static bool Handles(object message) => message is not null && ByType.ContainsKey(message.GetType());

    /// <summary>The manifest of <paramref name="message"/>.</summary>
    /// <exception cref="ArgumentException">The type is not registered.</exception>
    public static string Manifest(object message) => CodecOf(message).Manifest;

    /// <summary>Serializes <paramref name="message"/>.</summary>
    /// <exception cref="ArgumentException">The type is not registered.</exception>
    public static byte[] ToBinary(object message) => CodecOf(message).Write((ClusterMessage)message).ToByteArray();

    /// <summary>Deserializes a message of the manifest's type.</summary>
    /// <exception cref="InvalidDataException">The manifest is unknown or the bytes are not a valid message of it.</exception>
    public static ClusterMessage FromBinary(string manifest, ReadOnlySpan<byte> bytes)
    {
        if (!ByManifest.TryGetValue(manifest, out var codec))
        {
            throw new InvalidDataException($"Unknown cluster message manifest '{manifest}'.");
        }

        try
        {
            return codec.Read(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"A malformed {manifest} message: {e.Message}", e);
        }
    }

    private static Codec CodecOf(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return ByType.TryGetValue(message.GetType(), out var codec)
            ? codec
            : throw new ArgumentException($"{message.GetType()} is not a registered cluster message.", nameof(message));
    }

    private static W.Header Header(ClusterMessage message) => new()
    {
        ProtocolVersion = (uint)W.ClusterProtocolVersion.Current,
        Realm = message.Realm,
        From = WireNodes.ToProto(message.From),
    };

    private static (string Realm, NodeId From) ReadHeader(W.Header? header)
    {
        if (header is null)
        {
            throw new InvalidDataException("The message has no header.");
        }

        if (header.ProtocolVersion != (uint)W.ClusterProtocolVersion.Current)
        {
            throw new InvalidDataException($"Cluster protocol version {header.ProtocolVersion} is not supported (this node speaks {(uint)W.ClusterProtocolVersion.Current}).");
        }

        return (header.Realm, WireNodes.FromProto(header.From, "sender"));
    }

    private static W.Join ToWire(Join m)
    {
        var wire = new W.Join { Header = Header(m), Site = m.Site, Name = m.Name };
        wire.Roles.AddRange(m.Roles);
        return wire;
    }

    private static W.GossipStatus ToWire(GossipStatus m)
    {
        var wire = new W.GossipStatus { Header = Header(m), To = WireNodes.ToProto(m.To) };
        var table = new WireNodes.Table(wire.Nodes);
        table.AddVersions(m.Version, wire.Version);
        wire.Seen.AddRange(m.Seen.Select(table.IndexOf));
        return wire;
    }

    private static GossipStatus FromWire((string Realm, NodeId From) h, W.GossipStatus w)
    {
        var nodes = new WireNodes.Lookup(w.Nodes);
        return new GossipStatus(h.Realm, h.From, WireNodes.FromProto(w.To, "recipient"), nodes.Versions(w.Version), [.. w.Seen.Select(i => nodes[i])]);
    }

    private static W.PrimeSwitchAck ToWire(PrimeSwitchAck m) => new()
    {
        Header = Header(m),
        SwitchId = m.SwitchId.ToString("D"),
        Stored = m.Stored,
        Current = WireNodes.ToProto(m.Current),
        Error = m.Error,
    };

    private static PrimeSwitchAck FromWire((string Realm, NodeId From) h, W.PrimeSwitchAck w) =>
        Guid.TryParseExact(w.SwitchId, "D", out var id)
            ? new PrimeSwitchAck(h.Realm, h.From, id, w.Stored, WireNodes.FromProto(w.Current), w.Error)
            : throw new InvalidDataException($"The prime switch acknowledgement names switch '{w.SwitchId}', which is not a switch id.");

    private static Codec Of<TMessage, TWire>(
        string manifest,
        Func<TMessage, TWire> write,
        Func<(string Realm, NodeId From), TWire, TMessage> read,
        Func<TWire, W.Header?> header)
        where TMessage : ClusterMessage
        where TWire : IMessage<TWire>, new()
    {
        var parser = new MessageParser<TWire>(() => new TWire());
        return new Codec(
            typeof(TMessage),
            manifest,
            m => write((TMessage)m),
            bytes =>
            {
                var wire = parser.ParseFrom(bytes);
                return read(ReadHeader(header(wire)), wire);
            });
    }

    private sealed record Codec(Type Type, string Manifest, Func<ClusterMessage, IMessage> Write, ReadBytes Read);

    private delegate ClusterMessage ReadBytes(ReadOnlySpan<byte> bytes);
}
