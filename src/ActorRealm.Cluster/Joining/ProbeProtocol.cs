using System.Collections.Immutable;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Serialization;

namespace ActorRealm.Cluster.Joining;

/// <summary>An incarnation and its status, as one side of the realm lists its members.</summary>
/// <param name="Node">The member's incarnation.</param>
/// <param name="Status">Its status in that side's view.</param>
public sealed record SideMember(NodeId Node, MemberStatus Status);

/// <summary>
/// What one node says about its side of the realm when two nodes that are not in one cluster meet
/// (a probe and its reply): enough for each to decide, with <see cref="SeparatedClusters"/>, which
/// side moves over.
/// </summary>
/// <param name="Realm">The realm name.</param>
/// <param name="Node">The speaking node's incarnation.</param>
/// <param name="Formed">Whether its cluster has formed (this node is a member and some member is Up).</param>
/// <param name="HasQuorum">Whether its side has quorum.</param>
/// <param name="Prime">The prime state it follows.</param>
/// <param name="Members">The members of its cluster as it sees them.</param>
/// <param name="IsFirstSeed">Whether it is the first seed node.</param>
public sealed record RealmSide(string Realm, NodeId Node, bool Formed, bool HasQuorum, PrimeState Prime, ImmutableArray<SideMember> Members, bool IsFirstSeed)
{
    /// <summary>The side as the pure decision sees it.</summary>
    public ClusterSide Summary => new(Formed, HasQuorum, Prime);

    /// <summary>Whether <paramref name="node"/> is a live member (not Down or Removed) of this side.</summary>
    public bool HasLiveMember(NodeId node) => Members.Any(m => m.Node == node && m.Status is not (MemberStatus.Down or MemberStatus.Removed));
}

/// <summary>A node asks the beacon of a configured node it does not reach as a member about its side.</summary>
/// <param name="Side">The asking node's side.</param>
public sealed record ProbeRequest(RealmSide Side) : IRealmMessage;

/// <summary>The beacon's answer.</summary>
/// <param name="Side">The answering node's side.</param>
public sealed record ProbeReply(RealmSide Side) : IRealmMessage;
