using ActorRealm.Actors.Logging;

namespace ActorRealm.Actors;

/// <summary>Termination and dead letters.</summary>
public sealed partial class ActorSystem
{
    private readonly DeadLetterLog _deadLetterLog;
    private readonly LogLimiter _mailboxFullLog;

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

    /// <summary>Logs that a bounded mailbox overflowed, rate-limited like dead letters: an overloaded actor must not flood the log.</summary>
    internal void LogMailboxFull(IActorRef actor, int capacity, Type messageType)
    {
        var log = _mailboxFullLog.Admit(Microsoft.Extensions.Logging.LogLevel.Warning, out var suppressedBefore);
        if (suppressedBefore > 0)
        {
            RuntimeLog.MailboxFullSuppressed(Log, suppressedBefore, Settings.DeadLetterLogInterval);
        }

        if (log)
        {
            RuntimeLog.MailboxFull(Log, actor, capacity, messageType);
        }
    }

    /// <summary>Logs dead letters at most N per interval, then a summary of how many were suppressed.</summary>
    private sealed class DeadLetterLog(ActorSystem system)
    {
        private readonly LogLimiter _limiter = new(system);

        public void Record(DeadLetter deadLetter)
        {
            if (deadLetter.Message is IDeadLetterSuppression)
            {
                return;
            }

            var log = _limiter.Admit(Microsoft.Extensions.Logging.LogLevel.Information, out var suppressedBefore);
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

    /// <summary>
    /// Admits at most <see cref="ActorSettings.DeadLetterLogMaxPerInterval"/> log lines per
    /// <see cref="ActorSettings.DeadLetterLogInterval"/> and counts the rest, reported when the next window opens.
    /// </summary>
    private sealed class LogLimiter(ActorSystem system)
    {
        private readonly Lock _gate = new();
        private long _windowStart = long.MinValue;
        private int _logged;
        private long _suppressed;

        public bool Admit(Microsoft.Extensions.Logging.LogLevel level, out long suppressedBefore)
        {
            suppressedBefore = 0;
            var max = system.Settings.DeadLetterLogMaxPerInterval;
            if (max <= 0 || !system.Log.IsEnabled(level))
            {
                return false;
            }

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

                if (_logged < max)
                {
                    _logged++;
                    return true;
                }

                _suppressed++;
                return false;
            }
        }
    }
}
