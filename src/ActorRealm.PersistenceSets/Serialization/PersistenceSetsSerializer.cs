using System.Runtime.Serialization;
using ActorRealm.PersistenceSets.RealmLink;
using ActorRealm.PersistenceSets.Status;
using ActorRealm.PersistenceSets.Wire;
using Akka.Actor;
using Akka.Serialization;
using Google.Protobuf;

namespace ActorRealm.PersistenceSets.Serialization;

/// <summary>
/// The serializer of every <see cref="IPersistenceSetsMessage"/>: a protobuf body (Protos/*.proto) under a short
/// fixed manifest per type. Unknown manifests, malformed bodies and out-of-range enums are refused with a
/// <see cref="SerializationException"/>: the sender never chooses a type.
/// </summary>
public sealed class PersistenceSetsSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer id (the realm's is 7301, the public contracts' 7302).</summary>
    public const int Id = 7303;

    /// <summary>The Akka configuration that registers this serializer for <see cref="IPersistenceSetsMessage"/>.</summary>
    public const string Hocon =
        """
        akka.actor.serializers.persistence-sets = "ActorRealm.PersistenceSets.Serialization.PersistenceSetsSerializer, ActorRealm.PersistenceSets"
        akka.actor.serialization-bindings { "ActorRealm.PersistenceSets.RealmLink.IPersistenceSetsMessage, ActorRealm.PersistenceSets" = persistence-sets }
        """;

    private const string HelloManifest = "PH";
    private const string WelcomeManifest = "PW";
    private const string RefusedManifest = "PX";
    private const string StatusManifest = "PS";
    private const string VerdictManifest = "PQ";

    /// <summary>Creates the serializer (Akka calls this).</summary>
    public PersistenceSetsSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    /// <inheritdoc />
    public override int Identifier => Id;

    /// <inheritdoc />
    public override string Manifest(object o) => o switch
    {
        PersistenceServerHello => HelloManifest,
        PersistenceServerWelcome => WelcomeManifest,
        PersistenceServerRefused => RefusedManifest,
        PersistenceStatusReport => StatusManifest,
        RealmQuorumVerdict => VerdictManifest,
        _ => throw NotOurs(o),
    };

    /// <inheritdoc />
    public override byte[] ToBinary(object obj) => obj switch
    {
        PersistenceServerHello h => new ServerHelloProto { Server = h.Server, Set = h.Set, Site = h.Site }.ToByteArray(),
        PersistenceServerWelcome w => new ServerWelcomeProto { RealmServer = w.RealmServer, Site = w.Site }.ToByteArray(),
        PersistenceServerRefused r => new ServerRefusedProto { RealmServer = r.RealmServer, Reason = r.Reason }.ToByteArray(),
        PersistenceStatusReport s => ToProto(s.Status).ToByteArray(),
        RealmQuorumVerdict v => new QuorumVerdictProto
        {
            RealmServer = v.RealmServer,
            HasQuorum = v.HasQuorum,
            Explanation = v.Explanation,
            PrimeSite = v.PrimeSite,
            PrimeEpoch = v.PrimeEpoch,
        }.ToByteArray(),
        _ => throw NotOurs(obj),
    };

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        try
        {
            switch (manifest)
            {
                case HelloManifest:
                    var h = ServerHelloProto.Parser.ParseFrom(bytes);
                    return new PersistenceServerHello(h.Server, h.Set, h.Site);
                case WelcomeManifest:
                    var w = ServerWelcomeProto.Parser.ParseFrom(bytes);
                    return new PersistenceServerWelcome(w.RealmServer, w.Site);
                case RefusedManifest:
                    var r = ServerRefusedProto.Parser.ParseFrom(bytes);
                    return new PersistenceServerRefused(r.RealmServer, r.Reason);
                case StatusManifest:
                    return new PersistenceStatusReport(FromProto(ServerStatusProto.Parser.ParseFrom(bytes)));
                case VerdictManifest:
                    var v = QuorumVerdictProto.Parser.ParseFrom(bytes);
                    return new RealmQuorumVerdict(v.RealmServer, v.HasQuorum, v.Explanation, v.PrimeSite, v.PrimeEpoch);
                default:
                    throw new SerializationException($"Unknown persistence-sets manifest '{manifest}'; the message is dropped.");
            }
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new SerializationException($"A malformed persistence-sets message (manifest '{manifest}', {bytes.Length} bytes) was dropped: {e.Message}", e);
        }
    }

    private static ArgumentException NotOurs(object? o) =>
        new($"{o?.GetType().FullName ?? "null"} is not a persistence-sets message.", nameof(o));

    private static ServerStatusProto ToProto(PersistenceServerStatus s)
    {
        var proto = new ServerStatusProto
        {
            Server = s.Server,
            Set = s.Set,
            Site = s.Site,
            SetRole = (int)s.SetRole,
            Role = (int)s.Role,
            Term = s.Term,
            Epoch = s.Epoch,
            LastIndex = s.LastIndex,
            CommittedIndex = s.CommittedIndex,
            ReportedAtUnixMs = s.ReportedAt.ToUnixTimeMilliseconds(),
        };
        if (s.Leader is { } leader)
        {
            proto.Leader = leader;
        }

        if (s.LagBehindLeader is { } lag)
        {
            proto.LagBehindLeader = lag;
        }

        if (s.Standby is { } standby)
        {
            proto.Standby = new StandbyLagProto { Messages = standby.Messages, Bytes = standby.Bytes, TimeTicks = standby.Time.Ticks };
        }

        return proto;
    }

    private static PersistenceServerStatus FromProto(ServerStatusProto p) => new(
        p.Server,
        p.Set,
        p.Site,
        Defined<SetRole>(p.SetRole),
        Defined<PersistenceRole>(p.Role),
        p.Term,
        p.Epoch,
        p.LastIndex,
        p.CommittedIndex,
        p.HasLeader ? p.Leader : null,
        p.HasLagBehindLeader ? p.LagBehindLeader : null,
        p.Standby is { } s ? new StandbyLag(s.Messages, s.Bytes, TimeSpan.FromTicks(s.TimeTicks)) : null,
        DateTimeOffset.FromUnixTimeMilliseconds(p.ReportedAtUnixMs));

    private static T Defined<T>(int value)
        where T : struct, Enum =>
        Enum.IsDefined(typeof(T), value) ? (T)(object)value : throw new SerializationException($"{typeof(T).Name} {value} is not defined; the message is dropped.");
}
