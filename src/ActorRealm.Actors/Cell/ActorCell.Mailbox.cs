using ActorRealm.Actors.Dispatch;
using ActorRealm.Actors.Logging;
using ActorRealm.Actors.SystemMessages;

namespace ActorRealm.Actors.Cell;

/// <summary>
/// The mailbox: a Vyukov MPSC queue for user messages (its stub node is allocated on the first
/// message, so a never-messaged actor pays nothing), a Treiber stack for system messages, and
/// one status word: scheduled bit, closed bit, suspension count.
/// </summary>
internal sealed partial class ActorCell
{
    private const int Scheduled = 1;
    private const int Closed = 2;
    private const int SuspendUnit = 4;

    /// <summary>Serialises draining of closed mailboxes (rare: messages racing with termination).</summary>
    private static readonly Lock DeadDrainGate = new();

    private MailboxNode? _head;
    private MailboxNode? _tail;
    private SystemNode? _sysHead;
    private int _status;

    /// <summary>Enqueues a user message (sender already resolved) and schedules the actor if idle.</summary>
    internal void SendMessage(object message, IActorRef? sender)
    {
        if ((Volatile.Read(ref _status) & Closed) != 0)
        {
            _system.DeadLetter(message, sender, this);
            return;
        }

        var extras = _extras;
        if (extras is not null && extras.MailboxCapacity > 0 && !TryReserveSlot(extras))
        {
            _system.LogMailboxFull(this, extras.MailboxCapacity, message.GetType());
            _system.DeadLetter(message, sender, this);
            return;
        }

        var node = MailboxNodePool.Rent(message, sender);
        var previous = Interlocked.Exchange(ref _head, node);
        if (previous is null)
        {
            Volatile.Write(ref _tail, new MailboxNode { Next = node });
        }
        else
        {
            Volatile.Write(ref previous.Next, node);
        }

        var status = Volatile.Read(ref _status);
        if (status == 0)
        {
            if (Interlocked.CompareExchange(ref _status, Scheduled, 0) == 0)
            {
                _dispatcher.Executor.Execute(this);
            }
        }
        else if ((status & Closed) != 0)
        {
            DrainClosedMailbox();
        }
    }

    private static bool TryReserveSlot(CellExtras extras)
    {
        if (Interlocked.Increment(ref extras.MailboxCount) <= extras.MailboxCapacity)
        {
            return true;
        }

        Interlocked.Decrement(ref extras.MailboxCount);
        return false;
    }

    /// <summary>Enqueues a system message; it is processed before user messages, even when suspended.</summary>
    public void SendSystemMessage(SystemMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if ((Volatile.Read(ref _status) & Closed) != 0)
        {
            HandleDeadSystemMessage(message);
            return;
        }

        var node = new SystemNode(message);
        SystemNode? head;
        do
        {
            head = Volatile.Read(ref _sysHead);
            node.Next = head;
        }
        while (Interlocked.CompareExchange(ref _sysHead, node, head) != head);

        ScheduleForSystemMessage();
    }

    private void ScheduleForSystemMessage()
    {
        while (true)
        {
            var status = Volatile.Read(ref _status);
            if ((status & Closed) != 0)
            {
                DrainClosedMailbox();
                return;
            }

            if ((status & Scheduled) != 0)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _status, status | Scheduled, status) == status)
            {
                _dispatcher.Executor.Execute(this);
                return;
            }
        }
    }

    /// <summary>Schedules the first turn, which creates the actor.</summary>
    internal void Start() => ScheduleForSystemMessage();

    /// <summary>One turn: system messages, then up to a throughput batch of user messages.</summary>
    void IThreadPoolWorkItem.Execute()
    {
        var previous = _current;
        _current = this;
        try
        {
            if ((_flags & NeedsCreate) != 0)
            {
                Create();
            }

            ProcessSystemMessages();
            if (CanProcessUserMessages)
            {
                ProcessUserMessages(_dispatcher.TurnThroughput);
            }
        }
        catch (Exception e)
        {
            // A runtime defect must not take the process down with it; it is logged loudly.
            RuntimeLog.RuntimeFault(_system.Log, e, this);
        }
        finally
        {
            _current = previous;
            var status = Interlocked.And(ref _status, ~Scheduled) & ~Scheduled;
            if ((status & Closed) == 0 &&
                (Volatile.Read(ref _sysHead) is not null || (status == 0 && HasUserMessages())))
            {
                ScheduleForSystemMessage();
            }
        }
    }

    private bool CanProcessUserMessages => Volatile.Read(ref _status) == Scheduled && (_flags & (Terminating | NeedsCreate)) == 0;

    private void ProcessUserMessages(int limit)
    {
        var deadline = _dispatcher.DeadlineTicks == 0
            ? 0
            : _system.TimeProvider.GetTimestamp() + (_dispatcher.DeadlineTicks * _system.TimeProvider.TimestampFrequency / TimeSpan.TicksPerSecond);
        for (var processed = 0; processed < limit; processed++)
        {
            if (!TryDequeue(out var message, out var sender))
            {
                return;
            }

            Invoke(message, sender);
            if (Volatile.Read(ref _sysHead) is not null)
            {
                ProcessSystemMessages();
            }

            if (!CanProcessUserMessages || (deadline != 0 && _system.TimeProvider.GetTimestamp() > deadline))
            {
                return;
            }
        }
    }

    private bool TryDequeue(out object message, out IActorRef? sender)
    {
        var extras = _extras;
        if (extras?.Unstashed is { Count: > 0 } unstashed)
        {
            var envelope = unstashed.Pop();
            message = envelope.Message;
            sender = envelope.Sender;
            return true;
        }

        if (!TryDequeueRaw(out message, out sender))
        {
            return false;
        }

        if (extras is not null && extras.MailboxCapacity > 0)
        {
            Interlocked.Decrement(ref extras.MailboxCount);
        }

        return true;
    }

    private bool TryDequeueRaw(out object message, out IActorRef? sender)
    {
        var tail = Volatile.Read(ref _tail);
        var next = tail is null ? null : Volatile.Read(ref tail.Next);
        if (next is null)
        {
            // The consumed node stays as the stub; release what it held once the queue is empty
            // (clearing on every dequeue would cost two GC write barriers per message).
            if (tail?.Message is not null)
            {
                tail.Message = null;
                tail.Sender = null;
            }

            message = null!;
            sender = null;
            return false;
        }

        _tail = next;
        message = next.Message!;
        sender = next.Sender;
        MailboxNodePool.Return(tail!);
        return true;
    }

    private bool HasUserMessages()
    {
        if (_extras?.Unstashed is { Count: > 0 })
        {
            return true;
        }

        var tail = Volatile.Read(ref _tail);
        return tail is not null && Volatile.Read(ref tail.Next) is not null;
    }

    private void ProcessSystemMessages()
    {
        while (Volatile.Read(ref _sysHead) is not null)
        {
            var list = Interlocked.Exchange(ref _sysHead, null);
            if (list is null)
            {
                return;
            }

            SystemNode? fifo = null;
            while (list is not null)
            {
                var next = list.Next;
                list.Next = fifo;
                fifo = list;
                list = next;
            }

            for (var node = fifo; node is not null; node = node.Next)
            {
                if ((_flags & TerminatedFlag) != 0)
                {
                    HandleDeadSystemMessage(node.Message);
                }
                else
                {
                    ProcessSystemMessage(node.Message);
                }
            }
        }
    }

    private void SuspendSelf() => Interlocked.Add(ref _status, SuspendUnit);

    private void ResumeSelf()
    {
        if ((Volatile.Read(ref _status) >> 2) > 0)
        {
            Interlocked.Add(ref _status, -SuspendUnit);
        }
    }

    /// <summary>Closes the mailbox for good and sends what is left in it to dead letters.</summary>
    private void CloseMailbox()
    {
        Interlocked.Or(ref _status, Closed);
        DrainClosedMailbox();
    }

    /// <summary>After close, anything still enqueued (including by racing senders) goes to dead letters.</summary>
    private void DrainClosedMailbox()
    {
        lock (DeadDrainGate)
        {
            while (TryDequeueRaw(out var message, out var sender))
            {
                _system.DeadLetter(message, sender, this);
            }

            var list = Interlocked.Exchange(ref _sysHead, null);
            SystemNode? fifo = null;
            while (list is not null)
            {
                var next = list.Next;
                list.Next = fifo;
                fifo = list;
                list = next;
            }

            for (; fifo is not null; fifo = fifo.Next)
            {
                HandleDeadSystemMessage(fifo.Message);
            }
        }
    }

    /// <summary>A system message for a terminated actor: a Watch is answered at once; the rest are dropped.</summary>
    private void HandleDeadSystemMessage(SystemMessage message)
    {
        if (message is Watch watch && !ReferenceEquals(watch.Watcher, this) && watch.Watcher is ISystemMessageTarget watcher)
        {
            watcher.SendSystemMessage(new DeathWatchNotification(this, ExistenceConfirmed: true, AddressTerminated: false));
        }
    }
}
