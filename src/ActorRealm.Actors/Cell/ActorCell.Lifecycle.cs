using ActorRealm.Actors.Logging;
using ActorRealm.Actors.SystemMessages;

namespace ActorRealm.Actors.Cell;

/// <summary>Creating the actor instance, and stopping: children first, then PostStop, then notifications.</summary>
internal sealed partial class ActorCell
{
    private void Create()
    {
        _flags &= ~NeedsCreate;
        try
        {
            NewActorInstance();
            _actor!.AroundPreStart();
        }
        catch (Exception e)
        {
            _actor = null;
            HandleInvokeFailure(new ActorInitializationException(this, $"exception during creation: {e.Message}", e), null);
        }
    }

    private void NewActorInstance()
    {
        var previous = _constructing;
        _constructing = this;
        ActorBase actor;
        try
        {
            actor = _props.NewActor();
        }
        finally
        {
            _constructing = previous;
        }

        if (!ReferenceEquals(actor.Cell, this))
        {
            throw new InvalidOperationException(
                $"The Props factory for {_props.ActorType} returned an instance that was not created for this actor; the factory must create a new instance with 'new'.");
        }

        if (actor is IWithStash withStash)
        {
            var stash = Extras.Stash ??= new ActorStash(this, actor is IWithUnboundedStash ? 0 : _system.Settings.StashCapacity);
            withStash.Stash = stash;
        }

        _actor = actor;
    }

    /// <summary>Handles <see cref="Terminate"/>: stop children, and finish once they are all gone.</summary>
    private void BeginTerminate()
    {
        if ((_flags & (Terminating | TerminatedFlag)) != 0)
        {
            return;
        }

        _flags = (_flags | Terminating) & ~NeedsCreate;
        SuspendSelf();
        if (!StopAllChildren())
        {
            FinishTerminate();
        }
    }

    private void FinishTerminate()
    {
        var actor = _actor;
        try
        {
            actor?.AroundPostStop();
        }
        catch (Exception e)
        {
            RuntimeLog.PostStopFailed(_system.Log, e, this);
        }
        finally
        {
            CancelTimersAndReceiveTimeout();
            _flags |= TerminatedFlag;
            _actor = null;
            CloseMailbox();
            DropStash();
            _parent.SendSystemMessage(new DeathWatchNotification(this, ExistenceConfirmed: true, AddressTerminated: false));
            TellWatchersWeDied();
            UnwatchWatchedActors();
            if (_extras is { } extras)
            {
                if (extras.SubscribedToEventStream)
                {
                    _system.EventStream.Unsubscribe(this);
                }

                if (extras.AddressTerminatedSubscribed)
                {
                    _system.AddressTerminatedTopic.Unsubscribe(this);
                }

                extras.Children = null;
                extras.Timers = null;
                extras.FailureCause = null;
                extras.FailedMessage = null;
            }

            _currentSender = null;
        }
    }

    private void DropStash()
    {
        var extras = _extras;
        if (extras is null)
        {
            return;
        }

        while (extras.Unstashed is { Count: > 0 } unstashed)
        {
            var envelope = unstashed.Pop();
            _system.DeadLetter(envelope.Message, envelope.Sender, this);
        }

        extras.Stash?.DropAll();
    }
}
