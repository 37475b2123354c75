using System.Collections.Immutable;
using System.Runtime.Serialization;
using ActorRealm.Cluster.Joining;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Serialization.Wire;
using Akka.Actor;
using Akka.Serialization;
using Google.Protobuf;

namespace ActorRealm.Cluster.Serialization;

/// <summary>
/// The serializer of every <see cref="IRealmMessage"/>: protobuf bodies (Protos/realm.proto) under a
/// short fixed manifest per type. A manifest it does not know is refused with a
/// <see cref="SerializationException"/>; no type name ever comes from the wire.
/// </summary>
public sealed class RealmSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer id (Akka reserves 0-100 for itself).</summary>
    public const int Id = 7301;

    private const string PrimeAdvertManifest = "PA";
    private const string PrimeStoreRequestManifest = "PSQ";
    private const string PrimeStoreAckManifest = "PSA";
    private const string ProbeRequestManifest = "PRQ";
    private const string ProbeReplyManifest = "PRA";

    /// <summary>Creates the serializer (Akka calls this).</summary>
    public RealmSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    /// <inheritdoc />
    public override int Identifier => Id;

    /// <inheritdoc />
    public override string Manifest(object o) => o switch
    {
        PrimeAdvert => PrimeAdvertManifest,
        PrimeStoreRequest => PrimeStoreRequestManifest,
        PrimeStoreAck => PrimeStoreAckManifest,
        ProbeRequest => ProbeRequestManifest,
        ProbeReply => ProbeReplyManifest,
        _ => throw new ArgumentException($"{o?.GetType().FullName ?? "null"} is not an ActorRealm wire message.", nameof(o)),
    };

    /// <inheritdoc />
    public override byte[] ToBinary(object obj) => obj switch
    {
        PrimeAdvert m => new PrimeAdvertProto { From = ToProto(m.From), State = ToProto(m.State) }.ToByteArray(),
        PrimeStoreRequest m => new PrimeStoreRequestProto { From = ToProto(m.From), State = ToProto(m.State) }.ToByteArray(),
        PrimeStoreAck m => new PrimeStoreAckProto
        {
            From = ToProto(m.From),
            SwitchId = ByteString.CopyFrom(m.SwitchId.ToByteArray()),
            Stored = m.Stored,
            Current = ToProto(m.Current),
            Error = m.Error,
        }.ToByteArray(),
        ProbeRequest m => new ProbeRequestProto { Side = ToProto(m.Side) }.ToByteArray(),
        ProbeReply m => new ProbeReplyProto { Side = ToProto(m.Side) }.ToByteArray(),
        _ => throw new ArgumentException($"{obj?.GetType().FullName ?? "null"} is not an ActorRealm wire message.", nameof(obj)),
    };

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        try
        {
            return manifest switch
            {
                PrimeAdvertManifest => FromProto(PrimeAdvertProto.Parser.ParseFrom(bytes)),
                PrimeStoreRequestManifest => FromProto(PrimeStoreRequestProto.Parser.ParseFrom(bytes)),
                PrimeStoreAckManifest => FromProto(PrimeStoreAckProto.Parser.ParseFrom(bytes)),
                ProbeRequestManifest => new ProbeRequest(FromProto(ProbeRequestProto.Parser.ParseFrom(bytes).Side)),
                ProbeReplyManifest => new ProbeReply(FromProto(ProbeReplyProto.Parser.ParseFrom(bytes).Side)),
                _ => throw new SerializationException($"Unknown ActorRealm manifest '{manifest}'; the message is dropped."),
            };
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or ArgumentException or FormatException)
        {
            throw new SerializationException($"A malformed ActorRealm message (manifest '{manifest}', {bytes.Length} bytes) was dropped: {e.Message}", e);
        }
    }

    private static PrimeAdvert FromProto(PrimeAdvertProto p) => new(FromProto(Required(p.From, "from")), FromProto(Required(p.State, "state")));

    private static PrimeStoreRequest FromProto(PrimeStoreRequestProto p) => new(FromProto(Required(p.From, "from")), FromProto(Required(p.State, "state")));

    private static PrimeStoreAck FromProto(PrimeStoreAckProto p) =>
        new(FromProto(Required(p.From, "from")), ToGuid(p.SwitchId), p.Stored, FromProto(Required(p.Current, "current")), p.Error);

    private static NodeIdProto ToProto(NodeId node) => new() { Host = node.Address.Host, Port = node.Address.Port, Uid = node.Uid };

    private static NodeId FromProto(NodeIdProto p) => new(new NodeAddress(p.Host, p.Port), p.Uid);

    private static PrimeStateProto ToProto(PrimeState state) => new()
    {
        Site = state.Site,
        Epoch = state.Epoch,
        SwitchedBy = state.SwitchedBy,
        SwitchedAtUtcTicks = state.SwitchedAt.UtcTicks,
        SwitchId = ByteString.CopyFrom(state.SwitchId.ToByteArray()),
    };

    private static PrimeState FromProto(PrimeStateProto p)
    {
        if (string.IsNullOrWhiteSpace(p.Site) || p.Epoch < 0)
        {
            throw new FormatException("a prime state needs a site and a non-negative epoch");
        }

        return new PrimeState(p.Site, p.Epoch, p.SwitchedBy, new DateTimeOffset(p.SwitchedAtUtcTicks, TimeSpan.Zero), ToGuid(p.SwitchId));
    }

    private static ClusterSideProto ToProto(RealmSide side)
    {
        var proto = new ClusterSideProto
        {
            Realm = side.Realm,
            Node = ToProto(side.Node),
            Formed = side.Formed,
            HasQuorum = side.HasQuorum,
            Prime = ToProto(side.Prime),
            IsFirstSeed = side.IsFirstSeed,
        };
        proto.Members.AddRange(side.Members.Select(m => new SideMemberProto { Node = ToProto(m.Node), Status = (int)m.Status }));
        return proto;
    }

    private static RealmSide FromProto(ClusterSideProto? p)
    {
        p = Required(p, "side");
        var members = ImmutableArray.CreateBuilder<SideMember>(p.Members.Count);
        foreach (var member in p.Members)
        {
            if (!Enum.IsDefined((MemberStatus)member.Status))
            {
                throw new FormatException($"unknown member status {member.Status}");
            }

            members.Add(new SideMember(FromProto(Required(member.Node, "member")), (MemberStatus)member.Status));
        }

        return new RealmSide(p.Realm, FromProto(Required(p.Node, "node")), p.Formed, p.HasQuorum, FromProto(Required(p.Prime, "prime")), members.ToImmutable(), p.IsFirstSeed);
    }

    private static Guid ToGuid(ByteString bytes) => bytes.Length switch
    {
        0 => Guid.Empty,
        16 => new Guid(bytes.Span),
        _ => throw new FormatException($"a switch id has 16 bytes, not {bytes.Length}"),
    };

    private static T Required<T>(T? value, string field)
        where T : class => value ?? throw new FormatException($"field '{field}' is missing");
}
