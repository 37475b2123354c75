using System.Collections.Immutable;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Quorum;

namespace ActorRealm.Cluster;

/// <summary>
/// The first message a subscriber gets (<see cref="Cluster.Subscribe"/>): the state the events that
/// follow start from.
/// </summary>
/// <param name="Members">The members, ordered by node.</param>
/// <param name="Unreachable">Members some member suspects.</param>
/// <param name="Leader">The leader, or null.</param>
/// <param name="Prime">The prime state.</param>
/// <param name="Quorum">This node's quorum decision.</param>
/// <param name="IsServing">Whether this node serves.</param>
public sealed record CurrentClusterState(
    ImmutableArray<Member> Members,
    ImmutableArray<Member> Unreachable,
    NodeId? Leader,
    PrimeState Prime,
    QuorumDecision Quorum,
    bool IsServing);
