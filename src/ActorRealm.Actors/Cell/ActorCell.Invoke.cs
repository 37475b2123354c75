using System.Runtime.ExceptionServices;
using ActorRealm.Actors.Logging;
using ActorRealm.Actors.SystemMessages;

namespace ActorRealm.Actors.Cell;

/// <summary>Delivering messages to the actor, and dispatching system messages.</summary>
internal sealed partial class ActorCell
{
    private void Invoke(object message, IActorRef? sender)
    {
        _currentSender = sender;
        if (_extras?.Stash is { } stash)
        {
            stash.SetCurrent(message, sender);
        }

        try
        {
            _system.DeliveryObserver?.Invoke(this, message, sender);
            if (message is IAutoReceivedMessage)
            {
                AutoReceive(message);
            }
            else
            {
                _actor!.InvokeReceive(message);
            }

            if (_extras is { } extras && extras.ReceiveTimeout is { } receiveTimeout && InfluencesReceiveTimeout(message))
            {
                receiveTimeout.Restart();
            }
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e, message);
        }
        finally
        {
            if ((_flags & AsyncPending) == 0)
            {
                _currentSender = null;
            }
        }
    }

    private void AutoReceive(object message)
    {
        switch (message)
        {
            case Terminated terminated:
                ReceivedTerminated(terminated);
                break;
            case PoisonPill:
                SendSystemMessage(Terminate.Instance);
                break;
            case Kill:
                throw new ActorKilledException("Kill");
            case Identify identify:
                Sender.Tell(new ActorIdentity(identify.MessageId, this), this);
                break;
            case TimerMessage timer:
                if (_extras?.Timers?.Accept(timer) == true)
                {
                    _actor!.InvokeReceive(timer.Message);
                }

                break;
            case ReceiveTimeoutTick:
                if (_extras?.ReceiveTimeout?.Accept() == true)
                {
                    _actor!.InvokeReceive(Actors.ReceiveTimeout.Instance);
                }

                break;
            default:
                _actor!.InvokeReceive(message);
                break;
        }
    }

    private static bool InfluencesReceiveTimeout(object message) =>
        message is not INotInfluenceReceiveTimeout && (message is not TimerMessage timer || timer.Message is not INotInfluenceReceiveTimeout);

    private void ProcessSystemMessage(SystemMessage message)
    {
        try
        {
            switch (message)
            {
                case Failed failed:
                    HandleFailedChild(failed);
                    break;
                case DeathWatchNotification notification:
                    HandleDeathWatchNotification(notification);
                    break;
                case Watch watch:
                    AddWatcher(watch.Watchee, watch.Watcher);
                    break;
                case Unwatch unwatch:
                    RemoveWatcher(unwatch.Watchee, unwatch.Watcher);
                    break;
                case Terminate:
                    BeginTerminate();
                    break;
                case Suspend:
                    HandleSuspend();
                    break;
                case Resume resume:
                    HandleResume(resume.CausedByFailure);
                    break;
                case Recreate recreate:
                    FaultRecreate(recreate.Cause);
                    break;
                case AsyncContinuation continuation:
                    RunAsyncContinuation(continuation);
                    break;
                case AsyncCompleted completed:
                    HandleAsyncCompleted(completed);
                    break;
                case AddressTerminatedNotice notice:
                    HandleAddressTerminated(notice.Address);
                    break;
                default:
                    RuntimeLog.UnknownSystemMessage(_system.Log, this, message.GetType());
                    break;
            }
        }
        catch (EscalationException escalation)
        {
            HandleInvokeFailure(escalation.Cause, null, escalation.Child);
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e, null);
        }
    }

    /// <summary>Thrown by a parent whose strategy escalates a child's failure.</summary>
    private sealed class EscalationException(Exception cause, IActorRef child) : Exception(cause.Message, cause)
    {
        public Exception Cause { get; } = cause;

        public IActorRef Child { get; } = child;
    }

    /// <summary>Rethrows with the original stack (used when a handler's task faulted).</summary>
    private static void Rethrow(Exception e) => ExceptionDispatchInfo.Capture(e).Throw();
}
