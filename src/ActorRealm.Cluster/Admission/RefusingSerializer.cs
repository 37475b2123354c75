using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace ActorRealm.Cluster.Admission;

/// <summary>
/// A serializer that refuses both directions, registered under the name and id of an Akka serializer
/// that would build an object of a class named on the wire (see <see cref="RealmTransportSecurity.SerializationHocon"/>):
/// <list type="bullet">
/// <item>Newtonsoft JSON (<c>json</c>, id 1), Akka's fallback for every type without a binding: it builds
/// whatever type the manifest names, and types embedded in the JSON too;</item>
/// <item>protobuf (<c>proto</c>, id 2): it builds whatever class the manifest names
/// (<c>Activator.CreateInstance</c>) before checking that it is a protobuf message;</item>
/// <item>remote deployment (<c>daemon-create</c>, id 3): a peer has this node construct an actor of a
/// class it names, with arguments it chooses. ActorRealm deploys no actor remotely.</item>
/// </list>
/// It has a string manifest, so Akka hands it the peer's manifest as text and never resolves it to a
/// type; the message is dropped with a log line. Sending a message that would need it fails on the
/// sending node with a message naming the type.
/// </summary>
public sealed class RefusingSerializer : SerializerWithStringManifest
{
    /// <summary>The id of Akka's Newtonsoft JSON serializer.</summary>
    public const int JsonId = 1;

    /// <summary>The id of Akka.Remote's protobuf serializer.</summary>
    public const int ProtobufId = 2;

    /// <summary>The id of Akka.Remote's <c>DaemonMsgCreate</c> (remote deployment) serializer.</summary>
    public const int RemoteDeploymentId = 3;

    private readonly string _refuses;

    /// <summary>
    /// Creates the serializer (Akka calls this with <c>akka.actor.serialization-settings.&lt;name&gt;</c>,
    /// whose <c>refused-id</c> is the id it takes over and <c>refused</c> what it stands in for).
    /// </summary>
    public RefusingSerializer(ExtendedActorSystem system, Config settings)
        : base(system)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Identifier = settings.GetInt("refused-id");
        _refuses = settings.GetString("refused");
    }

    /// <inheritdoc />
    public override int Identifier { get; }

    /// <inheritdoc />
    public override string Manifest(object o) => throw Outbound(o);

    /// <inheritdoc />
    public override byte[] ToBinary(object obj) => throw Outbound(obj);

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        var shown = manifest is { Length: > 200 } ? manifest[..200] + "..." : manifest;
        throw new SerializationException(
            $"Refused an inbound message for serializer id {Identifier} ({_refuses}) with manifest '{shown}': " +
            "ActorRealm never builds an object of a type a peer names (docs/adr/0021).");
    }

    private SerializationException Outbound(object? message) => new(
        $"No serializer is registered for {message?.GetType().FullName ?? "null"} ({_refuses} is refused in ActorRealm): " +
        "register one under akka.actor.serializers and akka.actor.serialization-bindings (docs/remote.md, \"Serialization\").");
}
