using ActorRealm.Actors;
using ActorRealm.Remote.Wire;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Remote;

/// <summary>The log lines of <see cref="RemoteActorRefProvider"/>.</summary>
internal static partial class ProviderLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "No serializer is registered for {Type}; a message to {Recipient} went to dead letters (register it with RemoteSetup.Serialization)")]
    public static partial void NotSerializable(ILogger logger, Type type, IActorRef recipient);

    [LoggerMessage(Level = LogLevel.Error, Message = "Serializing a {Type} for {Recipient} failed; it went to dead letters")]
    public static partial void SerializationFailed(ILogger logger, Exception exception, Type type, IActorRef recipient);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a message from {Address}: its {What} '{Value}' {Why}")]
    public static partial void Dropped(ILogger logger, Address address, string what, string value, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a {Kind} frame from {Address}: the actor system around the listener was not built within {Wait}")]
    public static partial void DroppedBeforeStart(ILogger logger, Frame.BodyOneofCase kind, Address address, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Debug, Message = "System message {Kind} to remote {Target} is not supported over the wire; dropped")]
    public static partial void SystemMessageNotSupported(ILogger logger, string kind, IActorRef target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "System message {Kind} to remote {Target} could not be queued; dropped")]
    public static partial void SystemMessageDropped(ILogger logger, string kind, IActorRef target);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} frames to {Address} were not delivered: {Reason}")]
    public static partial void Undelivered(ILogger logger, int count, Address address, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node {Address} is gone ({Reason}): watchers of its actors get Terminated")]
    public static partial void AddressTerminated(ILogger logger, Address address, string reason);
}
