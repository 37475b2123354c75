namespace ActorRealm.Actors.SystemMessages;

/// <summary>
/// A message about an actor's lifecycle, processed before any user message. The public ones
/// (<see cref="Watch"/>, <see cref="Unwatch"/>, <see cref="DeathWatchNotification"/>,
/// <see cref="Terminate"/>) are the ones a transport carries between nodes for remote DeathWatch
/// and remote stop; the others are internal to a process.
/// </summary>
public abstract record SystemMessage;

/// <summary>Asks <paramref name="Watchee"/> to notify <paramref name="Watcher"/> when it terminates.</summary>
/// <param name="Watchee">The actor to watch (the recipient).</param>
/// <param name="Watcher">The actor to notify.</param>
public sealed record Watch(IActorRef Watchee, IActorRef Watcher) : SystemMessage;

/// <summary>Cancels a <see cref="Watch"/>.</summary>
/// <param name="Watchee">The watched actor (the recipient).</param>
/// <param name="Watcher">The watcher to forget.</param>
public sealed record Unwatch(IActorRef Watchee, IActorRef Watcher) : SystemMessage;

/// <summary>Tells a watcher (or the parent) that <paramref name="Actor"/> has terminated.</summary>
/// <param name="Actor">The terminated actor.</param>
/// <param name="ExistenceConfirmed">False when the actor was never known to exist.</param>
/// <param name="AddressTerminated">True when inferred from its node being declared gone.</param>
public sealed record DeathWatchNotification(IActorRef Actor, bool ExistenceConfirmed, bool AddressTerminated) : SystemMessage;

/// <summary>Stops the recipient: its children stop first, then <c>PostStop</c> runs and watchers are notified.</summary>
public sealed record Terminate : SystemMessage
{
    private Terminate()
    {
    }

    /// <summary>The single instance.</summary>
    public static Terminate Instance { get; } = new();
}

/// <summary>Runs the actor's creation (constructor and PreStart); the first message of every cell.</summary>
internal sealed record Create : SystemMessage
{
    public static Create Instance { get; } = new();
}

/// <summary>The supervisor decided to restart the actor after <paramref name="Cause"/>.</summary>
internal sealed record Recreate(Exception Cause) : SystemMessage;

/// <summary>Stop processing user messages until a matching <see cref="Resume"/> (sent when an ancestor fails).</summary>
internal sealed record Suspend : SystemMessage
{
    public static Suspend Instance { get; } = new();
}

/// <summary>Undo one suspension; <paramref name="CausedByFailure"/> is set when resuming the failed actor itself.</summary>
internal sealed record Resume(Exception? CausedByFailure) : SystemMessage;

/// <summary>A child reports its failure to its parent.</summary>
internal sealed record Failed(IActorRef Child, Exception Cause, long Uid, bool Escalated) : SystemMessage;

/// <summary>A node that a watched ref lives on was declared gone.</summary>
internal sealed record AddressTerminatedNotice(Address Address) : SystemMessage;

/// <summary>Runs a continuation of async code that belongs to the actor (from its synchronization context).</summary>
internal sealed record AsyncContinuation(SendOrPostCallback Callback, object? State) : SystemMessage;

/// <summary>The task returned by a ReceiveAsync handler completed; the mailbox resumes.</summary>
internal sealed record AsyncCompleted(Task Task, object Message) : SystemMessage;
