namespace ActorRealm.Cluster;

/// <summary>
/// What the cluster needs from the node-to-node layer besides delivering messages to actor paths on
/// other nodes (which the actor system's ref provider does): this node's address and incarnation,
/// quarantining incarnations the cluster removed, and starting a new incarnation of this node when
/// the cluster removed it (it then rejoins without a process restart).
/// </summary>
public interface IClusterNetwork
{
    /// <summary>This node's cluster address: the host and port peers dial.</summary>
    NodeAddress SelfAddress { get; }

    /// <summary>The current incarnation uid of this node (never 0); it changes with <see cref="RenewIncarnationAsync"/>.</summary>
    long IncarnationUid { get; }

    /// <summary>
    /// Raised (on any thread) when a peer has quarantined an incarnation of this node: the peer's
    /// address and the quarantined incarnation uid. When that is the current incarnation, the node
    /// must rejoin as a new one (a notice about an earlier incarnation is ignored).
    /// </summary>
    event Action<NodeAddress, long>? QuarantinedByPeer;

    /// <summary>
    /// Declares <paramref name="node"/> gone for good: its messages are refused from now on, messages
    /// queued for it are dropped, and watchers of its actors get <c>Terminated</c>.
    /// </summary>
    void Quarantine(NodeId node, string reason);

    /// <summary>
    /// Starts a new incarnation of this node: a new uid, every connection to peers dropped (peers
    /// see the new uid at the next handshake and quarantine the old one). Completes with the new uid.
    /// </summary>
    Task<long> RenewIncarnationAsync(CancellationToken cancellationToken);
}
