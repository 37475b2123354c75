using ActorRealm.Actors.Logging;
using ActorRealm.Actors.Supervision;
using ActorRealm.Actors.SystemMessages;

namespace ActorRealm.Actors.Cell;

/// <summary>
/// Failure and restart, as in Akka: a failing actor suspends itself and its children and reports
/// <see cref="Failed"/> to its parent, whose strategy answers with resume, restart, stop or escalate.
/// </summary>
internal sealed partial class ActorCell
{
    /// <summary>Called for any exception thrown while processing a message for this actor.</summary>
    internal void HandleInvokeFailure(Exception cause, object? message, IActorRef? perpetrator = null)
    {
        if ((_flags & (Terminating | TerminatedFlag)) != 0)
        {
            RuntimeLog.FailureWhileStopping(_system.Log, cause, this);
            return;
        }

        if ((_flags & FailedFlag) != 0)
        {
            RuntimeLog.FailureWhileFailed(_system.Log, cause, this);
            return;
        }

        _flags |= FailedFlag;
        var extras = Extras;
        extras.FailureCause = cause;
        extras.FailedMessage = message;
        extras.Perpetrator = perpetrator;
        SuspendSelf();
        foreach (var child in ChildrenSnapshot())
        {
            if (!ReferenceEquals(child, perpetrator))
            {
                child.SendSystemMessage(Suspend.Instance);
            }
        }

        _parent.SendSystemMessage(new Failed(this, cause, _uid, Escalated: perpetrator is not null));
    }

    /// <summary>A child failed: apply our strategy (or rethrow to escalate).</summary>
    private void HandleFailedChild(Failed failed)
    {
        if (failed.Child is not ActorCell child || !IsLiveChild(child) || child.Uid != failed.Uid)
        {
            return;
        }

        if ((_flags & Terminating) != 0)
        {
            return;
        }

        var strategy = EffectiveSupervisorStrategy();
        var children = Extras.Children!;
        if (!strategy.HandleFailure(this, child, failed.Cause, failed.Escalated, children.StatsFor(child), children))
        {
            throw new EscalationException(failed.Cause, child);
        }
    }

    private SupervisorStrategy EffectiveSupervisorStrategy() =>
        _actor?.EffectiveSupervisorStrategy ?? _props.SupervisorStrategy ?? SupervisorStrategy.Default;

    /// <summary>Directive Resume: the child continues with its state, from the next message.</summary>
    internal static void ResumeChild(IActorRef child, Exception cause) =>
        ((ISystemMessageTarget)child).SendSystemMessage(new Resume(cause));

    /// <summary>Directive Restart; <paramref name="suspendFirst"/> for siblings restarted by all-for-one.</summary>
    internal static void RestartChild(IActorRef child, Exception cause, bool suspendFirst)
    {
        var target = (ISystemMessageTarget)child;
        if (suspendFirst)
        {
            target.SendSystemMessage(Suspend.Instance);
        }

        target.SendSystemMessage(new Recreate(cause));
    }

    private void HandleSuspend()
    {
        if ((_flags & Terminating) != 0)
        {
            return;
        }

        SuspendSelf();
        foreach (var child in ChildrenSnapshot())
        {
            child.SendSystemMessage(Suspend.Instance);
        }
    }

    private void HandleResume(Exception? causedByFailure)
    {
        if ((_flags & Terminating) != 0)
        {
            return;
        }

        if (causedByFailure is not null && (_flags & FailedFlag) != 0 && _actor is null)
        {
            // Resuming an actor whose creation failed means creating it again.
            FaultRecreate(causedByFailure);
            return;
        }

        var perpetrator = _extras?.Perpetrator;
        if (causedByFailure is not null)
        {
            if ((_flags & FailedFlag) == 0)
            {
                return;
            }

            ClearFailed();
        }

        ResumeSelf();
        foreach (var child in ChildrenSnapshot())
        {
            child.SendSystemMessage(new Resume(ReferenceEquals(child, perpetrator) ? causedByFailure : null));
        }
    }

    private void ClearFailed()
    {
        _flags &= ~FailedFlag;
        if (_extras is { } extras)
        {
            extras.FailureCause = null;
            extras.FailedMessage = null;
            extras.Perpetrator = null;
        }
    }

    /// <summary>Directive Restart: PreRestart on the old instance, wait for stopping children, then a new instance.</summary>
    private void FaultRecreate(Exception cause)
    {
        if ((_flags & Terminating) != 0)
        {
            return;
        }

        var failedActor = _actor;
        if (failedActor is not null)
        {
            try
            {
                failedActor.AroundPreRestart(cause, _extras?.FailedMessage);
            }
            catch (Exception e)
            {
                RuntimeLog.PreRestartFailed(_system.Log, e, this);
            }

            _actor = null;
        }
        else
        {
            // Creation failed: anything its constructor started must not outlive it.
            CancelTimersAndReceiveTimeout();
        }

        if (Extras.Children?.HasStoppingChildren == true)
        {
            _flags |= Recreating;
            Extras.RecreateCause = cause;
        }
        else
        {
            FinishRecreate(cause);
        }
    }

    private void FinishRecreate(Exception cause)
    {
        _flags &= ~Recreating;
        if (_extras is { } extras)
        {
            extras.RecreateCause = null;
        }

        ClearFailed();
        ResumeSelf();
        var survivors = ChildrenSnapshot();
        try
        {
            NewActorInstance();
            _actor!.AroundPostRestart(cause);
        }
        catch (Exception e)
        {
            _actor = null;
            HandleInvokeFailure(new ActorInitializationException(this, $"exception during restart after {cause.GetType().Name}: {e.Message}", e), null);
            return;
        }

        foreach (var child in survivors)
        {
            RestartChild(child, cause, suspendFirst: false);
        }
    }
}
