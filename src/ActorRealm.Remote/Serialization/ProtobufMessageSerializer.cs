using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace ActorRealm.Remote.Serialization;

/// <summary>
/// Serializer 2: protobuf messages of registered descriptors; the manifest is the message's full
/// protobuf name (e.g. <c>mycompany.orders.v1.OrderPlaced</c>), looked up among the registered ones.
/// </summary>
public sealed class ProtobufMessageSerializer : IMessageSerializer
{
    private readonly ManifestTable<MessageParser> _parsers = new();

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
    public bool TryGetManifest(object message, out string manifest) => _parsers.TryGetManifest(message.GetType(), out manifest);

    /// <inheritdoc/>
    public byte[] ToBinary(object message) => ((IMessage)message).ToByteArray();

    /// <inheritdoc/>
    public object? FromBinary(ReadOnlyMemory<byte> bytes, string manifest) => _parsers.Find(manifest)?.ParseFrom(bytes.Span);

    private void Register(MessageDescriptor descriptor)
    {
        if (descriptor.ClrType is not null && descriptor.Parser is not null)
        {
            _parsers.Register(descriptor.ClrType, descriptor.FullName, descriptor.Parser);
        }
    }

    private static IEnumerable<MessageDescriptor> Flatten(MessageDescriptor message) => [message, .. message.NestedTypes.SelectMany(Flatten)];
}
