using ActorRealm.Actors.Cell;

namespace ActorRealm.Actors;

/// <summary>
/// An actor that registers a handler per message type in its constructor (or inside
/// <see cref="Become(Action)"/>): the first handler whose type (and predicate) matches runs;
/// a message no handler matches is <see cref="ActorBase.Unhandled"/>.
/// </summary>
/// <example>
/// <code>
/// sealed class Greeter : ReceiveActor
/// {
///     public Greeter() => Receive&lt;string&gt;(name => Sender.Tell($"Hello {name}"));
/// }
/// </code>
/// </example>
public abstract class ReceiveActor : ActorBase
{
    /// <summary>The list being filled by a <see cref="Become(Action)"/> configuration on this thread.</summary>
    [ThreadStatic]
    private static HandlerList? _building;

    private ReceiveHandler? _handlers;

    /// <summary>Handles messages of type <typeparamref name="T"/>.</summary>
    protected void Receive<T>(Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Add(new ActionHandler<T>(handler));
    }

    /// <summary>Handles messages of type <typeparamref name="T"/> for which <paramref name="shouldHandle"/> is true.</summary>
    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(shouldHandle);
        ArgumentNullException.ThrowIfNull(handler);
        Add(new PredicateHandler<T>(shouldHandle, handler));
    }

    /// <summary>
    /// Handles messages of type <typeparamref name="T"/> asynchronously: until the returned task
    /// completes, the actor processes no other user message, and its awaits resume inside the actor.
    /// A faulted task is a failure of the actor (supervised like a thrown exception).
    /// </summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Add(new AsyncHandler<T>(handler, null));
    }

    /// <summary>Like <see cref="ReceiveAsync{T}(Func{T, Task})"/>, for messages for which <paramref name="shouldHandle"/> is true.</summary>
    protected void ReceiveAsync<T>(Predicate<T> shouldHandle, Func<T, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(shouldHandle);
        ArgumentNullException.ThrowIfNull(handler);
        Add(new AsyncHandler<T>(handler, shouldHandle));
    }

    /// <summary>Handles any message (register it last: handlers are tried in order).</summary>
    protected void ReceiveAny(Action<object> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Add(new ActionHandler<object>(handler));
    }

    /// <summary>Replaces the behavior with the handlers <paramref name="configure"/> registers.</summary>
    protected void Become(Action configure) => BecomeBehavior(Build(configure), stacked: false);

    /// <summary>Pushes the handlers <paramref name="configure"/> registers; <see cref="ActorBase.UnbecomeStacked"/> pops them.</summary>
    protected void BecomeStacked(Action configure) => BecomeBehavior(Build(configure), stacked: true);

    /// <inheritdoc/>
    protected sealed override void OnReceive(object message)
    {
        if (!TryHandle(_handlers, message))
        {
            Unhandled(message);
        }
    }

    internal static bool TryHandle(ReceiveHandler? handlers, object message)
    {
        for (var handler = handlers; handler is not null; handler = handler.Next)
        {
            if (handler.TryHandle(message))
            {
                return true;
            }
        }

        return false;
    }

    private static HandlerList Build(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var previous = _building;
        var list = new HandlerList();
        _building = list;
        try
        {
            configure();
        }
        finally
        {
            _building = previous;
        }

        return list;
    }

    private void Add(ReceiveHandler handler)
    {
        if (_building is { } list)
        {
            list.Add(handler);
            return;
        }

        if (ReferenceEquals(InternalCell.Actor, this))
        {
            throw new InvalidOperationException(
                "Receive methods may only be called in the actor's constructor or inside Become/BecomeStacked.");
        }

        if (_handlers is null)
        {
            _handlers = handler;
            return;
        }

        var last = _handlers;
        while (last.Next is not null)
        {
            last = last.Next;
        }

        last.Next = handler;
    }
}

/// <summary>The handlers of one behavior set by Become.</summary>
internal sealed class HandlerList
{
    public ReceiveHandler? First { get; private set; }

    private ReceiveHandler? _last;

    public void Add(ReceiveHandler handler)
    {
        if (_last is null)
        {
            First = handler;
        }
        else
        {
            _last.Next = handler;
        }

        _last = handler;
    }
}

/// <summary>One registered handler; handlers form a singly linked list in registration order.</summary>
internal abstract class ReceiveHandler
{
    public ReceiveHandler? Next;

    public abstract bool TryHandle(object message);
}

internal sealed class ActionHandler<T>(Action<T> action) : ReceiveHandler
{
    public override bool TryHandle(object message)
    {
        if (message is T typed)
        {
            action(typed);
            return true;
        }

        return false;
    }
}

internal sealed class PredicateHandler<T>(Predicate<T> shouldHandle, Action<T> action) : ReceiveHandler
{
    public override bool TryHandle(object message)
    {
        if (message is T typed && shouldHandle(typed))
        {
            action(typed);
            return true;
        }

        return false;
    }
}

internal sealed class AsyncHandler<T>(Func<T, Task> handler, Predicate<T>? shouldHandle) : ReceiveHandler
{
    public override bool TryHandle(object message)
    {
        if (message is T typed && (shouldHandle is null || shouldHandle(typed)))
        {
            ActorCell.Current!.RunAsyncHandler(handler, typed);
            return true;
        }

        return false;
    }
}
