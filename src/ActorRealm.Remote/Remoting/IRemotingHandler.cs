using ActorRealm.Actors;
using ActorRealm.Remote.Wire;

namespace ActorRealm.Remote;

/// <summary>
/// The layer above <see cref="Remoting"/> (the remote actor ref provider): receives authenticated
/// frames and association events. Calls arrive on transport threads, concurrently for different peers,
/// and must not block.
/// </summary>
public interface IRemotingHandler
{
    /// <summary>An envelope, watch, unwatch or death-watch notification from an authenticated peer.</summary>
    void OnFrame(PeerIncarnation from, Frame frame);

    /// <summary>
    /// A peer incarnation is gone for good: it restarted with a new uid, was declared gone, or was
    /// quarantined. Watchers of its actors must get Terminated with address-terminated set.
    /// </summary>
    void OnIncarnationGone(PeerIncarnation peer, string reason);

    /// <summary>Nothing has been heard from a peer for <c>address-terminated-after</c>; the handler decides whether to quarantine it.</summary>
    void OnUnreachable(PeerIncarnation peer, TimeSpan silentFor);

    /// <summary>Frames that were queued for <paramref name="recipient"/> and will never be sent (dead letters).</summary>
    void OnUndelivered(Address recipient, IReadOnlyList<Frame> frames, string reason);

    /// <summary>A peer has quarantined this node's incarnation: it will refuse us until this node restarts.</summary>
    void OnQuarantinedByPeer(PeerIncarnation peer);
}
