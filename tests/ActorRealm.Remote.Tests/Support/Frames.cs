using ActorRealm.Remote.Wire;
using Google.Protobuf;

namespace ActorRealm.Remote.Tests.Support;

/// <summary>Builders for test frames.</summary>
public static class Frames
{
    public static Frame Envelope(string recipient, long sequence, int payloadBytes = 16) => new()
    {
        Envelope = new Envelope
        {
            Recipient = recipient,
            Sender = "realm://test@127.0.0.1:1/user/sender",
            SerializerId = 1,
            Manifest = "seq",
            Payload = ByteString.CopyFrom(Payload(sequence, payloadBytes)),
        },
    };

    public static long Sequence(Envelope envelope) => BitConverter.ToInt64(envelope.Payload.Span[..8]);

    private static byte[] Payload(long sequence, int size)
    {
        var bytes = new byte[Math.Max(8, size)];
        BitConverter.TryWriteBytes(bytes, sequence);
        return bytes;
    }
}
