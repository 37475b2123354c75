using ActorRealm.Actors.SystemMessages;

namespace ActorRealm.Actors;

/// <summary>
/// The temporary ref behind an Ask: no actor, no mailbox, just a task completion source and a
/// timer. Its path (<c>/temp/$n</c>) is created and registered only if someone asks for it (e.g.
/// the remote layer serialising it as a sender), so a local Ask never touches a shared table.
/// </summary>
internal sealed class PromiseActorRef<T> : MinimalActorRef
{
    private readonly ActorSystem _system;
    private readonly TaskCompletionSource<T> _promise;
    private readonly IActorRef _target;
    private readonly TimeSpan _timeout;
    private readonly Type _messageType;
    private ITimer? _timer;
    private CancellationTokenRegistration _cancellation;
    private ActorPath? _path;

    public PromiseActorRef(ActorSystem system, IActorRef target, Type messageType, TimeSpan timeout)
        : base(system)
    {
        _system = system;
        _target = target;
        _messageType = messageType;
        _timeout = timeout;
        _promise = new TaskCompletionSource<T>(
            system.Executor.IsDeterministic ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public Task<T> Task => _promise.Task;

    public override bool IsTerminated => _promise.Task.IsCompleted;

    public override ActorPath Path
    {
        get
        {
            if (_path is { } path)
            {
                return path;
            }

            var registered = _system.LocalProvider.RegisterTemp(this);
            if (Interlocked.CompareExchange(ref _path, registered, null) is not null)
            {
                _system.LocalProvider.UnregisterTemp(registered);
            }
            else if (_promise.Task.IsCompleted)
            {
                _system.LocalProvider.UnregisterTemp(registered);
            }

            return _path;
        }
    }

    public void Start(CancellationToken cancellationToken)
    {
        if (_timeout != Timeout.InfiniteTimeSpan)
        {
            _timer = _system.TimeProvider.CreateTimer(static s => ((PromiseActorRef<T>)s!).OnTimeout(), this, _timeout, Timeout.InfiniteTimeSpan);
        }

        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(static (s, token) => ((PromiseActorRef<T>)s!).OnCancelled(token), this);
        }
    }

    public override void Tell(object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var completed = message switch
        {
            T reply => _promise.TrySetResult(reply),
            Status.Failure failure => _promise.TrySetException(failure.Cause),
            Status.Success { Value: T value } => _promise.TrySetResult(value),
            Status.Success { Value: null } when default(T) is null => _promise.TrySetResult(default!),
            _ => _promise.TrySetException(new InvalidCastException(
                $"Ask of {_target} with {_messageType.Name} expected a reply of type {typeof(T).Name} but got {message.GetType().Name}: {message}")),
        };

        if (completed)
        {
            Cleanup();
        }
        else
        {
            _system.DeadLetter(message, ActorRef.ResolveSender(sender), this);
        }
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        if (message is DeathWatchNotification && typeof(T) == typeof(bool))
        {
            // GracefulStop: the watched target has terminated.
            Tell(true, ActorRef.NoSender);
        }
    }

    /// <summary>Fails at once (e.g. the target is already terminated).</summary>
    public void Fail(Exception exception)
    {
        if (_promise.TrySetException(exception))
        {
            Cleanup();
        }
    }

    private void OnTimeout()
    {
        var exception = new AskTimeoutException(
            $"Ask timed out on {_target} after {_timeout.TotalMilliseconds:0} ms (message type {_messageType.Name}).");
        if (_promise.TrySetException(exception))
        {
            Cleanup();
        }
    }

    private void OnCancelled(CancellationToken token)
    {
        if (_promise.TrySetCanceled(token))
        {
            Cleanup();
        }
    }

    private void Cleanup()
    {
        _timer?.Dispose();
        _cancellation.Dispose();
        if (_path is { } path)
        {
            _system.LocalProvider.UnregisterTemp(path);
        }
    }
}
