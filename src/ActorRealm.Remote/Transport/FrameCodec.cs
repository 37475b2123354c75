using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace ActorRealm.Remote.Transport;

/// <summary>The outcome of looking for one frame at the start of a buffer.</summary>
public enum FrameReadStatus
{
    /// <summary>A whole frame was read.</summary>
    Complete,

    /// <summary>The buffer holds only part of a frame; read more.</summary>
    Incomplete,

    /// <summary>The length prefix exceeds the allowed maximum; the connection must be closed.</summary>
    TooLarge,

    /// <summary>The length prefix is zero, which no sender produces; the connection must be closed.</summary>
    Empty,
}

/// <summary>
/// Length-prefixed framing: each frame is a 4-byte big-endian payload length followed by the payload.
/// The reader never allocates for a frame larger than the limit it is given.
/// </summary>
public static class FrameCodec
{
    /// <summary>Bytes in the length prefix.</summary>
    public const int PrefixSize = 4;

    /// <summary>The frame limit before a connection is authenticated: a handshake fits easily, a flood does not.</summary>
    public const int HandshakeFrameLimit = 16 * 1024;

    /// <summary>
    /// Looks for a frame at the start of <paramref name="buffer"/>. On <see cref="FrameReadStatus.Complete"/>,
    /// <paramref name="payload"/> is the frame body and <paramref name="buffer"/> is advanced past it.
    /// <paramref name="declaredLength"/> is the length prefix when one was read, else -1.
    /// </summary>
    public static FrameReadStatus TryRead(ref ReadOnlySequence<byte> buffer, int maxFrameSize, out ReadOnlySequence<byte> payload, out long declaredLength)
    {
        payload = default;
        declaredLength = -1;
        if (buffer.Length < PrefixSize)
        {
            return FrameReadStatus.Incomplete;
        }

        if (buffer.FirstSpan.Length >= PrefixSize)
        {
            declaredLength = BinaryPrimitives.ReadUInt32BigEndian(buffer.FirstSpan);
        }
        else
        {
            Span<byte> prefix = stackalloc byte[PrefixSize];
            buffer.Slice(0, PrefixSize).CopyTo(prefix);
            declaredLength = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        }

        if (declaredLength == 0)
        {
            return FrameReadStatus.Empty;
        }

        if (declaredLength > maxFrameSize)
        {
            return FrameReadStatus.TooLarge;
        }

        if (buffer.Length - PrefixSize < declaredLength)
        {
            return FrameReadStatus.Incomplete;
        }

        payload = buffer.Slice(PrefixSize, declaredLength);
        buffer = buffer.Slice(payload.End);
        return FrameReadStatus.Complete;
    }

    /// <summary>Writes one frame holding <paramref name="message"/> and returns its payload size.</summary>
    public static int Write(IBufferWriter<byte> writer, IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var size = message.CalculateSize();
        Write(writer, message, size);
        return size;
    }

    /// <summary>Writes one frame holding <paramref name="message"/> whose <c>CalculateSize()</c> the caller already knows.</summary>
    public static void Write(IBufferWriter<byte> writer, IMessage message, int size)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(message);
        var span = writer.GetSpan(PrefixSize + size);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)size);
        message.WriteTo(span.Slice(PrefixSize, size));
        writer.Advance(PrefixSize + size);
    }

    /// <summary>Writes one frame holding <paramref name="payload"/>.</summary>
    public static void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var span = writer.GetSpan(PrefixSize + payload.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)payload.Length);
        payload.CopyTo(span[PrefixSize..]);
        writer.Advance(PrefixSize + payload.Length);
    }

    /// <summary>
    /// Names the protocol a misdirected client speaks from the first bytes it sent (a TLS ClientHello, an
    /// HTTP request), for a clearer log line; null when the bytes are not recognised.
    /// </summary>
    public static string? RecogniseForeignProtocol(ReadOnlySequence<byte> start)
    {
        Span<byte> head = stackalloc byte[8];
        var length = (int)Math.Min(head.Length, start.Length);
        start.Slice(0, length).CopyTo(head);
        head = head[..length];
        if (head.Length >= 3 && head[0] == 0x16 && head[1] == 0x03 && head[2] <= 0x04)
        {
            return "a TLS handshake (this port is plaintext)";
        }

        var word = head.Length >= 4 ? System.Text.Encoding.ASCII.GetString(head[..4]) : string.Empty;
        return word is "GET " or "POST" or "PUT " or "HEAD" or "DELE" or "OPTI" or "PATC" or "CONN" or "TRAC" or "PRI "
            ? "an HTTP request"
            : null;
    }
}
