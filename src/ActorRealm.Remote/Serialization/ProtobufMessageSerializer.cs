using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace ActorRealm.Remote.Serialization;

/// <summary>
/// Serializer 2: protobuf messages of registered descriptors; the manifest is the message's full
/// protobuf name (e.g. <c>mycompany.orders.v1.OrderPlaced</c>), looked up among the registered ones.
/// </summary>
public sealed class ProtobufMessageSerializer : IMessageSerializer
{
    private readonly Dictionary<string, MessageParser> _parsers = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _manifests = [];
    private readonly Lock _lock = new();

    /// <inheritdoc/>
    public int Id => 2;

    /// <summary>Registers <typeparamref name="T"/>.</summary>
    public void Register<T>()
        where T : IMessage<T>, new() => Register(new T().Descriptor);

    /// <summary>Registers every message of <paramref name="file"/>, nested ones included.</summary>
    public void Register(FileDescriptor file)
    {
        ArgumentNullException.ThrowIfNull(file);
        foreach (var message in file.MessageTypes.SelectMany(Flatten))
        {
            Register(message);
        }
    }

    /// <inheritdoc/>
    public bool TryGetManifest(object message, out string manifest)
    {
        lock (_lock)
        {
            return _manifests.TryGetValue(message.GetType(), out manifest!);
        }
    }

    /// <inheritdoc/>
    public byte[] ToBinary(object message) => ((IMessage)message).ToByteArray();

    /// <inheritdoc/>
    public object? FromBinary(ReadOnlyMemory<byte> bytes, string manifest)
    {
        MessageParser? parser;
        lock (_lock)
        {
            parser = _parsers.GetValueOrDefault(manifest);
        }

        return parser?.ParseFrom(bytes.Span);
    }

    private void Register(MessageDescriptor descriptor)
    {
        if (descriptor.ClrType is null || descriptor.Parser is null)
        {
            return;
        }

        lock (_lock)
        {
            _parsers[descriptor.FullName] = descriptor.Parser;
            _manifests[descriptor.ClrType] = descriptor.FullName;
        }
    }

    private static IEnumerable<MessageDescriptor> Flatten(MessageDescriptor message) => [message, .. message.NestedTypes.SelectMany(Flatten)];
}
