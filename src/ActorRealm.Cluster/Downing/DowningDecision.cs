using System.Collections.Immutable;
using ActorRealm.Cluster.Quorum;

namespace ActorRealm.Cluster.Downing;

/// <summary>What the downing strategy tells the cluster actor to do now.</summary>
/// <param name="Quorum">This node's quorum decision, for logs and status.</param>
public abstract record DowningDecision(QuorumDecision Quorum);

/// <summary>Nothing to do now.</summary>
/// <param name="Quorum">This node's quorum decision.</param>
/// <param name="Reason">Why nothing is done (for logs and status).</param>
/// <param name="RecheckIn">When waiting for stable-after: decide again after this long.</param>
public sealed record NoDowning(QuorumDecision Quorum, string Reason, TimeSpan? RecheckIn = null) : DowningDecision(Quorum);

/// <summary>Mark these members Down (this node is the leader of a side with quorum).</summary>
/// <param name="Quorum">This node's quorum decision.</param>
/// <param name="Nodes">The members to down.</param>
/// <param name="Reason">Why (for logs).</param>
public sealed record DownUnreachable(QuorumDecision Quorum, ImmutableSortedSet<NodeId> Nodes, string Reason) : DowningDecision(Quorum);

/// <summary>
/// Quorum is lost: report QuorumLost, refuse work that needs the cluster, stay alive and keep
/// gossiping so the node rejoins by itself; never down the other side, never exit.
/// </summary>
/// <param name="Quorum">This node's quorum decision.</param>
public sealed record StopServing(QuorumDecision Quorum) : DowningDecision(Quorum);

/// <summary>Quorum is back: serve again.</summary>
/// <param name="Quorum">This node's quorum decision.</param>
public sealed record ResumeServing(QuorumDecision Quorum) : DowningDecision(Quorum);

/// <summary>A decision and the updated stability tracker to keep for the next call.</summary>
/// <param name="Decision">What to do.</param>
/// <param name="Stability">The tracker after observing the current unreachable set.</param>
public sealed record DowningOutcome(DowningDecision Decision, UnreachableStability Stability);
