namespace ActorRealm.Actors.Dispatch;

/// <summary>A node of the lock-free MPSC user-message queue (Vyukov): a message and its sender.</summary>
internal sealed class MailboxNode
{
    public MailboxNode? Next;
    public object? Message;
    public IActorRef? Sender;
}

/// <summary>A node of the system-message stack (pushed by any thread, taken all at once by the actor).</summary>
internal sealed class SystemNode(SystemMessages.SystemMessage message)
{
    public readonly SystemMessages.SystemMessage Message = message;
    public SystemNode? Next;
}

/// <summary>A message with its sender, as kept by the stash and the unstash queue.</summary>
internal readonly record struct Envelope(object Message, IActorRef? Sender);
