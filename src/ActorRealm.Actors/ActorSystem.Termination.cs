using ActorRealm.Actors.Logging;

namespace ActorRealm.Actors;

/// <summary>Termination and dead letters.</summary>
public sealed partial class ActorSystem
{
    private readonly DeadLetterLog _deadLetterLog;

    /// <summary>
    /// Terminates the system: runs <see cref="CoordinatedShutdown"/> (all phases, the last one stopping
    /// every actor, <c>/user</c> before <c>/system</c>) and completes when the system is terminated.
    /// Calling it again returns the same task.
    /// </summary>
    public Task Terminate()
    {
        _ = CoordinatedShutdown.Run(CoordinatedShutdownReason.ActorSystemTerminate);
        return WhenTerminated;
    }

    /// <summary>Stops the hierarchy (the last coordinated-shutdown phase); returns <see cref="WhenTerminated"/>.</summary>
    internal Task FinalTerminate()
    {
        if (Interlocked.Exchange(ref _terminating, 1) == 0)
        {
            RuntimeLog.Terminating(Log, Name);
            _local.BeginTermination();
        }

        return WhenTerminated;
    }

    /// <summary>Completes termination when the root guardian has stopped.</summary>
    internal void OnRootTerminated()
    {
        Volatile.Write(ref _terminating, 1);
        _scheduler.Stop();
        if (_terminated.TrySetResult())
        {
            RuntimeLog.Terminated(Log, Name);
        }
    }

    /// <summary>Forces termination to complete when actors did not stop in time (logged).</summary>
    internal void ForceTerminated()
    {
        _scheduler.Stop();
        _terminated.TrySetResult();
    }

    /// <summary>Publishes an undeliverable message as a <see cref="Actors.DeadLetter"/> (never a dead letter of a dead letter).</summary>
    internal void DeadLetter(object message, IActorRef? sender, IActorRef recipient)
    {
        switch (message)
        {
            case Actors.DeadLetter or UnhandledMessage:
                return;
            case Identify identify:
                // A dead actor still answers Identify: with no subject.
                sender?.Tell(new ActorIdentity(identify.MessageId, null), DeadLetters);
                return;
            default:
                PublishDeadLetter(new DeadLetter(message, sender, recipient));
                return;
        }
    }

    internal void PublishDeadLetter(DeadLetter deadLetter)
    {
        _deadLetterLog.Record(deadLetter);
        EventStream.Publish(deadLetter);
    }

    /// <summary>Logs dead letters at most N per interval, then a summary of how many were suppressed.</summary>
    private sealed class DeadLetterLog(ActorSystem system)
    {
        private readonly Lock _gate = new();
        private long _windowStart = long.MinValue;
        private int _logged;
        private long _suppressed;

        public void Record(DeadLetter deadLetter)
        {
            var max = system.Settings.DeadLetterLogMaxPerInterval;
            if (max <= 0 || deadLetter.Message is IDeadLetterSuppression || !system.Log.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information))
            {
                return;
            }

            long suppressedBefore = 0;
            bool log;
            lock (_gate)
            {
                var now = system.TimeProvider.GetTimestamp();
                if (_windowStart == long.MinValue || system.TimeProvider.GetElapsedTime(_windowStart, now) >= system.Settings.DeadLetterLogInterval)
                {
                    suppressedBefore = _suppressed;
                    _windowStart = now;
                    _logged = 0;
                    _suppressed = 0;
                }

                log = _logged < max;
                if (log)
                {
                    _logged++;
                }
                else
                {
                    _suppressed++;
                }
            }

            if (suppressedBefore > 0)
            {
                RuntimeLog.DeadLettersSuppressed(system.Log, suppressedBefore, system.Settings.DeadLetterLogInterval);
            }

            if (log)
            {
                RuntimeLog.DeadLetterLogged(system.Log, deadLetter.Message.GetType(), deadLetter.Sender, deadLetter.Recipient);
            }
        }
    }
}
