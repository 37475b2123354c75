using Microsoft.Extensions.Logging;

namespace ActorRealm.Persistence.Actors;

/// <summary>The log messages of persistent actors.</summary>
internal static partial class PersistenceLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Persisting event {SequenceNr} ({EventType}) of {PersistenceId} failed; the actor stops and nothing of the write was acknowledged.")]
    public static partial void PersistFailed(ILogger logger, Exception cause, string persistenceId, long sequenceNr, string eventType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recovery of {PersistenceId} failed after sequence number {SequenceNr} (at {Current}); the actor stops.")]
    public static partial void RecoveryFailed(ILogger logger, Exception cause, string persistenceId, long sequenceNr, string current);
}
