using Microsoft.Extensions.Logging;

namespace ActorRealm.Remote.Transport;

/// <summary>The one log line every transport writes when a connection closes.</summary>
internal static partial class ConnectionLog
{
    public static void Closed(ILogger logger, bool inbound, string remote, CloseReason reason)
    {
        var level = reason.Kind switch
        {
            CloseKind.Local => LogLevel.Debug,
            CloseKind.Lost => LogLevel.Information,
            CloseKind.InternalError => LogLevel.Error,
            _ => LogLevel.Warning,
        };
        LogConnectionClosed(logger, level, inbound ? "from" : "to", remote, reason.Kind, reason.Message);
    }

    [LoggerMessage(Message = "Connection {Direction} {Remote} closed ({Kind}): {Reason}")]
    private static partial void LogConnectionClosed(ILogger logger, LogLevel level, string direction, string remote, CloseKind kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a {Kind} frame of {Size} bytes to {Remote}: larger than maximum-frame-size ({Limit} bytes)")]
    public static partial void OversizedFrameDropped(ILogger logger, Wire.Frame.BodyOneofCase kind, int size, string remote, int limit);
}
