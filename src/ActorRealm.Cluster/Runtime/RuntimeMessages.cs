using System.Collections.Immutable;
using ActorRealm.Actors;
using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Quorum;

namespace ActorRealm.Cluster.Runtime;

/// <summary>A command from the <see cref="Cluster"/> extension; the daemon forwards it to the current core.</summary>
internal interface ICoreCommand;

/// <summary>Join through the seed nodes (and keep retrying until welcomed).</summary>
internal sealed record JoinSeedNodes : ICoreCommand
{
    public static JoinSeedNodes Instance { get; } = new();
}

/// <summary>Leave the cluster gracefully.</summary>
internal sealed record LeaveCluster : ICoreCommand
{
    public static LeaveCluster Instance { get; } = new();
}

/// <summary>Mark the live member at an address as Down.</summary>
internal sealed record DownMember(NodeAddress Address) : ICoreCommand;

/// <summary>Send <see cref="CurrentClusterState"/>, then the events of these types, to a subscriber.</summary>
internal sealed record SubscribeEvents(IActorRef Subscriber, ImmutableArray<Type> Types) : ICoreCommand;

/// <summary>End a subscription.</summary>
internal sealed record UnsubscribeEvents(IActorRef Subscriber) : ICoreCommand;

/// <summary>An administrator's prime switch; the answer is a <see cref="PrimeSwitchOutcome"/>.</summary>
internal sealed record SwitchPrime(string NewSite, string ConfirmSiteDown, string RequestedBy) : ICoreCommand;

/// <summary>The heartbeat sender's verdict about a member.</summary>
internal sealed record ReachabilityVerdict(NodeId Subject, bool Reachable);

/// <summary>The members the heartbeat sender monitors.</summary>
internal sealed record HeartbeatTargets(ImmutableArray<NodeId> Targets);

/// <summary>The membership view the downing actor decides on.</summary>
internal sealed record DowningInput(MembershipState State);

/// <summary>The downing actor's serving decision.</summary>
internal sealed record ServingChanged(bool Serving, QuorumDecision Quorum);

/// <summary>The downing actor's decision to down members.</summary>
internal sealed record DownDecision(ImmutableSortedSet<NodeId> Nodes, string Reason);

/// <summary>The core asks the daemon to start a new incarnation of this node.</summary>
/// <param name="Reason">Why (for the log).</param>
/// <param name="Join">Whether the new incarnation joins the seed nodes by itself.</param>
internal sealed record RestartIncarnation(string Reason, bool Join);

/// <summary>The network gave this node a new incarnation uid.</summary>
internal sealed record IncarnationRenewed(long Uid);

/// <summary>Renewing the incarnation failed; try again later.</summary>
internal sealed record IncarnationRenewalFailed(Exception Cause);

/// <summary>A peer quarantined incarnation <paramref name="Uid"/> of this node.</summary>
internal sealed record QuarantinedByPeerNotice(NodeAddress By, long Uid) : ICoreCommand;

/// <summary>Timer messages of the cluster actors.</summary>
internal enum ClusterTick
{
    Gossip,
    LeaderActions,
    JoinRetry,
    FormCluster,
    Probe,
    Heartbeat,
    DowningRecheck,
    RenewRetry,
    PrimeSwitchTimeout,
}
