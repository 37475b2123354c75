using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace ActorRealm.Remote.Serialization;

/// <summary>
/// The serializers of a node and the message types each may carry: built-in messages (id 1),
/// protobuf messages registered by descriptor (id 2) and records registered for System.Text.Json under a
/// stable manifest (id 3), plus any custom serializer. Only registered types cross the wire.
/// </summary>
public sealed class SerializerRegistry
{
    private readonly Dictionary<int, IMessageSerializer> _byId = [];
    private readonly ConcurrentDictionary<Type, (IMessageSerializer Serializer, string Manifest)?> _byType = new();

    /// <summary>Creates a registry with the built-in, protobuf and JSON serializers (no user types yet).</summary>
    public SerializerRegistry(JsonSerializerOptions? jsonOptions = null)
    {
        Protobuf = new ProtobufMessageSerializer();
        Json = new JsonMessageSerializer(jsonOptions ?? new JsonSerializerOptions(JsonSerializerDefaults.General));
        Add(new BuiltInSerializer(this));
        Add(Protobuf);
        Add(Json);
    }

    /// <summary>
    /// Resolves actor paths found in payloads (a sender inside a message, an Identify answer) to refs;
    /// set by the remote provider. Unset, such refs deserialize as null.
    /// </summary>
    public Func<string, Actors.IActorRef?>? RefResolver { get; set; }

    /// <summary>The protobuf serializer (id 2).</summary>
    public ProtobufMessageSerializer Protobuf { get; }

    /// <summary>The JSON serializer (id 3).</summary>
    public JsonMessageSerializer Json { get; }

    /// <summary>Registers a protobuf message type; its manifest is the descriptor's full name.</summary>
    public SerializerRegistry AddProtobuf<T>()
        where T : IMessage<T>, new()
    {
        Protobuf.Register<T>();
        return this;
    }

    /// <summary>Registers every message type of a protobuf file (e.g. <c>MyProtosReflection.Descriptor</c>).</summary>
    public SerializerRegistry AddProtobuf(FileDescriptor file)
    {
        Protobuf.Register(file);
        return this;
    }

    /// <summary>Registers <typeparamref name="T"/> for JSON under <paramref name="manifest"/> (keep it stable: peers of other versions use it).</summary>
    public SerializerRegistry AddJson<T>(string manifest)
    {
        Json.Register(typeof(T), manifest);
        return this;
    }

    /// <summary>Adds a custom serializer; its id must be unused.</summary>
    public SerializerRegistry Add(IMessageSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        if (!_byId.TryAdd(serializer.Id, serializer))
        {
            throw new ArgumentException($"Serializer id {serializer.Id} is already used by {_byId[serializer.Id].GetType().Name}.", nameof(serializer));
        }

        _byType.Clear();
        return this;
    }

    /// <summary>Finds the serializer and manifest for <paramref name="message"/>; false when its type is not registered anywhere.</summary>
    public bool TryFind(object message, [NotNullWhen(true)] out IMessageSerializer? serializer, [NotNullWhen(true)] out string? manifest)
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = message.GetType();
        if (!_byType.TryGetValue(type, out var found))
        {
            found = Search(message);

            // Built-in support can depend on the instance (an Identify's id type): only other answers are cached.
            if (found is { Serializer: not BuiltInSerializer })
            {
                _byType[type] = found;
            }
        }

        serializer = found?.Serializer;
        manifest = found?.Manifest;
        return found is not null;
    }

    /// <summary>The serializer with <paramref name="id"/>, if any.</summary>
    public IMessageSerializer? ById(int id) => _byId.GetValueOrDefault(id);

    private (IMessageSerializer, string)? Search(object message)
    {
        foreach (var serializer in _byId.Values)
        {
            if (serializer.TryGetManifest(message, out var manifest))
            {
                return (serializer, manifest);
            }
        }

        return null;
    }
}
