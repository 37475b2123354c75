using System.Collections.Immutable;
using ActorRealm.Cluster;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Server;

/// <summary>The node process's log events.</summary>
internal static partial class NodeLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Node {Node} of site {Site} started at {Address} in realm {Realm}; data in {DataDirectory}")]
    public static partial void Started(ILogger logger, string node, string site, NodeAddress address, string realm, string dataDirectory);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Configuration warning: {Warning}")]
    public static partial void ConfigurationWarning(ILogger logger, string warning);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Admin API listening on {AdminAddress} (bearer token required: {AuthRequired})")]
    public static partial void AdminListening(ILogger logger, Uri adminAddress, bool authRequired);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Joining the realm through {SeedNodes}")]
    public static partial void Joining(ILogger logger, ImmutableArray<NodeAddress> seedNodes);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Node {Node} is Up ({Quorum})")]
    public static partial void Up(ILogger logger, string node, string quorum);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Joining stopped: {Reason}")]
    public static partial void JoinAbandoned(ILogger logger, string reason);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "Node {Node} is stopping: leaving the realm, then shutting down")]
    public static partial void Stopping(ILogger logger, string node);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Information, Message = "Node stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Critical, Message = "The node refuses to start: {Problems}")]
    public static partial void RefusedToStart(ILogger logger, IReadOnlyList<string> problems);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Information, Message = "Standard input closed: the parent process is gone, stopping")]
    public static partial void ParentGone(ILogger logger);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Warning, Message = "The node's actor system ended ({Reason}); starting incarnation {Incarnation}, which joins {Targets}")]
    public static partial void Rejoining(ILogger logger, string reason, int incarnation, string targets);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Warning, Message = "The node's actor system ended ({Reason}); the node stops")]
    public static partial void IncarnationEnded(ILogger logger, string reason);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Warning, Message = "The next incarnation could not start (attempt {Attempt}): {Reason}; retrying")]
    public static partial void IncarnationRetry(ILogger logger, string reason, int attempt);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Critical, Message = "The next incarnation could not start: {Reason}; the node stops")]
    public static partial void IncarnationFailed(ILogger logger, string reason);
}
