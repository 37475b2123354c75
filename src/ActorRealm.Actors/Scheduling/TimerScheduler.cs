using ActorRealm.Actors.Cell;

namespace ActorRealm.Actors;

/// <summary>
/// Per-actor timers by key (<see cref="IActorContext.Timers"/>). Starting a timer with a key in use
/// replaces it; a replaced or cancelled timer's message is never delivered, even if already queued.
/// All timers are cancelled when the actor stops or restarts.
/// </summary>
public interface ITimerScheduler
{
    /// <summary>The keys of the active timers.</summary>
    IReadOnlyCollection<object> ActiveTimers { get; }

    /// <summary>Sends <paramref name="message"/> to the actor once after <paramref name="delay"/>.</summary>
    void StartSingleTimer(object key, object message, TimeSpan delay);

    /// <summary>Sends <paramref name="message"/> to the actor every <paramref name="interval"/>.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan interval);

    /// <summary>Sends <paramref name="message"/> after <paramref name="initialDelay"/> and then every <paramref name="interval"/>.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);

    /// <summary>True if a timer with this key is active.</summary>
    bool IsTimerActive(object key);

    /// <summary>Cancels the timer with this key, if any.</summary>
    void Cancel(object key);

    /// <summary>Cancels every timer.</summary>
    void CancelAll();
}

/// <summary>A timer's message in flight, checked against the timer's current generation on arrival.</summary>
internal sealed record TimerMessage(object Key, int Generation, object Message, TimerScheduler Owner) : IAutoReceivedMessage, IDeadLetterSuppression;

internal sealed class TimerScheduler(ActorCell cell) : ITimerScheduler
{
    private readonly Dictionary<object, Entry> _timers = [];
    private int _generation;

    public IReadOnlyCollection<object> ActiveTimers => [.. _timers.Keys];

    public void StartSingleTimer(object key, object message, TimeSpan delay) => Start(key, message, delay, null);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) => Start(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval) => Start(key, message, initialDelay, interval);

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var entry))
        {
            entry.Cancelable.Cancel();
        }
    }

    public void CancelAll()
    {
        foreach (var entry in _timers.Values)
        {
            entry.Cancelable.Cancel();
        }

        _timers.Clear();
    }

    /// <summary>True if the arriving message belongs to the timer's current generation (a single timer is then done).</summary>
    public bool Accept(TimerMessage message)
    {
        if (!ReferenceEquals(message.Owner, this) ||
            !_timers.TryGetValue(message.Key, out var entry) ||
            entry.Generation != message.Generation)
        {
            return false;
        }

        if (!entry.Repeating)
        {
            _timers.Remove(message.Key);
        }

        return true;
    }

    private void Start(object key, object message, TimeSpan delay, TimeSpan? interval)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        Cancel(key);
        var generation = ++_generation;
        var envelope = new TimerMessage(key, generation, message, this);
        var scheduler = cell.System.Scheduler;
        var cancelable = interval is { } period
            ? scheduler.ScheduleTellRepeatedly(delay, period, cell, envelope, ActorRef.NoSender)
            : scheduler.ScheduleTellOnce(delay, cell, envelope, ActorRef.NoSender);
        _timers[key] = new Entry(generation, cancelable, interval is not null);
    }

    private readonly record struct Entry(int Generation, ICancelable Cancelable, bool Repeating);
}

/// <summary>The receive-timeout clock tick; the actor checks whether it really was idle long enough.</summary>
internal sealed class ReceiveTimeoutTick : IAutoReceivedMessage, INotInfluenceReceiveTimeout, IDeadLetterSuppression
{
    public static ReceiveTimeoutTick Instance { get; } = new();
}

/// <summary>
/// Receive timeout without a timer operation per message: each message only records the time;
/// the timer, when it fires, compares and re-arms for the remainder.
/// </summary>
internal sealed class ReceiveTimeoutState
{
    private readonly ActorCell _cell;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private long _lastActivity;

    public ReceiveTimeoutState(ActorCell cell, TimeSpan timeout)
    {
        _cell = cell;
        _time = cell.System.TimeProvider;
        Timeout = timeout;
        _lastActivity = _time.GetTimestamp();
        _timer = _time.CreateTimer(static s => ((ActorCell)s!).Tell(ReceiveTimeoutTick.Instance, ActorRef.NoSender), cell, timeout, System.Threading.Timeout.InfiniteTimeSpan);
    }

    public TimeSpan Timeout { get; }

    public void Restart() => _lastActivity = _time.GetTimestamp();

    /// <summary>On a tick: true if idle for the whole timeout (the clock restarts); otherwise re-arms for the rest.</summary>
    public bool Accept()
    {
        var idle = _time.GetElapsedTime(_lastActivity);
        if (idle >= Timeout)
        {
            _lastActivity = _time.GetTimestamp();
            _timer.Change(Timeout, System.Threading.Timeout.InfiniteTimeSpan);
            return true;
        }

        _timer.Change(Timeout - idle, System.Threading.Timeout.InfiniteTimeSpan);
        return false;
    }

    public void Cancel() => _timer.Dispose();
}
