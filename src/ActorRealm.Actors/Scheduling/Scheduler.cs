using ActorRealm.Actors.Logging;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Actors;

/// <summary>Something scheduled that can be cancelled.</summary>
public interface ICancelable
{
    /// <summary>True once cancelled.</summary>
    bool IsCancellationRequested { get; }

    /// <summary>Cancels it; what has not run yet will not run (a message already sent stays sent).</summary>
    void Cancel();
}

/// <summary>
/// The system scheduler. All time comes from the system's <see cref="TimeProvider"/>, so under a
/// virtual clock scheduled work runs when the simulation advances time.
/// </summary>
public interface IScheduler
{
    /// <summary>The clock the scheduler runs on.</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>Sends <paramref name="message"/> to <paramref name="receiver"/> once after <paramref name="delay"/>.</summary>
    ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender = null);

    /// <summary>Sends <paramref name="message"/> after <paramref name="initialDelay"/> and then every <paramref name="interval"/>.</summary>
    ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender = null);

    /// <summary>Runs <paramref name="action"/> once after <paramref name="delay"/> (exceptions are logged). Prefer messages to actors.</summary>
    ICancelable ScheduleOnce(TimeSpan delay, Action action);

    /// <summary>Runs <paramref name="action"/> after <paramref name="initialDelay"/> and then every <paramref name="interval"/>.</summary>
    ICancelable ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action);
}

/// <summary>The scheduler on <see cref="TimeProvider.CreateTimer"/>; it stops firing once the system has terminated.</summary>
internal sealed class TimeProviderScheduler(TimeProvider timeProvider, ILogger log) : IScheduler
{
    private volatile bool _stopped;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public void Stop() => _stopped = true;

    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        var resolved = ActorRef.ResolveSender(sender) ?? ActorRef.NoSender;
        return Schedule(delay, Timeout.InfiniteTimeSpan, () => receiver.Tell(message, resolved));
    }

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender = null)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        var resolved = ActorRef.ResolveSender(sender) ?? ActorRef.NoSender;
        return Schedule(initialDelay, interval, () => receiver.Tell(message, resolved));
    }

    public ICancelable ScheduleOnce(TimeSpan delay, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Schedule(delay, Timeout.InfiniteTimeSpan, action);
    }

    public ICancelable ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return Schedule(initialDelay, interval, action);
    }

    private ScheduledWork Schedule(TimeSpan delay, TimeSpan period, Action action)
    {
        var work = new ScheduledWork(this, action, period == Timeout.InfiniteTimeSpan);
        work.Start(TimeProvider, delay < TimeSpan.Zero ? TimeSpan.Zero : delay, period);
        return work;
    }

    private sealed class ScheduledWork(TimeProviderScheduler scheduler, Action action, bool once) : ICancelable
    {
        private ITimer? _timer;
        private volatile bool _cancelled;

        public bool IsCancellationRequested => _cancelled;

        public void Start(TimeProvider timeProvider, TimeSpan delay, TimeSpan period)
        {
            var timer = timeProvider.CreateTimer(static s => ((ScheduledWork)s!).Fire(), this, delay, period);
            _timer = timer;
            if (_cancelled)
            {
                timer.Dispose();
            }
        }

        public void Cancel()
        {
            _cancelled = true;
            _timer?.Dispose();
        }

        private void Fire()
        {
            if (_cancelled || scheduler._stopped)
            {
                Cancel();
                return;
            }

            if (once)
            {
                _cancelled = true;
                _timer?.Dispose();
            }

            try
            {
                action();
            }
            catch (Exception e)
            {
                RuntimeLog.ScheduledActionFailed(scheduler.Log, e);
            }
        }
    }

    private ILogger Log { get; } = log;
}
