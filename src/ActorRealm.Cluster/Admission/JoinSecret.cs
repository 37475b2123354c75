using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ActorRealm.Cluster.Admission;

/// <summary>
/// The realm's shared join secret. A joining node proves it with an HMAC-SHA256 over the realm name
/// and its own address (<see cref="ProofFor"/>), carried in its member record as a role; the secret
/// itself never crosses the wire. Members down a joiner whose proof is missing or wrong. The proof
/// guards against a mis-wired node (another realm's secret), not against a peer holding a realm
/// certificate: mutual TLS is the admission boundary (docs/adr/0060). <see cref="ToString"/> never reveals
/// the secret, so settings can be logged.
/// </summary>
public sealed class JoinSecret
{
    private static readonly byte[] Label = "actorrealm-join-v2"u8.ToArray();
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

    /// <summary>The proof the node at <paramref name="address"/> of realm <paramref name="realm"/> presents: lower-case hex, 64 characters.</summary>
    public string ProofFor(string realm, NodeAddress address)
    {
        ArgumentException.ThrowIfNullOrEmpty(realm);
        ArgumentNullException.ThrowIfNull(address);
        var text = string.Create(CultureInfo.InvariantCulture, $"{realm}\n{address}");
        var data = new byte[Label.Length + Encoding.UTF8.GetByteCount(text)];
        Label.CopyTo(data, 0);
        Encoding.UTF8.GetBytes(text, data.AsSpan(Label.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, data));
    }

    /// <summary>Whether <paramref name="proof"/> is the proof of the node at <paramref name="address"/>; constant time in the proof's contents.</summary>
    public bool Verifies(string realm, NodeAddress address, string? proof)
    {
        if (proof is null)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(ProofFor(realm, address));
        var given = Encoding.ASCII.GetBytes(proof);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
