using ActorRealm.Actors;
using ActorRealm.Remote.Security;
using ActorRealm.Remote.Wire;

namespace ActorRealm.Remote;

/// <summary>
/// Decides whether a received handshake (request or acknowledgement) is acceptable. Pure: no I/O, no
/// clock. The protocol version is checked first (nothing else can be trusted to mean the same across
/// versions), then the join-secret proof in constant time, then the realm and addresses (a peer never
/// has this node's own address).
/// </summary>
internal static class HandshakeCheck
{
    /// <summary>Builds this node's handshake to <paramref name="to"/>.</summary>
    public static Handshake Create(string realm, PeerIncarnation self, Address to, JoinSecret secret, bool acknowledgement)
    {
        var handshake = new Handshake
        {
            ProtocolVersion = WireFrames.ProtocolVersion,
            Realm = realm,
            FromAddress = self.Address.ToString(),
            FromUid = self.Uid,
            ToAddress = to.ToString(),
        };
        handshake.JoinProof = Google.Protobuf.ByteString.CopyFrom(secret.Prove(handshake, acknowledgement));
        return handshake;
    }

    /// <summary>
    /// Returns the peer's incarnation, or null with the reason in <paramref name="error"/>.
    /// <paramref name="expectedFrom"/> is the node dialled (acknowledgements), or null (requests).
    /// </summary>
    public static PeerIncarnation? Validate(Handshake handshake, bool acknowledgement, string realm, Address local, Address? expectedFrom, JoinSecret secret, out string? error)
    {
        error = Check(handshake, acknowledgement, realm, local, expectedFrom, secret, out var from);
        return error is null ? new PeerIncarnation(from!, handshake.FromUid) : null;
    }

    private static string? Check(Handshake handshake, bool acknowledgement, string realm, Address local, Address? expectedFrom, JoinSecret secret, out Address? from)
    {
        from = null;
        if (handshake.ProtocolVersion != WireFrames.ProtocolVersion)
        {
            return $"protocol version {handshake.ProtocolVersion} is not supported (this node speaks {WireFrames.ProtocolVersion})";
        }

        if (!secret.Verify(handshake, acknowledgement))
        {
            return "the join secret proof is wrong (the peer does not know this realm's join-secret)";
        }

        if (!string.Equals(handshake.Realm, realm, StringComparison.Ordinal))
        {
            return $"the peer belongs to realm '{handshake.Realm}', not '{realm}'";
        }

        if (!RemoteAddress.TryParse(handshake.FromAddress, out from) || !string.Equals(from.System, realm, StringComparison.Ordinal))
        {
            return $"the peer address '{handshake.FromAddress}' is not a node address of realm '{realm}'";
        }

        // Else a peer holding the secret could speak (and be quarantined, watched, answered) as this node.
        if (from == local)
        {
            return $"the peer claims this node's own address '{local}' (is another node configured with the same canonical.hostname and canonical.port?)";
        }

        if (handshake.FromUid == 0)
        {
            return "the peer incarnation uid is 0";
        }

        if (!string.Equals(handshake.ToAddress, local.ToString(), StringComparison.Ordinal))
        {
            return $"the peer addressed '{handshake.ToAddress}', but this node is '{local}' (check canonical.hostname and canonical.port)";
        }

        return expectedFrom is not null && from != expectedFrom
            ? $"the node at {expectedFrom.ToEndpoint()} answered as '{from}', not '{expectedFrom}'"
            : null;
    }
}
