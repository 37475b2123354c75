using System.Text;
using ActorRealm.Actors;
using ActorRealm.Remote.Wire;
using Google.Protobuf;

namespace ActorRealm.Remote.Serialization;

/// <summary>
/// Serializer 1: the runtime messages that cross the wire (<see cref="PoisonPill"/>, <see cref="Kill"/>,
/// <see cref="Identify"/>, <see cref="ActorIdentity"/>) and raw <see cref="string"/> and <see cref="byte"/>
/// arrays. Identify ids may be null, a string or an integer.
/// </summary>
internal sealed class BuiltInSerializer(SerializerRegistry registry) : IMessageSerializer
{
    private const string Text = "s";
    private const string Bytes = "b";
    private const string Poison = "PoisonPill";
    private const string KillManifest = "Kill";
    private const string IdentifyManifest = "Identify";
    private const string IdentityManifest = "ActorIdentity";

    public int Id => 1;

    public bool TryGetManifest(object message, out string manifest)
    {
        manifest = message switch
        {
            string => Text,
            byte[] => Bytes,
            PoisonPill => Poison,
            Kill => KillManifest,
            Identify i when IsSupportedId(i.MessageId) => IdentifyManifest,
            ActorIdentity a when IsSupportedId(a.MessageId) => IdentityManifest,
            _ => string.Empty,
        };
        return manifest.Length > 0;
    }

    public byte[] ToBinary(object message) => message switch
    {
        string text => Encoding.UTF8.GetBytes(text),
        byte[] bytes => bytes,
        PoisonPill or Kill => [],
        Identify identify => new IdentifyPayload { MessageId = ToWire(identify.MessageId) }.ToByteArray(),
        ActorIdentity identity => new ActorIdentityPayload
        {
            MessageId = ToWire(identity.MessageId),
            Subject = identity.Subject?.Path.ToSerializationFormat() ?? string.Empty,
        }.ToByteArray(),
        _ => throw new ArgumentException($"{message.GetType()} is not a built-in message.", nameof(message)),
    };

    public object? FromBinary(ReadOnlyMemory<byte> bytes, string manifest) => manifest switch
    {
        Text => Encoding.UTF8.GetString(bytes.Span),
        Bytes => OwnedArray(bytes),
        Poison => PoisonPill.Instance,
        KillManifest => Kill.Instance,
        IdentifyManifest => new Identify(FromWire(IdentifyPayload.Parser.ParseFrom(bytes.Span).MessageId)),
        IdentityManifest => ToIdentity(ActorIdentityPayload.Parser.ParseFrom(bytes.Span)),
        _ => null,
    };

    /// <summary>A received payload owns its array (the frame is discarded after delivery): hand it over instead of copying.</summary>
    private static byte[] OwnedArray(ReadOnlyMemory<byte> bytes) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : bytes.ToArray();

    private ActorIdentity ToIdentity(ActorIdentityPayload payload) =>
        new(FromWire(payload.MessageId), payload.Subject.Length == 0 ? null : registry.RefResolver?.Invoke(payload.Subject));

    private static bool IsSupportedId(object? id) => id is null or string or int or long;

    private static MessageId? ToWire(object? id) => id switch
    {
        null => null,
        string text => new MessageId { Text = text },
        int number => new MessageId { Number = number },
        long number => new MessageId { Number = number },
        _ => throw new ArgumentException($"Identify ids must be null, a string or an integer, not {id.GetType()}.", nameof(id)),
    };

    private static object? FromWire(MessageId? id) => id?.ValueCase switch
    {
        MessageId.ValueOneofCase.Text => id.Text,
        MessageId.ValueOneofCase.Number => id.Number,
        _ => null,
    };
}
