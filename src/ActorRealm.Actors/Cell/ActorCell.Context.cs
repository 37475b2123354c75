using ActorRealm.Actors.SystemMessages;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Actors.Cell;

/// <summary>The rest of <see cref="IActorContext"/>: timers, receive timeout, logging, forwarding, async handlers.</summary>
internal sealed partial class ActorCell
{
    public ITimerScheduler Timers => Extras.Timers ??= new TimerScheduler(this);

    public TimeSpan? ReceiveTimeout => _extras?.ReceiveTimeout?.Timeout;

    public ILogger Log => Extras.Log ??= _system.LoggerFactory.CreateLogger(_props.ActorType);

    public void SetReceiveTimeout(TimeSpan? timeout)
    {
        var extras = Extras;
        extras.ReceiveTimeout?.Cancel();
        extras.ReceiveTimeout = null;
        if (timeout is { } t && t > TimeSpan.Zero && t != Timeout.InfiniteTimeSpan)
        {
            extras.ReceiveTimeout = new ReceiveTimeoutState(this, t);
        }
    }

    public void Forward(IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(message, _currentSender ?? ActorRef.NoSender);
    }

    /// <summary>Remembers to end the actor's event-stream subscriptions when it terminates.</summary>
    internal void MarkSubscribedToEventStream() => Extras.SubscribedToEventStream = true;

    /// <summary>The sender of the current message as recorded (null when there was none).</summary>
    internal IActorRef? RawSender => _currentSender;

    /// <summary>Cancels timers and the receive timeout (on stop and before a restart).</summary>
    internal void CancelTimersAndReceiveTimeout()
    {
        if (_extras is { } extras)
        {
            extras.Timers?.CancelAll();
            extras.ReceiveTimeout?.Cancel();
            extras.ReceiveTimeout = null;
        }
    }

    /// <summary>Puts every stashed message back in front of the mailbox (before a restart).</summary>
    internal void UnstashAllForRestart() => _extras?.Stash?.UnstashAll();

    /// <summary>Pushes messages back to be processed before anything in the mailbox (top of stack first).</summary>
    internal Stack<Dispatch.Envelope> UnstashQueue => Extras.Unstashed ??= new Stack<Dispatch.Envelope>();

    /// <summary>
    /// Runs an async handler under the actor's synchronization context. If it does not complete at
    /// once, the mailbox is suspended (system messages still flow) until its task completes, so the
    /// actor processes no other message meanwhile and its continuations run as the actor.
    /// </summary>
    internal void RunAsyncHandler<T>(Func<T, Task> handler, T message)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(Extras.SynchronizationContext ??= new ActorSynchronizationContext(this));
        Task task;
        try
        {
            task = handler(message);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        if (task.IsCompletedSuccessfully)
        {
            return;
        }

        if (task.IsCompleted)
        {
            Rethrow(TaskFailure(task));
        }

        _flags |= AsyncPending;
        SuspendSelf();
        task.ContinueWith(
            static (t, state) =>
            {
                var (cell, msg) = ((ActorCell, object))state!;
                cell.SendSystemMessage(new AsyncCompleted(t, msg));
            },
            (this, (object)message!),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static Exception TaskFailure(Task task) =>
        task.Exception?.InnerExceptions.Count == 1
            ? task.Exception.InnerException!
            : task.Exception ?? (Exception)new TaskCanceledException(task);

    private void HandleAsyncCompleted(AsyncCompleted completed)
    {
        if ((_flags & AsyncPending) == 0)
        {
            return;
        }

        _flags &= ~AsyncPending;
        ResumeSelf();
        var task = completed.Task;
        if (!task.IsCompletedSuccessfully && (_flags & (Terminating | TerminatedFlag)) == 0)
        {
            HandleInvokeFailure(TaskFailure(task), completed.Message);
        }

        _currentSender = null;
    }

    private void RunAsyncContinuation(AsyncContinuation continuation)
    {
        if ((_flags & TerminatedFlag) != 0)
        {
            return;
        }

        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(Extras.SynchronizationContext ??= new ActorSynchronizationContext(this));
        try
        {
            continuation.Callback(continuation.State);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }
}

/// <summary>Posts continuations of an actor's async code back into the actor, as system messages.</summary>
internal sealed class ActorSynchronizationContext(ActorCell cell) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state) => cell.SendSystemMessage(new AsyncContinuation(d, state));

    public override void Send(SendOrPostCallback d, object? state)
    {
        if (ReferenceEquals(ActorCell.Current, cell))
        {
            d(state);
            return;
        }

        throw new NotSupportedException("Synchronous Send into an actor from another thread is not supported; use Post.");
    }

    public override SynchronizationContext CreateCopy() => this;
}
