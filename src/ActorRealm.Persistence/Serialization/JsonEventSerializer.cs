using System.Collections.Concurrent;
using System.Text.Json;

namespace ActorRealm.Persistence.Serialization;

/// <summary>
/// System.Text.Json serialization of explicitly registered types, each under a stable manifest of your choosing
/// (<c>Register&lt;OrderPlaced&gt;("order-placed.v1")</c>). Serializing an unregistered type, or reading a manifest that
/// is not registered, is an <see cref="EventSerializationException"/>: no type is ever looked up by name.
/// Register everything at start-up; registration and use are thread-safe.
/// </summary>
public sealed class JsonEventSerializer : IEventSerializer
{
    private readonly ConcurrentDictionary<string, Type> _types = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, string> _manifests = new();
    private readonly JsonSerializerOptions _options;

    /// <summary>Creates a serializer with <paramref name="options"/> (default: <see cref="JsonSerializerDefaults.General"/>).</summary>
    public JsonEventSerializer(JsonSerializerOptions? options = null)
    {
        _options = options ?? new JsonSerializerOptions(JsonSerializerDefaults.General);
    }

    /// <summary>Registers <typeparamref name="T"/> under <paramref name="manifest"/>; returns this serializer.</summary>
    public JsonEventSerializer Register<T>(string manifest) => Register(typeof(T), manifest);

    /// <summary>Registers <paramref name="type"/> under <paramref name="manifest"/>; returns this serializer.</summary>
    /// <exception cref="ArgumentException">The manifest or the type is already registered to something else.</exception>
    public JsonEventSerializer Register(Type type, string manifest)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrEmpty(manifest);
        lock (_types)
        {
            if (_types.TryGetValue(manifest, out var existing) && existing != type)
            {
                throw new ArgumentException($"Manifest '{manifest}' is already registered for {existing.FullName}.", nameof(manifest));
            }

            if (_manifests.TryGetValue(type, out var registered) && registered != manifest)
            {
                throw new ArgumentException($"{type.FullName} is already registered as '{registered}'.", nameof(type));
            }

            _types[manifest] = type;
            _manifests[type] = manifest;
        }

        return this;
    }

    /// <inheritdoc/>
    public SerializedValue Serialize(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var type = value.GetType();
        if (!_manifests.TryGetValue(type, out var manifest))
        {
            throw new EventSerializationException(
                $"{type.FullName} is not registered with the event serializer; register it with Register<{type.Name}>(\"<manifest>\") at start-up.");
        }

        return new SerializedValue(manifest, JsonSerializer.SerializeToUtf8Bytes(value, type, _options));
    }

    /// <inheritdoc/>
    public object Deserialize(string manifest, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(payload);
        if (!_types.TryGetValue(manifest, out var type))
        {
            throw new EventSerializationException(
                $"Manifest '{manifest}' is not registered with the event serializer: the stored value is of a kind this node does not know. Nothing was instantiated.");
        }

        try
        {
            return JsonSerializer.Deserialize(payload, type, _options)
                ?? throw new EventSerializationException($"The payload of manifest '{manifest}' is JSON null.");
        }
        catch (JsonException e)
        {
            throw new EventSerializationException($"The payload of manifest '{manifest}' is not a valid {type.Name}: {e.Message}", e);
        }
    }
}
