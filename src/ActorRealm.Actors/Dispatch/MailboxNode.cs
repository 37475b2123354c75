namespace ActorRealm.Actors.Dispatch;

/// <summary>A node of the lock-free MPSC user-message queue (Vyukov): a message and its sender.</summary>
internal sealed class MailboxNode
{
    public MailboxNode? Next;
    public object? Message;
    public IActorRef? Sender;
}

/// <summary>
/// Recycles queue nodes per thread. A node is returned by the consumer once it has moved past it:
/// in a Vyukov queue no producer touches a node after linking its successor, which the consumer has
/// already seen, so the node is free. In ping-pong the thread that consumes a batch is the thread that
/// sends the replies, so nodes go round without allocation.
/// </summary>
internal static class MailboxNodePool
{
    private const int MaxPerThread = 256;

    [ThreadStatic]
    private static Pool? _pool;

    public static MailboxNode Rent(object message, IActorRef? sender)
    {
        var pool = _pool;
        var node = pool?.Free;
        if (node is null)
        {
            return new MailboxNode { Message = message, Sender = sender };
        }

        pool!.Free = node.Next;
        pool.Count--;
        node.Next = null;
        node.Message = message;
        node.Sender = sender;
        return node;
    }

    public static void Return(MailboxNode node)
    {
        var pool = _pool ??= new Pool();
        node.Message = null;
        node.Sender = null;
        if (pool.Count >= MaxPerThread)
        {
            node.Next = null;
            return;
        }

        node.Next = pool.Free;
        pool.Free = node;
        pool.Count++;
    }

    private sealed class Pool
    {
        public MailboxNode? Free;
        public int Count;
    }
}

/// <summary>A node of the system-message stack (pushed by any thread, taken all at once by the actor).</summary>
internal sealed class SystemNode(SystemMessages.SystemMessage message)
{
    public readonly SystemMessages.SystemMessage Message = message;
    public SystemNode? Next;
}

/// <summary>A message with its sender, as kept by the stash and the unstash queue.</summary>
internal readonly record struct Envelope(object Message, IActorRef? Sender);
