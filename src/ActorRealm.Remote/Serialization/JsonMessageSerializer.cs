using System.Text.Json;

namespace ActorRealm.Remote.Serialization;

/// <summary>
/// Serializer 3: records and classes through System.Text.Json, for types registered under a stable
/// manifest string. A manifest that was not registered is refused: the type to create always comes
/// from this node's registrations, never from the peer (no <c>Type.GetType</c>, no <c>$type</c>).
/// </summary>
public sealed class JsonMessageSerializer : IMessageSerializer
{
    private readonly ManifestTable<Type> _types = new();

    internal JsonMessageSerializer(JsonSerializerOptions options) => Options = options;

    /// <inheritdoc/>
    public int Id => 3;

    /// <summary>The options every message is (de)serialized with; add converters before the node starts.</summary>
    public JsonSerializerOptions Options { get; }

    /// <summary>Registers <paramref name="type"/> under <paramref name="manifest"/>.</summary>
    /// <exception cref="ArgumentException">The manifest or the type is already registered differently.</exception>
    public void Register(Type type, string manifest)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(manifest);
        _types.Register(type, manifest, type);
    }

    /// <inheritdoc/>
    public bool TryGetManifest(object message, out string manifest) => _types.TryGetManifest(message.GetType(), out manifest);

    /// <inheritdoc/>
    public byte[] ToBinary(object message) => JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), Options);

    /// <inheritdoc/>
    public object? FromBinary(ReadOnlyMemory<byte> bytes, string manifest) =>
        _types.Find(manifest) is { } type ? JsonSerializer.Deserialize(bytes.Span, type, Options) : null;
}
