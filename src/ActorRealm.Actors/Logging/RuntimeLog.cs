using Microsoft.Extensions.Logging;

namespace ActorRealm.Actors.Logging;

/// <summary>The runtime's log messages (source-generated: nothing is formatted or allocated for disabled levels).</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Actor {Actor} failed and is restarted: {Reason}")]
    public static partial void ChildRestarted(ILogger logger, Exception exception, IActorRef actor, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Actor {Actor} failed and is resumed: {Reason}")]
    public static partial void ChildResumed(ILogger logger, Exception exception, IActorRef actor, string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Actor {Actor} failed and is stopped: {Reason}")]
    public static partial void ChildStopped(ILogger logger, Exception exception, IActorRef actor, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Actor {Actor} exceeded its restart limit ({MaxRetries} within {Window}) and is stopped")]
    public static partial void ChildRestartLimit(ILogger logger, Exception exception, IActorRef actor, int maxRetries, TimeSpan? window);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "Top-level actor {Actor} escalated a failure to the guardian and is stopped")]
    public static partial void EscalatedToGuardian(ILogger logger, Exception exception, IActorRef actor);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "The supervisor decider of {Actor} threw; the failed child is stopped")]
    public static partial void DeciderFailed(ILogger logger, Exception exception, IActorRef actor);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Error, Message = "PostStop of {Actor} threw")]
    public static partial void PostStopFailed(ILogger logger, Exception exception, IActorRef actor);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Error, Message = "PreRestart of {Actor} threw; the restart continues")]
    public static partial void PreRestartFailed(ILogger logger, Exception exception, IActorRef actor);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Error, Message = "Actor {Actor} failed while stopping")]
    public static partial void FailureWhileStopping(ILogger logger, Exception exception, IActorRef actor);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Error, Message = "Actor {Actor} failed again while waiting for its supervisor's decision")]
    public static partial void FailureWhileFailed(ILogger logger, Exception exception, IActorRef actor);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Critical, Message = "Runtime fault while running {Actor}; the actor may be stuck")]
    public static partial void RuntimeFault(ILogger logger, Exception exception, IActorRef actor);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "Unknown system message {MessageType} for {Actor}")]
    public static partial void UnknownSystemMessage(ILogger logger, IActorRef actor, Type messageType);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "Mailbox of {Actor} is full ({Capacity} messages): {MessageType} goes to dead letters")]
    public static partial void MailboxFull(ILogger logger, IActorRef actor, int capacity, Type messageType);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Information, Message = "Dead letter: {MessageType} from {Sender} to {Recipient} was not delivered")]
    public static partial void DeadLetterLogged(ILogger logger, Type messageType, IActorRef? sender, IActorRef recipient);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Information, Message = "{Count} further dead letters were not logged in the last {Interval}")]
    public static partial void DeadLettersSuppressed(ILogger logger, long count, TimeSpan interval);

    [LoggerMessage(EventId = 1025, Level = LogLevel.Warning, Message = "{Count} further full-mailbox overflows were not logged in the last {Interval}")]
    public static partial void MailboxFullSuppressed(ILogger logger, long count, TimeSpan interval);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Debug, Message = "Unhandled {MessageType} from {Sender} in {Actor}")]
    public static partial void Unhandled(ILogger logger, IActorRef actor, Type messageType, IActorRef? sender);

    [LoggerMessage(EventId = 1017, Level = LogLevel.Error, Message = "A scheduled action threw")]
    public static partial void ScheduledActionFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1018, Level = LogLevel.Information, Message = "Actor system {System} is terminating")]
    public static partial void Terminating(ILogger logger, string system);

    [LoggerMessage(EventId = 1019, Level = LogLevel.Information, Message = "Actor system {System} terminated")]
    public static partial void Terminated(ILogger logger, string system);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "Coordinated shutdown of {System} started: {Reason}")]
    public static partial void ShutdownStarted(ILogger logger, string system, string reason);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "Coordinated shutdown phase {Phase} timed out after {Timeout}; continuing")]
    public static partial void ShutdownPhaseTimedOut(ILogger logger, string phase, TimeSpan timeout);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Error, Message = "Coordinated shutdown task {Task} in phase {Phase} failed")]
    public static partial void ShutdownTaskFailed(ILogger logger, Exception exception, string phase, string task);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Debug, Message = "Coordinated shutdown phase {Phase} done")]
    public static partial void ShutdownPhaseDone(ILogger logger, string phase);

    [LoggerMessage(EventId = 1024, Level = LogLevel.Warning, Message = "Actors of {System} did not all stop within {Timeout}; termination is forced")]
    public static partial void TerminationForced(ILogger logger, string system, TimeSpan timeout);
}
