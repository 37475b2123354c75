using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Quorum;

namespace ActorRealm.Cluster.Membership;

/// <summary>
/// An event of the realm's own rules, published on the actor system's event stream
/// (<c>system.EventStream.Subscribe(actor, typeof(RealmEvent))</c>). Membership and reachability
/// events are Akka.Cluster's own (<c>Cluster.Subscribe</c>).
/// </summary>
public abstract record RealmEvent;

/// <summary>This node's side lost quorum: it stops serving cluster work but stays alive.</summary>
/// <param name="Decision">The quorum decision, with its explanation.</param>
public sealed record QuorumLost(QuorumDecision Decision) : RealmEvent;

/// <summary>This node's side has quorum (again).</summary>
/// <param name="Decision">The quorum decision, with its explanation.</param>
public sealed record QuorumRegained(QuorumDecision Decision) : RealmEvent;

/// <summary>The prime state changed (a switch here, or a newer epoch learned from a peer).</summary>
/// <param name="Previous">The state before.</param>
/// <param name="Current">The state now followed.</param>
public sealed record PrimeChanged(PrimeState Previous, PrimeState Current) : RealmEvent;

/// <summary>This node downed members (it leads a side with quorum).</summary>
/// <param name="Nodes">The members downed.</param>
/// <param name="Reason">Why.</param>
public sealed record MembersDowned(IReadOnlyList<NodeId> Nodes, string Reason) : RealmEvent;
