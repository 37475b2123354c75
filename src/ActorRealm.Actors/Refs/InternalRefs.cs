using ActorRealm.Actors.SystemMessages;

namespace ActorRealm.Actors;

/// <summary>A ref with no mailbox: handles what it receives inline.</summary>
internal abstract class MinimalActorRef(ActorSystem system) : ActorRefBase, IInternalActorRef
{
    public ActorSystem System { get; } = system;

    public virtual bool IsLocal => true;

    public virtual bool IsTerminated => false;

    public virtual void SendSystemMessage(SystemMessage message)
    {
    }
}

/// <summary>
/// Where undeliverable messages go: each becomes a <see cref="DeadLetter"/> on the event stream
/// (logged with a rate limit). A watch of it answers at once with a non-confirmed death.
/// </summary>
internal sealed class DeadLetterActorRef(ActorSystem system, ActorPath path) : MinimalActorRef(system)
{
    public override ActorPath Path { get; } = path;

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is DeadLetter deadLetter)
        {
            System.PublishDeadLetter(deadLetter);
        }
        else
        {
            System.DeadLetter(message, ActorRef.ResolveSender(sender), this);
        }
    }

    public override void SendSystemMessage(SystemMessage message) => AnswerWatch(message, this);

    /// <summary>A watch of a ref with no actor behind it is answered at once.</summary>
    internal static void AnswerWatch(SystemMessage message, IActorRef self)
    {
        if (message is Watch watch && watch.Watcher is ISystemMessageTarget watcher && !ReferenceEquals(watch.Watcher, self))
        {
            watcher.SendSystemMessage(new DeathWatchNotification(watch.Watchee, ExistenceConfirmed: false, AddressTerminated: false));
        }
    }
}

/// <summary>A resolved local path with no live actor: messages become dead letters, Identify answers with no subject.</summary>
internal sealed class EmptyLocalActorRef(ActorSystem system, ActorPath path) : MinimalActorRef(system)
{
    public override ActorPath Path { get; } = path;

    public override bool IsTerminated => true;

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        System.DeadLetter(message, ActorRef.ResolveSender(sender), this);
    }

    public override void SendSystemMessage(SystemMessage message) => DeadLetterActorRef.AnswerWatch(message, this);
}

/// <summary>The parent of the root guardian: completes the system's termination when the root is gone.</summary>
internal sealed class RootParentRef(ActorSystem system, ActorPath path, Action onRootTerminated) : MinimalActorRef(system)
{
    public override ActorPath Path { get; } = path;

    public override void Tell(object message, IActorRef? sender = null)
    {
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case DeathWatchNotification:
                onRootTerminated();
                break;
            case Failed failed:
                // A guardian failed: stop it (nothing is above the root).
                ((ISystemMessageTarget)failed.Child).SendSystemMessage(Terminate.Instance);
                break;
        }
    }
}
