using System.Collections.Immutable;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Quorum;

namespace ActorRealm.Cluster;

/// <summary>A member's status as a node shows it, including configured nodes it has never seen.</summary>
public enum ClusterMemberStatus
{
    /// <summary>Configured, but not a member (never joined, or not seen since this node started).</summary>
    Absent,

    /// <summary>Asked to join; not moved up yet.</summary>
    Joining,

    /// <summary>A full member.</summary>
    Up,

    /// <summary>Leaving gracefully.</summary>
    Leaving,

    /// <summary>Handing over before removal.</summary>
    Exiting,

    /// <summary>Declared dead by downing; will be removed.</summary>
    Down,

    /// <summary>Removed (its incarnation is remembered so it cannot come back).</summary>
    Removed,
}

/// <summary>One row of the members table of a <see cref="ClusterStatus"/>.</summary>
/// <param name="Node">The node's name, or its address when the name is unknown.</param>
/// <param name="Site">The configured site.</param>
/// <param name="Address">The cluster address.</param>
/// <param name="Status">The member's status.</param>
/// <param name="Reachable">Whether this node reaches it (itself always; absent, down and removed members never).</param>
/// <param name="Incarnation">The incarnation uid, null when absent.</param>
/// <param name="Roles">The member's roles.</param>
/// <param name="IsSelf">Whether the row is this node.</param>
/// <param name="IsLeader">Whether the member is the leader seen from this node.</param>
/// <param name="UnreachableFrom">Members whose failure detectors suspect it.</param>
public sealed record MemberSnapshot(
    string Node,
    string Site,
    NodeAddress Address,
    ClusterMemberStatus Status,
    bool Reachable,
    long? Incarnation,
    ImmutableArray<string> Roles,
    bool IsSelf,
    bool IsLeader,
    ImmutableArray<NodeAddress> UnreachableFrom)
{
    /// <summary>The status in lower case (<c>up</c>, <c>absent</c>, ...), as the admin API shows it.</summary>
    public string StatusText => Status.ToString().ToLowerInvariant();
}

/// <summary>
/// An immutable snapshot of one node's view of the cluster, replaced after every change (see
/// <c>RealmCluster.CurrentStatus</c> and <c>RealmCluster.StatusChanged</c>), so an admin API can
/// serve it without asking an actor.
/// </summary>
public sealed record ClusterStatus
{
    /// <summary>The realm (cluster) name.</summary>
    public required string Realm { get; init; }

    /// <summary>This node's name.</summary>
    public required string NodeName { get; init; }

    /// <summary>This node's site.</summary>
    public required string Site { get; init; }

    /// <summary>This node's cluster address.</summary>
    public required NodeAddress Address { get; init; }

    /// <summary>This node's current incarnation uid.</summary>
    public required long Incarnation { get; init; }

    /// <summary>This node's own status (<see cref="ClusterMemberStatus.Absent"/> before it joined and while it rejoins).</summary>
    public required ClusterMemberStatus SelfStatus { get; init; }

    /// <summary>The quorum rule evaluated on what this node reaches, with its explanation.</summary>
    public required QuorumDecision Quorum { get; init; }

    /// <summary>Whether this node's side has quorum.</summary>
    public bool HasQuorum => Quorum.HasQuorum;

    /// <summary>
    /// Whether this node serves work that needs the cluster: it is Up (or Leaving), its side has
    /// quorum, and the downing actor has confirmed it (a loss of quorum shows at once; serving
    /// resumes once the downing actor has seen the quorum back). A node that lost quorum stays
    /// alive but does not serve.
    /// </summary>
    public required bool IsServing { get; init; }

    /// <summary>The prime state this node follows (site, epoch, who switched it and when).</summary>
    public required PrimeState Prime { get; init; }

    /// <summary>The prime site.</summary>
    public string PrimeSite => Prime.Site;

    /// <summary>The prime epoch (0 = from configuration, +1 per switch).</summary>
    public long PrimeEpoch => Prime.Epoch;

    /// <summary>The leader seen from this node, or null.</summary>
    public required NodeAddress? Leader { get; init; }

    /// <summary>Whether the gossip has converged, seen from this node.</summary>
    public required bool IsConverged { get; init; }

    /// <summary>Every member this node knows and every configured node it does not (as absent), by site then address.</summary>
    public required ImmutableArray<MemberSnapshot> Members { get; init; }

    /// <summary>When the snapshot was taken (the node's clock).</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>The row of <paramref name="address"/> (its live incarnation when there are several), or null.</summary>
    public MemberSnapshot? MemberAt(NodeAddress address) =>
        Members.Where(m => m.Address == address).OrderBy(m => m.Status is ClusterMemberStatus.Down or ClusterMemberStatus.Removed).FirstOrDefault();
}
