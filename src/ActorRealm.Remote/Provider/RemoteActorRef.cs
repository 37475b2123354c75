using ActorRealm.Actors;
using ActorRealm.Actors.SystemMessages;

namespace ActorRealm.Remote;

/// <summary>
/// A ref to an actor on another node: <see cref="Tell"/> serializes the message and queues it on the
/// association with that node (at most once; undeliverable messages become dead letters here), and
/// watch, unwatch and death notifications travel as system frames.
/// </summary>
public sealed class RemoteActorRef : ActorRefBase, IInternalActorRef
{
    private readonly RemoteActorRefProvider _provider;

    internal RemoteActorRef(RemoteActorRefProvider provider, ActorPath path, Association association)
    {
        _provider = provider;
        Path = path;
        Association = association;
        WirePath = path.ToSerializationFormat();
    }

    /// <inheritdoc/>
    public override ActorPath Path { get; }

    /// <inheritdoc/>
    public bool IsLocal => false;

    /// <inheritdoc/>
    public bool IsTerminated => false;

    /// <inheritdoc/>
    public ActorSystem System => _provider.System;

    /// <summary>The association that carries messages to the actor's node.</summary>
    public Association Association { get; }

    /// <summary>The path as written on the wire (with the uid when known).</summary>
    internal string WirePath { get; }

    /// <inheritdoc/>
    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        _provider.SendUserMessage(this, message, ActorRef.ResolveSender(sender));
    }

    /// <inheritdoc/>
    public void SendSystemMessage(SystemMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        _provider.SendSystemMessage(this, message);
    }
}
