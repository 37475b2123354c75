namespace ActorRealm.Remote.Serialization;

/// <summary>
/// Turns messages of the types it has registered into bytes and back. A serializer is found by its
/// <see cref="Id"/> on receipt, and the manifest picks one of its registered types; it never resolves a
/// type by name, so a peer cannot make this node instantiate a type it did not register.
/// </summary>
public interface IMessageSerializer
{
    /// <summary>The id written into every envelope (stable across versions; 1-99 are reserved for ActorRealm).</summary>
    int Id { get; }

    /// <summary>Returns the manifest for <paramref name="message"/> when this serializer registered its type.</summary>
    bool TryGetManifest(object message, out string manifest);

    /// <summary>Serializes <paramref name="message"/>, whose type this serializer registered.</summary>
    byte[] ToBinary(object message);

    /// <summary>Deserializes a message of the registered type named by <paramref name="manifest"/>; null when the manifest is not registered.</summary>
    object? FromBinary(ReadOnlyMemory<byte> bytes, string manifest);
}
