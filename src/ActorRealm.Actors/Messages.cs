namespace ActorRealm.Actors;

/// <summary>Messages the runtime handles itself before the actor's own behavior sees them.</summary>
internal interface IAutoReceivedMessage
{
}

/// <summary>Messages that do not restart the receive-timeout clock when received.</summary>
public interface INotInfluenceReceiveTimeout
{
}

/// <summary>Messages whose dead letters are not logged (they are still published).</summary>
public interface IDeadLetterSuppression
{
}

/// <summary>Stops the receiving actor once it processes this message (messages before it are processed first).</summary>
public sealed class PoisonPill : IAutoReceivedMessage
{
    private PoisonPill()
    {
    }

    /// <summary>The single instance.</summary>
    public static PoisonPill Instance { get; } = new();

    /// <inheritdoc/>
    public override string ToString() => "PoisonPill";
}

/// <summary>Makes the receiving actor fail with <see cref="ActorKilledException"/> (stopped under the default strategy).</summary>
public sealed class Kill : IAutoReceivedMessage
{
    private Kill()
    {
    }

    /// <summary>The single instance.</summary>
    public static Kill Instance { get; } = new();

    /// <inheritdoc/>
    public override string ToString() => "Kill";
}

/// <summary>Asks any actor for its ref; it answers <see cref="ActorIdentity"/> (a dead path answers with a null subject).</summary>
/// <param name="MessageId">Correlates the answer.</param>
public sealed record Identify(object? MessageId) : IAutoReceivedMessage;

/// <summary>The answer to <see cref="Identify"/>.</summary>
/// <param name="MessageId">The id of the <see cref="Identify"/>.</param>
/// <param name="Subject">The actor, or null when no actor lives at the path.</param>
public sealed record ActorIdentity(object? MessageId, IActorRef? Subject);

/// <summary>Delivered to a watcher when a watched actor has terminated (see <see cref="IActorContext.Watch"/>).</summary>
/// <param name="ActorRef">The terminated actor.</param>
/// <param name="ExistenceConfirmed">False when the actor was never known to exist (e.g. watched by a path that had no actor).</param>
/// <param name="AddressTerminated">True when inferred from its whole node being declared gone, not from the actor itself.</param>
public sealed record Terminated(IActorRef ActorRef, bool ExistenceConfirmed, bool AddressTerminated) : IAutoReceivedMessage, IDeadLetterSuppression;

/// <summary>Sent to an actor that set a receive timeout and received nothing for that long.</summary>
public sealed class ReceiveTimeout
{
    private ReceiveTimeout()
    {
    }

    /// <summary>The single instance.</summary>
    public static ReceiveTimeout Instance { get; } = new();

    /// <inheritdoc/>
    public override string ToString() => "ReceiveTimeout";
}

/// <summary>Replies that carry a success or failure: a <see cref="Failure"/> faults an Ask's task.</summary>
public abstract class Status
{
    private protected Status()
    {
    }

    /// <summary>A successful outcome with an optional value.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1034:Nested types should not be visible", Justification = "Status.Success/Status.Failure is the Akka spelling users know.")]
    public sealed class Success(object? value) : Status
    {
        /// <summary>The value, if any.</summary>
        public object? Value { get; } = value;

        /// <inheritdoc/>
        public override string ToString() => $"Success({Value})";
    }

    /// <summary>A failed outcome: an Ask receiving it faults with <see cref="Cause"/>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1034:Nested types should not be visible", Justification = "Status.Success/Status.Failure is the Akka spelling users know.")]
    public sealed class Failure(Exception cause, object? state = null) : Status
    {
        /// <summary>The error.</summary>
        public Exception Cause { get; } = cause;

        /// <summary>Optional context for the receiver.</summary>
        public object? State { get; } = state;

        /// <inheritdoc/>
        public override string ToString() => $"Failure({Cause.GetType().Name}: {Cause.Message})";
    }
}

/// <summary>Published on the event stream for each message that could not be delivered.</summary>
/// <param name="Message">The message.</param>
/// <param name="Sender">Its sender, if known.</param>
/// <param name="Recipient">The ref it was sent to.</param>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef Recipient);

/// <summary>Published on the event stream when an actor did not handle a message.</summary>
/// <param name="Message">The message.</param>
/// <param name="Sender">Its sender, if known.</param>
/// <param name="Recipient">The actor that did not handle it.</param>
public sealed record UnhandledMessage(object Message, IActorRef? Sender, IActorRef Recipient);

/// <summary>
/// Published on the event stream (by the remote layer) when a whole node is declared gone; every
/// local watcher of an actor at that address then receives <see cref="Terminated"/> with
/// <c>AddressTerminated = true</c>.
/// </summary>
/// <param name="Address">The node's address.</param>
public sealed record AddressTerminated(Address Address) : IDeadLetterSuppression;
