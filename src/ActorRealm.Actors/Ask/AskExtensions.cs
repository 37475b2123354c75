using ActorRealm.Actors.Cell;
using ActorRealm.Actors.SystemMessages;

namespace ActorRealm.Actors;

/// <summary>Request-reply, graceful stop, piping tasks to actors, forwarding.</summary>
public static class ActorRefExtensions
{
    /// <summary>
    /// Sends <paramref name="message"/> and returns a task for the reply. Cheap: a temporary ref, no
    /// actor. The task faults with <see cref="AskTimeoutException"/> (naming the target and the
    /// timeout) if no reply arrives in time, with the cause of a <see cref="Status.Failure"/> reply,
    /// with <see cref="InvalidCastException"/> for a reply of another type, and is cancelled with the token.
    /// </summary>
    /// <param name="target">The actor to ask.</param>
    /// <param name="message">The request.</param>
    /// <param name="timeout">How long to wait (default: <c>actorrealm.actor.ask-timeout</c>; <see cref="Timeout.InfiniteTimeSpan"/> waits forever).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public static Task<T> Ask<T>(this IActorRef target, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        var system = SystemOf(target);
        var effectiveTimeout = timeout ?? system.Settings.AskTimeout;
        if (effectiveTimeout <= TimeSpan.Zero && effectiveTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "An Ask timeout must be positive.");
        }

        var promise = new PromiseActorRef<T>(system, target, message.GetType(), effectiveTimeout);
        if (target is IInternalActorRef { IsTerminated: true })
        {
            promise.Fail(new AskTimeoutException($"Ask of {target} failed at once: the recipient had already been terminated (message type {message.GetType().Name})."));
            return promise.Task;
        }

        promise.Start(cancellationToken);
        target.Tell(message, promise);
        return promise.Task;
    }

    /// <summary>Ask with an untyped reply.</summary>
    public static Task<object> Ask(this IActorRef target, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        target.Ask<object>(message, timeout, cancellationToken);

    /// <summary>
    /// Stops <paramref name="target"/> after the messages already in its mailbox (sends
    /// <paramref name="stopMessage"/>, <see cref="PoisonPill"/> by default) and completes with true
    /// once it has terminated, or false if it has not within <paramref name="timeout"/>.
    /// </summary>
    public static async Task<bool> GracefulStop(this IActorRef target, TimeSpan timeout, object? stopMessage = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target is not ISystemMessageTarget watchable)
        {
            throw new ArgumentException($"Cannot watch {target} for a graceful stop.", nameof(target));
        }

        var system = SystemOf(target);
        var promise = new PromiseActorRef<bool>(system, target, (stopMessage ?? PoisonPill.Instance).GetType(), timeout);
        promise.Start(CancellationToken.None);
        watchable.SendSystemMessage(new Watch(target, promise));
        target.Tell(stopMessage ?? PoisonPill.Instance, ActorRef.NoSender);
        try
        {
            return await promise.Task.ConfigureAwait(system.Executor.IsDeterministic);
        }
        catch (AskTimeoutException)
        {
            watchable.SendSystemMessage(new Unwatch(target, promise));
            return false;
        }
    }

    /// <summary>
    /// Sends the task's result to <paramref name="recipient"/> when it completes (a failure as
    /// <see cref="Status.Failure"/>, unless mapped). Use it instead of awaiting inside a handler
    /// when the actor should keep processing other messages meanwhile.
    /// </summary>
    public static Task PipeTo<T>(this Task<T> task, IActorRef recipient, IActorRef? sender = null, Func<T, object>? success = null, Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        var resolvedSender = ActorRef.ResolveSender(sender) ?? ActorRef.NoSender;
        return task.ContinueWith(
            t =>
            {
                if (t.IsCompletedSuccessfully)
                {
                    recipient.Tell(success is null ? t.Result! : success(t.Result), resolvedSender);
                }
                else
                {
                    var cause = t.Exception?.InnerExceptions.Count == 1 ? t.Exception.InnerException! : t.Exception ?? (Exception)new TaskCanceledException(t);
                    recipient.Tell(failure is null ? new Status.Failure(cause) : failure(cause), resolvedSender);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Sends <paramref name="message"/> keeping the sender of the message being processed (inside an actor).</summary>
    /// <exception cref="InvalidOperationException">Called outside an actor's message processing.</exception>
    public static void Forward(this IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        var current = ActorCell.Current ?? throw new InvalidOperationException("Forward may only be used while an actor processes a message.");
        current.Forward(target, message);
    }

    private static ActorSystem SystemOf(IActorRef target) =>
        (target as IInternalActorRef)?.System
        ?? ActorCell.Current?.System
        ?? throw new InvalidOperationException($"Cannot find the actor system of {target}: ask from inside an actor, or ask a local actor.");
}
