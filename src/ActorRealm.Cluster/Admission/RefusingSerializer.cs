using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace ActorRealm.Cluster.Admission;

/// <summary>
/// A serializer that refuses both directions, registered in place of an Akka serializer that would
/// build an object of a type named on the wire. It has a string manifest, so Akka hands it the
/// peer's manifest as text and never resolves it to a type; the message is dropped with a log line.
/// Sending a message that would need it fails on the sending node with a message naming the type.
/// </summary>
public abstract class RefusingSerializer : SerializerWithStringManifest
{
    /// <summary>Creates the serializer (Akka calls this).</summary>
    protected RefusingSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    /// <summary>What this serializer stands in for, for error messages.</summary>
    protected abstract string Refuses { get; }

    /// <inheritdoc />
    public override string Manifest(object o) => throw Outbound(o);

    /// <inheritdoc />
    public override byte[] ToBinary(object obj) => throw Outbound(obj);

    /// <inheritdoc />
    public override object FromBinary(byte[] bytes, string manifest)
    {
        var shown = manifest is { Length: > 200 } ? manifest[..200] + "..." : manifest;
        throw new SerializationException(
            $"Refused an inbound message for serializer id {Identifier} ({Refuses}) with manifest '{shown}': " +
            "ActorRealm never builds an object of a type a peer names (docs/adr/0021).");
    }

    private SerializationException Outbound(object? message) => new(
        $"No serializer is registered for {message?.GetType().FullName ?? "null"} ({Refuses} is refused in ActorRealm): " +
        "register one under akka.actor.serializers and akka.actor.serialization-bindings (docs/remote.md, \"Serialization\").");
}

/// <summary>
/// Stands in for Akka's Newtonsoft JSON serializer (id 1), the default for every type without a
/// binding: that serializer builds whatever type the peer's manifest names, and embedded type names
/// too, which would let any peer choose what this node instantiates.
/// </summary>
public sealed class RefusedJsonSerializer : RefusingSerializer
{
    /// <summary>The id of Akka's JSON serializer, so inbound frames naming it reach this one.</summary>
    public const int Id = 1;

    /// <summary>Creates the serializer (Akka calls this).</summary>
    public RefusedJsonSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    /// <summary>Creates the serializer (Akka calls this when <c>akka.actor.serialization-settings</c> has a section for it, which it ignores).</summary>
    public RefusedJsonSerializer(ExtendedActorSystem system, Config settings)
        : base(system)
    {
    }

    /// <inheritdoc />
    public override int Identifier => Id;

    /// <inheritdoc />
    protected override string Refuses => "Akka's JSON fallback";
}

/// <summary>
/// Stands in for Akka.Remote's <c>DaemonMsgCreate</c> serializer (id 3): remote deployment lets a peer
/// have this node construct an actor of a class it names, with arguments it chooses. ActorRealm
/// deploys no actor remotely, so it is refused in both directions.
/// </summary>
public sealed class RefusedRemoteDeploymentSerializer : RefusingSerializer
{
    /// <summary>The id of Akka.Remote's <c>DaemonMsgCreate</c> serializer.</summary>
    public const int Id = 3;

    /// <summary>Creates the serializer (Akka calls this).</summary>
    public RefusedRemoteDeploymentSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    /// <summary>Creates the serializer (Akka calls this when <c>akka.actor.serialization-settings</c> has a section for it, which it ignores).</summary>
    public RefusedRemoteDeploymentSerializer(ExtendedActorSystem system, Config settings)
        : base(system)
    {
    }

    /// <inheritdoc />
    public override int Identifier => Id;

    /// <inheritdoc />
    protected override string Refuses => "remote deployment";
}
