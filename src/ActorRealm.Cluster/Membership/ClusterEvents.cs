using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Quorum;

namespace ActorRealm.Cluster.Membership;

/// <summary>An event published to cluster subscribers when the local view of the cluster changes.</summary>
public abstract record ClusterEvent;

/// <summary>A member event carries the member as it is after the change.</summary>
/// <param name="Member">The member after the change.</param>
public abstract record MemberEvent(Member Member) : ClusterEvent;

/// <summary>A new incarnation asked to join.</summary>
/// <param name="Member">The joining member.</param>
public sealed record MemberJoined(Member Member) : MemberEvent(Member);

/// <summary>The leader moved a member up (or it was first seen up).</summary>
/// <param name="Member">The member, now Up.</param>
public sealed record MemberUp(Member Member) : MemberEvent(Member);

/// <summary>A member asked to leave.</summary>
/// <param name="Member">The member, now Leaving.</param>
public sealed record MemberLeft(Member Member) : MemberEvent(Member);

/// <summary>The leader moved a leaving member to Exiting.</summary>
/// <param name="Member">The member, now Exiting.</param>
public sealed record MemberExited(Member Member) : MemberEvent(Member);

/// <summary>A member was marked Down.</summary>
/// <param name="Member">The member, now Down.</param>
public sealed record MemberDowned(Member Member) : MemberEvent(Member);

/// <summary>A member was removed (and tombstoned).</summary>
/// <param name="Member">The member, with status Removed.</param>
/// <param name="PreviousStatus">Its status before removal.</param>
public sealed record MemberRemoved(Member Member, MemberStatus PreviousStatus) : MemberEvent(Member);

/// <summary>Some member now sees this member as unreachable.</summary>
/// <param name="Member">The unreachable member.</param>
public sealed record UnreachableMember(Member Member) : MemberEvent(Member);

/// <summary>No member sees this member as unreachable any more.</summary>
/// <param name="Member">The reachable member.</param>
public sealed record ReachableMember(Member Member) : MemberEvent(Member);

/// <summary>The leader changed (null when there is none).</summary>
/// <param name="Leader">The new leader.</param>
public sealed record LeaderChanged(NodeId? Leader) : ClusterEvent;

/// <summary>This node's side lost quorum: it stops serving cluster work but stays alive.</summary>
/// <param name="Decision">The quorum decision, with its explanation.</param>
public sealed record QuorumLost(QuorumDecision Decision) : ClusterEvent;

/// <summary>This node's side has quorum (again).</summary>
/// <param name="Decision">The quorum decision, with its explanation.</param>
public sealed record QuorumRegained(QuorumDecision Decision) : ClusterEvent;

/// <summary>The prime state changed (a switch here, or a newer epoch learned from a peer).</summary>
/// <param name="Previous">The state before.</param>
/// <param name="Current">The state now followed.</param>
public sealed record PrimeChanged(PrimeState Previous, PrimeState Current) : ClusterEvent;
