namespace ActorRealm.Actors;

/// <summary>
/// A handle to an actor: the only way to talk to it. Refs are cheap to pass around and compare
/// equal when they point to the same incarnation (same path and uid).
/// </summary>
public interface IActorRef : IEquatable<IActorRef>
{
    /// <summary>The actor's path, including its uid.</summary>
    ActorPath Path { get; }

    /// <summary>
    /// Sends a message without waiting (fire and forget, at most once). When <paramref name="sender"/> is
    /// null and the call is made while an actor processes a message, that actor is the sender (as in
    /// Akka); pass <see cref="ActorRef.NoSender"/> to send anonymously from inside an actor.
    /// </summary>
    void Tell(object message, IActorRef? sender = null);
}

/// <summary>Refs the runtime can send system messages to (local cells, and remote refs that carry them over the wire).</summary>
public interface ISystemMessageTarget
{
    /// <summary>Delivers a system message (watch, unwatch, death notification, stop...), ahead of user messages.</summary>
    void SendSystemMessage(SystemMessages.SystemMessage message);
}

/// <summary>A ref the runtime can supervise and watch: it takes system messages and knows whether it is local.</summary>
public interface IInternalActorRef : IActorRef, ISystemMessageTarget
{
    /// <summary>True when the actor lives in this process's actor system.</summary>
    bool IsLocal { get; }

    /// <summary>True when the actor is known to be terminated (remote refs may not know: false).</summary>
    bool IsTerminated { get; }

    /// <summary>The local actor system this ref belongs to (for a remote ref: the system that resolved it).</summary>
    ActorSystem System { get; }
}

/// <summary>Well-known refs and helpers.</summary>
public static class ActorRef
{
    /// <summary>
    /// Pass as sender to send with no sender even from inside an actor; the receiver's
    /// <see cref="IActorContext.Sender"/> is then the dead-letters ref.
    /// </summary>
    public static IActorRef NoSender { get; } = new NoSenderRef();

    /// <summary>
    /// The sender a ref's <see cref="IActorRef.Tell"/> should record: the actor currently processing a
    /// message when <paramref name="sender"/> is null, and null for <see cref="NoSender"/>. Ref
    /// implementations outside this assembly (remote refs) call this so implicit senders work the same.
    /// </summary>
    public static IActorRef? ResolveSender(IActorRef? sender) =>
        sender is null ? Cell.ActorCell.CurrentSelf
        : ReferenceEquals(sender, NoSender) ? null
        : sender;

    private sealed class NoSenderRef : ActorRefBase
    {
        private static readonly ActorPath NoSenderPath = new RootActorPath(Address.Local("no-sender")).Child("no-sender");

        public override ActorPath Path => NoSenderPath;

        public override void Tell(object message, IActorRef? sender = null)
        {
        }
    }
}

/// <summary>
/// A base for refs: equality by path and uid (as Akka) and a readable
/// <see cref="ToString"/>. Remote refs derive from it so they compare equal to resolved local refs.
/// </summary>
public abstract class ActorRefBase : IActorRef
{
    /// <inheritdoc/>
    public abstract ActorPath Path { get; }

    /// <inheritdoc/>
    public abstract void Tell(object message, IActorRef? sender = null);

    /// <inheritdoc/>
    public virtual bool Equals(IActorRef? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null)
        {
            return false;
        }

        var mine = Path;
        var theirs = other.Path;
        return mine.Uid == theirs.Uid && mine.Equals(theirs);
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is IActorRef other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var path = Path;
        return path.Uid == ActorPath.UndefinedUid ? path.GetHashCode() : path.Uid.GetHashCode();
    }

    /// <summary>The path with its uid, e.g. <c>[realm://sys/user/a#123]</c>.</summary>
    public override string ToString()
    {
        var path = Path;
        return path.Uid == ActorPath.UndefinedUid ? $"[{path}]" : $"[{path}#{path.Uid}]";
    }
}
