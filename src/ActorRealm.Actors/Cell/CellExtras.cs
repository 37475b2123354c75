using ActorRealm.Actors.Dispatch;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Actors.Cell;

/// <summary>The parts of a cell most actors never use, allocated on first use.</summary>
internal sealed class CellExtras
{
    /// <summary>Bounded mailbox capacity (0 = unbounded) and the current count.</summary>
    public int MailboxCapacity;
    public int MailboxCount;

    public ChildrenContainer? Children;

    /// <summary>Actors watching this one.</summary>
    public HashSet<IActorRef>? WatchedBy;

    /// <summary>Actors this one watches, with the custom message of WatchWith (or null).</summary>
    public Dictionary<IActorRef, object?>? Watching;

    /// <summary>Watched actors whose Terminated is in the mailbox (dropped if unwatched before delivery).</summary>
    public Dictionary<IActorRef, object?>? TerminatedQueued;

    /// <summary>Registered for AddressTerminated because a watchee or watcher is remote.</summary>
    public bool AddressTerminatedSubscribed;

    public volatile bool SubscribedToEventStream;

    public ActorStash? Stash;

    /// <summary>Unstashed messages, processed before the mailbox (top first).</summary>
    public Stack<Envelope>? Unstashed;

    public TimerScheduler? Timers;

    public ReceiveTimeoutState? ReceiveTimeout;

    public Exception? FailureCause;
    public object? FailedMessage;
    public IActorRef? Perpetrator;
    public Exception? RecreateCause;

    public ILogger? Log;

    public ActorSynchronizationContext? SynchronizationContext;
}
