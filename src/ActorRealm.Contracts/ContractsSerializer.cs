using System.Runtime.Serialization;
using ActorRealm.Contracts.Wire;
using Akka.Actor;
using Akka.Serialization;
using Google.Protobuf;

namespace ActorRealm.Contracts;

/// <summary>
/// The serializer of every <see cref="IRealmContract"/>: a protobuf body (Protos/contracts.proto)
/// under a short fixed manifest per type. Unknown manifests and malformed bodies are refused with a
/// <see cref="SerializationException"/>.
/// </summary>
public sealed partial class ContractsSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer id (Akka reserves 0-100).</summary>
    public const int Id = 7302;

    private const string StatusRequestManifest = "RSQ";
    private const string StatusManifest = "RS";

    /// <summary>Creates the serializer (Akka calls this).</summary>
    public ContractsSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    /// <inheritdoc />
    public override int Identifier => Id;

    /// <inheritdoc />
    public override string Manifest(object o) => o switch
    {
        RealmStatusRequest => StatusRequestManifest,
        RealmStatus => StatusManifest,
        _ => PersistenceManifest(o) ?? throw new ArgumentException($"{o?.GetType().FullName ?? "null"} is not an ActorRealm contract.", nameof(o)),
    };

    /// <inheritdoc />
    public override byte[] ToBinary(object obj) => obj switch
    {
        RealmStatusRequest => new RealmStatusRequestProto().ToByteArray(),
        RealmStatus s => ToProto(s).ToByteArray(),
        _ => PersistenceToProto(obj)?.ToByteArray() ?? throw new ArgumentException($"{obj?.GetType().FullName ?? "null"} is not an ActorRealm contract.", nameof(obj)),
    };

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        try
        {
            return manifest switch
            {
                StatusRequestManifest => Parsed(RealmStatusRequestProto.Parser.ParseFrom(bytes), RealmStatusRequest.Instance),
                StatusManifest => FromProto(RealmStatusProto.Parser.ParseFrom(bytes)),
                _ => PersistenceFromBinary(bytes, manifest) ?? throw new SerializationException($"Unknown ActorRealm contract manifest '{manifest}'; the message is dropped."),
            };
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new SerializationException($"A malformed ActorRealm contract (manifest '{manifest}', {bytes.Length} bytes) was dropped: {e.Message}", e);
        }
    }

    private static T Parsed<T>(IMessage _, T value) => value;

    private static RealmStatusProto ToProto(RealmStatus s)
    {
        var proto = new RealmStatusProto
        {
            Realm = s.Realm,
            Node = s.Node,
            Site = s.Site,
            Status = s.Status,
            HasQuorum = s.HasQuorum,
            Quorum = s.Quorum,
            Serving = s.Serving,
            PrimeSite = s.PrimeSite,
            PrimeEpoch = s.PrimeEpoch,
        };
        proto.Members.AddRange(s.Members.Select(m => new RealmMemberProto { Node = m.Node, Site = m.Site, Address = m.Address, Status = m.Status, Reachable = m.Reachable }));
        return proto;
    }

    private static RealmStatus FromProto(RealmStatusProto p) => new(
        p.Realm,
        p.Node,
        p.Site,
        p.Status,
        p.HasQuorum,
        p.Quorum,
        p.Serving,
        p.PrimeSite,
        p.PrimeEpoch,
        [.. p.Members.Select(m => new RealmMember(m.Node, m.Site, m.Address, m.Status, m.Reachable))]);
}
