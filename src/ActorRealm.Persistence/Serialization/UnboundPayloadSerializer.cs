using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace ActorRealm.Persistence.Serialization;

/// <summary>
/// The journal's and snapshot store's serializer for payload types that have no binding in
/// <c>akka.actor.serialization-bindings</c>: it refuses them. Without it Akka would fall back to its Newtonsoft JSON
/// serializer, storing a CLR type name that recovery would later load (a type chosen by the stored data). A refused
/// event is rejected (<c>OnPersistRejected</c>) and nothing of it is written.
/// </summary>
public sealed class UnboundPayloadSerializer : Serializer
{
    /// <summary>The name the plugin configuration refers to (<c>akka.actor.serializers.actorrealm-unbound</c>).</summary>
    public const string Name = "actorrealm-unbound";

    /// <summary>The serializer identifier; never stored, since nothing is ever serialized with it.</summary>
    public const int Id = 4701;

    /// <summary>Created by Akka's serialization extension.</summary>
    public UnboundPayloadSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    /// <inheritdoc />
    public override int Identifier => Id;

    /// <inheritdoc />
    public override bool IncludeManifest => false;

    /// <summary>Always refuses.</summary>
    /// <exception cref="SerializationException">Always: <paramref name="obj"/>'s type has no serializer binding.</exception>
    public override byte[] ToBinary(object obj) => throw new SerializationException(
        $"No serializer is bound to {obj?.GetType().FullName ?? "null"}: bind one in akka.actor.serialization-bindings " +
        "(a SerializerWithStringManifest with stable manifests). ActorRealm does not store payloads as Newtonsoft JSON.");

    /// <summary>Always refuses: no stored payload carries this serializer's identifier.</summary>
    /// <exception cref="SerializationException">Always.</exception>
    public override object FromBinary(byte[] bytes, Type type) =>
        throw new SerializationException($"A stored payload names serializer {Id} ({Name}), which never serializes anything; the store was written by something else.");
}
