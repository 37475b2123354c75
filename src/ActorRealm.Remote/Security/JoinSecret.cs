using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ActorRealm.Remote.Wire;

namespace ActorRealm.Remote.Security;

/// <summary>
/// The realm's shared join secret. A handshake carries an HMAC-SHA256 proof over its own fields and its
/// direction, never the secret, and the proof is compared in constant time. <see cref="ToString"/>
/// never reveals the secret, so settings can be logged.
/// </summary>
public sealed class JoinSecret
{
    private static readonly byte[] Label = "actorrealm-join-v1"u8.ToArray();
    private readonly byte[] _key;

    /// <summary>Creates a join secret from its text; empty text is refused.</summary>
    public JoinSecret(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _key = Encoding.UTF8.GetBytes(secret);
    }

    /// <summary>Returns null for empty text, else a join secret.</summary>
    public static JoinSecret? FromText(string? secret) => string.IsNullOrEmpty(secret) ? null : new JoinSecret(secret);

    /// <summary>Never the secret itself.</summary>
    public override string ToString() => "JoinSecret(redacted)";

    /// <summary>Computes the proof for <paramref name="handshake"/> sent as a request or an acknowledgement.</summary>
    internal byte[] Prove(Handshake handshake, bool acknowledgement)
    {
        var buffer = Start(acknowledgement ? "ack"u8 : "req"u8);
        WriteUInt64(buffer, handshake.ProtocolVersion);
        WriteString(buffer, handshake.Realm);
        WriteString(buffer, handshake.FromAddress);
        WriteUInt64(buffer, handshake.FromUid);
        WriteString(buffer, handshake.ToAddress);
        return HMACSHA256.HashData(_key, buffer.WrittenSpan);
    }

    /// <summary>Computes the proof for a quarantine notice.</summary>
    internal byte[] Prove(Quarantined notice)
    {
        var buffer = Start("quarantine"u8);
        WriteString(buffer, notice.FromAddress);
        WriteUInt64(buffer, notice.FromUid);
        WriteString(buffer, notice.ToAddress);
        WriteUInt64(buffer, notice.ToUid);
        return HMACSHA256.HashData(_key, buffer.WrittenSpan);
    }

    /// <summary>True when <paramref name="handshake"/> carries a valid proof; constant time in the proof's contents.</summary>
    internal bool Verify(Handshake handshake, bool acknowledgement) =>
        CryptographicOperations.FixedTimeEquals(Prove(handshake, acknowledgement), handshake.JoinProof.Span);

    /// <summary>True when <paramref name="notice"/> carries a valid proof; constant time in the proof's contents.</summary>
    internal bool Verify(Quarantined notice) => CryptographicOperations.FixedTimeEquals(Prove(notice), notice.JoinProof.Span);

    private static ArrayBufferWriter<byte> Start(ReadOnlySpan<byte> purpose)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write(Label);
        buffer.Write(purpose);
        return buffer;
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteUInt64(buffer, (ulong)bytes.Length);
        buffer.Write(bytes);
    }

    private static void WriteUInt64(ArrayBufferWriter<byte> buffer, ulong value)
    {
        BinaryPrimitives.WriteUInt64BigEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }
}
