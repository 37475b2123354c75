namespace ActorRealm.Persistence.Serialization;

/// <summary>
/// Turns events and snapshots into the opaque bytes and manifest the journal stores, and back. An implementation
/// must only ever create instances of types it was explicitly told about: the manifest comes from stored data, and
/// stored data must never choose which type is instantiated.
/// </summary>
public interface IEventSerializer
{
    /// <summary>Serializes <paramref name="value"/>.</summary>
    /// <exception cref="EventSerializationException">The value's type is not registered.</exception>
    SerializedValue Serialize(object value);

    /// <summary>Deserializes a stored value.</summary>
    /// <exception cref="EventSerializationException">The manifest is not registered, or the payload does not match it.</exception>
    object Deserialize(string manifest, byte[] payload);
}

/// <summary>A serialized event or snapshot.</summary>
/// <param name="Manifest">Names the registered type (not a CLR type name).</param>
/// <param name="Payload">The bytes.</param>
public sealed record SerializedValue(string Manifest, byte[] Payload);
