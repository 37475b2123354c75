using System.Buffers.Binary;
using Google.Protobuf;

namespace ActorRealm.Cluster.Tests.Admission.Support;

/// <summary>
/// Just enough of Akka.Remote's classic wire format to write well-formed frames from outside Akka:
/// a 4-byte little-endian length, then an <c>AkkaProtocolMessage</c> (Akka's WireFormats.proto: field
/// numbers as in Akka.Remote 1.5). Akka's own codec is internal, and the hostile tests need frames
/// they can then break.
/// </summary>
public static class AkkaWire
{
    public const int Associate = 1;
    public const int Disassociate = 2;
    public const int Heartbeat = 3;

    /// <summary>A frame: the 4-byte little-endian length, then <paramref name="pdu"/>.</summary>
    public static byte[] Frame(byte[] pdu)
    {
        var frame = new byte[4 + pdu.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, pdu.Length);
        pdu.CopyTo(frame, 4);
        return frame;
    }

    /// <summary>The handshake a peer opens an association with, claiming <paramref name="origin"/> and <paramref name="uid"/>.</summary>
    public static byte[] AssociatePdu(Akka.Actor.Address origin, ulong uid)
    {
        var address = Message(w =>
        {
            w.WriteTag(1, WireFormat.WireType.LengthDelimited);
            w.WriteString(origin.System);
            w.WriteTag(2, WireFormat.WireType.LengthDelimited);
            w.WriteString(origin.Host ?? string.Empty);
            w.WriteTag(3, WireFormat.WireType.Varint);
            w.WriteUInt32((uint)(origin.Port ?? 0));
            // On the wire the protocol has no "akka." prefix ("tcp", "ssl.tcp").
            w.WriteTag(4, WireFormat.WireType.LengthDelimited);
            w.WriteString(origin.Protocol.StartsWith("akka.", StringComparison.Ordinal) ? origin.Protocol["akka.".Length..] : origin.Protocol);
        });
        var handshake = Message(w =>
        {
            Bytes(w, 1, address);
            w.WriteTag(2, WireFormat.WireType.Fixed64);
            w.WriteFixed64(uid);
        });
        return Control(Associate, handshake);
    }

    /// <summary>A control PDU (heartbeat, disassociate with a reason code, ...), with an optional handshake.</summary>
    public static byte[] Control(int command, byte[]? handshake = null)
    {
        var control = Message(w =>
        {
            w.WriteTag(1, WireFormat.WireType.Varint);
            w.WriteEnum(command);
            if (handshake is not null)
            {
                Bytes(w, 2, handshake);
            }
        });
        return Message(w => Bytes(w, 2, control));
    }

    /// <summary>
    /// A user message PDU: <paramref name="message"/> for <paramref name="recipientPath"/>, under a serializer id and
    /// manifest, from <paramref name="senderPath"/> (none by default), with <paramref name="seq"/>: Akka's "no sequence
    /// number" (ulong.MaxValue) for ordinary messages; anything else takes the system-message path.
    /// </summary>
    public static byte[] PayloadPdu(string recipientPath, int serializerId, string manifest, byte[] message, string? senderPath = null, ulong seq = ulong.MaxValue)
    {
        var payload = Message(w =>
        {
            Bytes(w, 1, message);
            w.WriteTag(2, WireFormat.WireType.Varint);
            w.WriteInt32(serializerId);
            Bytes(w, 3, System.Text.Encoding.UTF8.GetBytes(manifest));
        });
        var envelope = Message(w =>
        {
            Bytes(w, 1, Path(recipientPath));
            Bytes(w, 2, payload);
            if (senderPath is not null)
            {
                Bytes(w, 4, Path(senderPath));
            }

            w.WriteTag(5, WireFormat.WireType.Fixed64);
            w.WriteFixed64(seq);
        });
        var container = Message(w => Bytes(w, 2, envelope));
        return Message(w => Bytes(w, 1, container));
    }

    private static byte[] Path(string path) => Message(w =>
    {
        w.WriteTag(1, WireFormat.WireType.LengthDelimited);
        w.WriteString(path);
    });

    private static void Bytes(CodedOutputStream writer, int field, byte[] bytes)
    {
        writer.WriteTag(field, WireFormat.WireType.LengthDelimited);
        writer.WriteBytes(ByteString.CopyFrom(bytes));
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(writer);
        }

        return buffer.ToArray();
    }
}
