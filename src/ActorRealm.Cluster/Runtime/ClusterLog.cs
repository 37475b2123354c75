using Microsoft.Extensions.Logging;

namespace ActorRealm.Cluster.Runtime;

/// <summary>The cluster's log lines (one per event, structured).</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster node {Node} of site {Site} started in realm {Realm}; prime site {Prime}")]
    public static partial void Started(ILogger logger, string node, string site, string realm, Prime.PrimeState prime);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cluster configuration: {Warning}")]
    public static partial void ConfigurationWarning(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The prime state is kept in {Location}: set actorrealm.node.data-dir so that it survives a restart; this node never acknowledges a prime switch as stored")]
    public static partial void PrimeNotDurable(ILogger logger, string location);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refusing {MessageType} from {From}: {Reason}")]
    public static partial void MessageRefused(ILogger logger, string messageType, NodeId from, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Rejection}")]
    public static partial void GossipRejected(ILogger logger, string rejection);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {Name} {Node} of site {Site} is {Status}")]
    public static partial void MemberStatusChanged(ILogger logger, string name, NodeId node, string site, MemberStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Member {Member} ({Site}) is unreachable")]
    public static partial void MemberUnreachable(ILogger logger, string member, string site);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {Member} ({Site}) is reachable again")]
    public static partial void MemberReachable(ILogger logger, string member, string site);

    [LoggerMessage(Level = LogLevel.Information, Message = "Leader is now {Leader}")]
    public static partial void LeaderChanged(ILogger logger, NodeId? leader);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Quorum lost: {Explanation}. This node stops serving work that needs the cluster and keeps running until quorum returns")]
    public static partial void QuorumLost(ILogger logger, string explanation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Quorum: {Explanation}. This node serves")]
    public static partial void QuorumRegained(ILogger logger, string explanation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prime site is now {Site} (epoch {Epoch}, switched by {SwitchedBy} at {SwitchedAt:O}); it was {PreviousSite} (epoch {PreviousEpoch})")]
    public static partial void PrimeChanged(ILogger logger, string site, long epoch, string switchedBy, DateTimeOffset switchedAt, string previousSite, long previousEpoch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Prime reconciliation: {Message}")]
    public static partial void PrimeReconciledInformation(ILogger logger, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prime reconciliation: {Message} (this node held epoch {LocalEpoch}, the peer epoch {RemoteEpoch})")]
    public static partial void PrimeReconciledWarning(ILogger logger, string message, long localEpoch, long remoteEpoch);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Prime reconciliation: {Message} (this node held epoch {LocalEpoch}, the peer epoch {RemoteEpoch})")]
    public static partial void PrimeReconciledCritical(ILogger logger, string message, long localEpoch, long remoteEpoch);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Could not store prime state {State} in {Location}; not adopting it (this node keeps following {Current})")]
    public static partial void PrimeStoreFailed(ILogger logger, Exception exception, Prime.PrimeState state, string location, Prime.PrimeState current);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prime switch to {Site} accepted (epoch {Epoch}, requested by {RequestedBy}); stored in {Location}")]
    public static partial void PrimeSwitchAccepted(ILogger logger, string site, long epoch, string requestedBy, string location);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Prime switch refused ({Reason}): {Message}")]
    public static partial void PrimeSwitchRefused(ILogger logger, string reason, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Asking the seed nodes to join (attempt {Attempt}): {Contacts}")]
    public static partial void JoinAttempt(ILogger logger, int attempt, IReadOnlyList<NodeAddress> contacts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Joining the cluster through {Contact}")]
    public static partial void JoiningThrough(ILogger logger, NodeId contact);

    [LoggerMessage(Level = LogLevel.Information, Message = "Welcomed by {From}: this node is a joining member")]
    public static partial void Welcomed(ILogger logger, NodeId from);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Join refused by {From}: {Message}")]
    public static partial void JoinRefused(ILogger logger, NodeId from, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "No other seed node answered within {Timeout}: this first seed node forms the cluster (members move up once a quorum has joined)")]
    public static partial void FormingCluster(ILogger logger, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Information, Message = "Join of {Node}: {Message}")]
    public static partial void JoinHandled(ILogger logger, NodeId node, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Downing {Nodes}: {Reason}")]
    public static partial void Downing(ILogger logger, string nodes, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This node ({Self}) must rejoin as a new incarnation: {Reason}")]
    public static partial void Rejoining(ILogger logger, NodeId self, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "New incarnation {Self}: joining the seed nodes again")]
    public static partial void NewIncarnation(ILogger logger, NodeId self);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not start a new incarnation; retrying")]
    public static partial void RenewFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "This node left the cluster")]
    public static partial void Left(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Leaving the cluster")]
    public static partial void Leaving(ILogger logger);
}
