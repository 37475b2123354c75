using ActorRealm.Actors;

namespace ActorRealm.Remote;

/// <summary>
/// Published on the event stream when a peer has quarantined this node's incarnation: that peer refuses
/// this node until it restarts (the cluster layer typically shuts the node down).
/// </summary>
/// <param name="Peer">The node that quarantined us.</param>
/// <param name="OwnUid">This node's incarnation that was quarantined.</param>
public sealed record QuarantinedByPeer(Address Peer, ulong OwnUid);
