using ActorRealm.Actors.Cell;
using ActorRealm.Actors.Supervision;

namespace ActorRealm.Actors;

/// <summary>
/// The untyped actor base: override <see cref="OnReceive"/>. Instances are created by the runtime
/// from <see cref="Props"/> (never with <c>new</c> outside a Props factory); a new instance replaces
/// the old one on restart.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;
    private BehaviorStack<object>? _behaviors;

    /// <summary>Binds the instance to the actor being created.</summary>
    /// <exception cref="ActorInitializationException">Created outside <c>ActorOf</c>/a Props factory.</exception>
    protected ActorBase()
    {
        _cell = ActorCell.TakeConstructing() ?? throw new ActorInitializationException(
            $"An actor ({GetType().Name}) can only be created by the runtime: use ActorOf(Props.Create(...)), not 'new'.");
    }

    internal ActorCell Cell => _cell;

    /// <summary>The actor's context.</summary>
    protected IActorContext Context => _cell;

    /// <summary>The actor's own ref.</summary>
    protected IActorRef Self => _cell;

    /// <summary>The sender of the message being processed (dead letters when none).</summary>
    protected IActorRef Sender => _cell.Sender;

    /// <summary>The strategy for this actor's children; null uses the props' strategy or the default.</summary>
    protected virtual SupervisorStrategy? SupervisorStrategy => null;

    internal SupervisorStrategy? EffectiveSupervisorStrategy => SupervisorStrategy;

    /// <summary>Handles a message; call <see cref="Unhandled"/> for messages the actor does not understand.</summary>
    protected abstract void OnReceive(object message);

    /// <summary>
    /// Reports a message the actor did not handle: published as <see cref="UnhandledMessage"/>; an
    /// unhandled <see cref="Terminated"/> throws <see cref="DeathPactException"/>.
    /// </summary>
    protected virtual void Unhandled(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is Terminated terminated)
        {
            throw new DeathPactException(terminated.ActorRef);
        }

        _cell.System.PublishUnhandled(new UnhandledMessage(message, _cell.RawSender, _cell));
    }

    /// <summary>Runs after creation, before the first message (also after a restart, via <see cref="PostRestart"/>).</summary>
    protected virtual void PreStart()
    {
    }

    /// <summary>Runs after the actor stopped (its children have stopped); not called on restart unless <see cref="PreRestart"/> does.</summary>
    protected virtual void PostStop()
    {
    }

    /// <summary>Runs on the failed instance before a restart. The default stops all children and calls <see cref="PostStop"/>.</summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.Children)
        {
            Context.Unwatch(child);
            Context.Stop(child);
        }

        PostStop();
    }

    /// <summary>Runs on the new instance after a restart. The default calls <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>Replaces the current behavior (for untyped actors; <see cref="ReceiveActor"/> has its own).</summary>
    protected void Become(Action<object> receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        BecomeBehavior(receive, stacked: false);
    }

    /// <summary>Pushes a behavior; <see cref="UnbecomeStacked"/> returns to the previous one.</summary>
    protected void BecomeStacked(Action<object> receive)
    {
        ArgumentNullException.ThrowIfNull(receive);
        BecomeBehavior(receive, stacked: true);
    }

    /// <summary>Pops the behavior pushed by a stacked become (back to the constructor's behavior at the bottom).</summary>
    protected void UnbecomeStacked() => _behaviors?.Pop();

    /// <summary>Same as <see cref="UnbecomeStacked"/> (Akka's older name).</summary>
    protected void Unbecome() => UnbecomeStacked();

    /// <summary>Sets the top of the behavior stack (an <c>Action&lt;object&gt;</c> or a <see cref="ReceiveActor"/> handler list).</summary>
    private protected void BecomeBehavior(object behavior, bool stacked)
    {
        _behaviors ??= new();
        if (stacked)
        {
            _behaviors.Push(behavior);
        }
        else
        {
            _behaviors.Become(behavior);
        }
    }

    internal void InvokeReceive(object message)
    {
        switch (_behaviors?.Current)
        {
            case null:
                OnReceive(message);
                break;
            case Action<object> receive:
                receive(message);
                break;
            case HandlerList handlers:
                if (!ReceiveActor.TryHandle(handlers.First, message))
                {
                    Unhandled(message);
                }

                break;
        }
    }

    internal void AroundPreStart() => PreStart();

    internal void AroundPostStop()
    {
        _cell.CancelTimersAndReceiveTimeout();
        PostStop();
    }

    internal void AroundPreRestart(Exception reason, object? message)
    {
        _cell.CancelTimersAndReceiveTimeout();
        _cell.UnstashAllForRestart();
        PreRestart(reason, message);
    }

    internal void AroundPostRestart(Exception reason) => PostRestart(reason);

    /// <summary>The runtime cell, for subclasses in this assembly.</summary>
    private protected ActorCell InternalCell => _cell;
}

/// <summary>A behavior stack: <c>Become</c> replaces the top, <c>BecomeStacked</c> pushes, <c>Unbecome</c> pops.</summary>
internal sealed class BehaviorStack<T>
    where T : class
{
    private readonly List<T> _stack = [];

    public T? Current => _stack.Count == 0 ? null : _stack[^1];

    public void Become(T behavior)
    {
        if (_stack.Count == 0)
        {
            _stack.Add(behavior);
        }
        else
        {
            _stack[^1] = behavior;
        }
    }

    public void Push(T behavior) => _stack.Add(behavior);

    public void Pop()
    {
        if (_stack.Count > 0)
        {
            _stack.RemoveAt(_stack.Count - 1);
        }
    }
}
