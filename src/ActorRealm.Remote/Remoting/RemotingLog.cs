using ActorRealm.Actors;
using ActorRealm.Remote.Transport;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Remote;

/// <summary>The log lines of <see cref="Remoting"/> and <see cref="Association"/>.</summary>
internal static partial class RemotingLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Remoting started as {Address} (incarnation {Uid}), listening on {Bound}")]
    public static partial void Started(ILogger logger, Address address, ulong uid, NodeEndpoint bound);

    [LoggerMessage(Level = LogLevel.Information, Message = "Remoting {Address} stopped")]
    public static partial void Stopped(ILogger logger, Address? address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Associated with {Address} (incarnation {Uid}) over {Connection}")]
    public static partial void Associated(ILogger logger, Address address, ulong uid, string connection);

    [LoggerMessage(Level = LogLevel.Information, Message = "Association with {Address} lost: {Reason}")]
    public static partial void Disassociated(ILogger logger, Address address, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Connecting to {Address} failed: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, Address address, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconnecting to {Address} in {DelayMs:0} ms (attempt {Attempt})")]
    public static partial void Reconnecting(ILogger logger, Address address, double delayMs, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Send queue to {Address} is full ({Limit} frames): dropping new messages ({Dropped} dropped so far)")]
    public static partial void SendQueueFull(ILogger logger, Address address, int limit, long dropped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Address} starts a new incarnation {Uid} (was {Previous}); peers will quarantine the previous one")]
    public static partial void IncarnationRenewed(ILogger logger, Address address, ulong previous, ulong uid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Quarantined {Address} incarnation {Uid}: {Reason}")]
    public static partial void QuarantinedPeer(ILogger logger, Address address, ulong uid, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Address} has quarantined this node (incarnation {Uid}); it refuses this incarnation until this node restarts")]
    public static partial void QuarantinedByPeer(ILogger logger, Address address, ulong uid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nothing heard from {Address} (incarnation {Uid}) for {Seconds}s: unreachable")]
    public static partial void Unreachable(ILogger logger, Address address, ulong uid, double seconds);
}
