using System.Collections.Immutable;
using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;

namespace ActorRealm.Cluster.Protocol;

/// <summary>
/// A message between the cluster actors of two nodes (the wire form is in <c>Protos/cluster.proto</c>).
/// Every message names its realm and the sending incarnation.
/// </summary>
/// <param name="Realm">The sender's realm.</param>
/// <param name="From">The sending incarnation.</param>
internal abstract record ClusterMessage(string Realm, NodeId From);

/// <summary>Asks a seed node whether it is a member that takes joins.</summary>
internal sealed record InitJoin(string Realm, NodeId From, string Site) : ClusterMessage(Realm, From);

/// <summary>
/// A member takes joins; <paramref name="ClusterFormed"/> when its cluster has an Up member; the
/// prime state it follows and whether its side has quorum.
/// </summary>
internal sealed record InitJoinAck(string Realm, NodeId From, bool ClusterFormed, PrimeState Prime, bool HasQuorum) : ClusterMessage(Realm, From);

/// <summary>A seed node is not a member yet.</summary>
internal sealed record InitJoinNack(string Realm, NodeId From) : ClusterMessage(Realm, From);

/// <summary>Asks a member to add the sender as a joining member.</summary>
internal sealed record Join(string Realm, NodeId From, string Site, ImmutableArray<string> Roles, string Name) : ClusterMessage(Realm, From);

/// <summary>The joiner is a member now; the gossip that says so.</summary>
internal sealed record Welcome(string Realm, NodeId From, NodeId To, Gossip Gossip) : ClusterMessage(Realm, From);

/// <summary>A join was not taken; <paramref name="Retry"/> when asking again later may succeed.</summary>
internal sealed record JoinRefused(string Realm, NodeId From, string Message, bool Retry) : ClusterMessage(Realm, From);

/// <summary>Asks a member to mark the member at <paramref name="Address"/> as leaving.</summary>
internal sealed record LeaveRequest(string Realm, NodeId From, NodeAddress Address) : ClusterMessage(Realm, From);

/// <summary>Asks a member to mark the member at <paramref name="Address"/> (incarnation <paramref name="Uid"/>, or any when 0) as down.</summary>
internal sealed record DownRequest(string Realm, NodeId From, NodeAddress Address, long Uid) : ClusterMessage(Realm, From);

/// <summary>The sender's full gossip, for <paramref name="To"/>.</summary>
internal sealed record GossipEnvelope(string Realm, NodeId From, NodeId To, Gossip Gossip) : ClusterMessage(Realm, From);

/// <summary>A digest of the sender's gossip: its version and seen set.</summary>
internal sealed record GossipStatus(string Realm, NodeId From, NodeId To, VectorClock Version, ImmutableSortedSet<NodeId> Seen) : ClusterMessage(Realm, From);

/// <summary>A failure-detector heartbeat meant for incarnation <paramref name="To"/>.</summary>
internal sealed record Heartbeat(string Realm, NodeId From, NodeId To, ulong Sequence) : ClusterMessage(Realm, From);

/// <summary>The answer to a heartbeat.</summary>
internal sealed record HeartbeatResponse(string Realm, NodeId From, ulong Sequence) : ClusterMessage(Realm, From);

/// <summary>Store <paramref name="State"/> durably, adopt it and acknowledge (wire: <c>PrimeSwitchRequest</c>).</summary>
internal sealed record PrimeSwitchStoreRequest(string Realm, NodeId From, PrimeState State) : ClusterMessage(Realm, From);

/// <summary>
/// The answer to <see cref="PrimeSwitchStoreRequest"/>: whether the sender holds the switched state
/// (or a newer one) durably, the state it follows, and why not when it did not store it.
/// </summary>
internal sealed record PrimeSwitchAck(string Realm, NodeId From, Guid SwitchId, bool Stored, PrimeState Current, string Error) : ClusterMessage(Realm, From);
