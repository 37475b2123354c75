using ActorRealm.Actors;
using ActorRealm.Actors.SystemMessages;
using Xunit.Sdk;

namespace ActorRealm.TestKit;

/// <summary>
/// An actor ref whose messages the test inspects: <c>ExpectMsg</c>, <c>ExpectNoMsg</c>,
/// <c>FishForMessage</c>, <c>ReceiveWhile</c>, <c>ExpectTerminated</c>. Pass it wherever an
/// <see cref="IActorRef"/> is expected. In real-time mode expectations block with a deadline; in
/// virtual-time mode they run the simulation instead.
/// </summary>
public sealed class TestProbe : IInternalActorRef
{
    private readonly ProbeQueue _queue = new();
    private readonly IInternalActorRef _ref;

    internal TestProbe(ActorSystem system, TestClock clock, string? name)
    {
        Clock = clock;
        System = system;
        _ref = (IInternalActorRef)system.ActorOf(Props.Create(() => new ProbeActor(_queue)), name);
    }

    /// <summary>The underlying actor.</summary>
    public IActorRef Ref => _ref;

    /// <summary>The clock expectations wait on.</summary>
    public TestClock Clock { get; }

    /// <inheritdoc/>
    public ActorSystem System { get; }

    /// <summary>The sender of the last received message (dead letters if none).</summary>
    public IActorRef Sender { get; private set; } = ActorRef.NoSender;

    /// <summary>The last received message.</summary>
    public object? LastMessage { get; private set; }

    /// <inheritdoc/>
    public ActorPath Path => _ref.Path;

    /// <inheritdoc/>
    public bool IsLocal => true;

    /// <inheritdoc/>
    public bool IsTerminated => _ref.IsTerminated;

    /// <summary>Messages received and not yet expected.</summary>
    public int QueuedCount => _queue.Count;

    /// <inheritdoc/>
    public void Tell(object message, IActorRef? sender = null) => _ref.Tell(message, sender);

    /// <inheritdoc/>
    public void SendSystemMessage(SystemMessage message) => _ref.SendSystemMessage(message);

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with this probe as sender.</summary>
    public void Send(IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(message, _ref);
    }

    /// <summary>Replies to the sender of the last message, with this probe as sender.</summary>
    public void Reply(object message) => Sender.Tell(message, _ref);

    /// <summary>Forwards the last message to <paramref name="target"/> keeping its original sender.</summary>
    public void Forward(IActorRef target)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(LastMessage ?? throw new InvalidOperationException("No message received yet."), Sender);
    }

    /// <summary>Watches <paramref name="target"/> (then use <see cref="ExpectTerminated"/>).</summary>
    public IActorRef Watch(IActorRef target)
    {
        _ref.Tell(new ProbeActor.WatchCommand(target, Watch: true), ActorRef.NoSender);
        return target;
    }

    /// <summary>Stops watching <paramref name="target"/>.</summary>
    public IActorRef Unwatch(IActorRef target)
    {
        _ref.Tell(new ProbeActor.WatchCommand(target, Watch: false), ActorRef.NoSender);
        return target;
    }

    /// <summary>Receives the next message within the timeout, or null.</summary>
    public object? ReceiveOne(TimeSpan? timeout = null)
    {
        return WaitForMessage(Clock.Resolve(timeout)) ? TakeNow() : null;
    }

    /// <summary>Expects a message of type <typeparamref name="T"/> within the timeout.</summary>
    public T ExpectMsg<T>(TimeSpan? timeout = null) => ExpectMsg<T>(static _ => true, timeout, "any");

    /// <summary>Expects a message of type <typeparamref name="T"/> equal to <paramref name="expected"/>.</summary>
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null) =>
        ExpectMsg<T>(m => EqualityComparer<T>.Default.Equals(m, expected), timeout, $"equal to {expected}");

    /// <summary>Expects a message of type <typeparamref name="T"/> matching <paramref name="predicate"/>.</summary>
    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null) => ExpectMsg(predicate, timeout, "matching the predicate");

    private T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout, string what)
    {
        var wait = Clock.Resolve(timeout);
        var message = ReceiveOne(wait) ?? throw new XunitException($"Timeout ({wait}) while waiting for a {typeof(T).Name} {what} at {Path}.");
        if (message is not T typed)
        {
            throw new XunitException($"Expected a {typeof(T).Name} {what} at {Path} but got {message.GetType().Name}: {message}.");
        }

        if (!predicate(typed))
        {
            throw new XunitException($"Expected a {typeof(T).Name} {what} at {Path} but got: {message}.");
        }

        return typed;
    }

    /// <summary>Expects no message for <paramref name="duration"/> (virtual mode: runs the simulation that long).</summary>
    public void ExpectNoMsg(TimeSpan duration)
    {
        if (WaitForMessage(Clock.Resolve(duration)) && TakeNow() is { } unexpected)
        {
            throw new XunitException($"Expected no message at {Path} for {duration} but got {unexpected.GetType().Name}: {unexpected}.");
        }
    }

    /// <summary>Receives messages until one of type <typeparamref name="T"/> satisfies <paramref name="isTheOne"/>; others are dropped.</summary>
    public T FishForMessage<T>(Predicate<T> isTheOne, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(isTheOne);
        var end = Clock.Now + Clock.Resolve(timeout);
        var seen = new List<object>();
        while (true)
        {
            var left = end - Clock.Now;
            var message = left > TimeSpan.Zero ? ReceiveOne(left) : null;
            if (message is null)
            {
                throw new XunitException($"Timeout while fishing for a {typeof(T).Name} at {Path}; skipped: [{string.Join(", ", seen)}].");
            }

            if (message is T typed && isTheOne(typed))
            {
                return typed;
            }

            seen.Add(message);
        }
    }

    /// <summary>
    /// Receives messages while <paramref name="filter"/> maps them to a value (non-null), up to
    /// <paramref name="maxMessages"/>, within <paramref name="max"/>, stopping after <paramref name="idle"/>
    /// without a message. The first message it rejects stays queued.
    /// </summary>
    public IReadOnlyList<T> ReceiveWhile<T>(Func<object, T?> filter, TimeSpan? max = null, TimeSpan? idle = null, int maxMessages = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var end = Clock.Now + Clock.Resolve(max);
        var results = new List<T>();
        while (results.Count < maxMessages)
        {
            var left = end - Clock.Now;
            if (left <= TimeSpan.Zero || !WaitForMessage(idle is { } i && i < left ? i : left))
            {
                break;
            }

            _queue.TryPeek(out var item);
            if (filter(item.Message) is not { } value)
            {
                break;
            }

            _queue.TryTake(out item);
            Record(item);
            results.Add(value);
        }

        return results;
    }

    /// <summary>Receives exactly <paramref name="count"/> messages within the timeout.</summary>
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? timeout = null)
    {
        var end = Clock.Now + Clock.Resolve(timeout);
        var results = new List<object>(count);
        while (results.Count < count)
        {
            var left = end - Clock.Now;
            var message = left > TimeSpan.Zero ? ReceiveOne(left) : null;
            results.Add(message ?? throw new XunitException($"Timeout at {Path}: received {results.Count} of {count} messages."));
        }

        return results;
    }

    /// <summary>Expects <see cref="Terminated"/> for <paramref name="target"/> (the probe must <see cref="Watch"/> it).</summary>
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        return ExpectMsg<Terminated>(t => t.ActorRef.Equals(target), timeout, $"for {target}");
    }

    private bool WaitForMessage(TimeSpan timeout)
    {
        if (_queue.Count > 0)
        {
            return true;
        }

        return Clock.Simulation is { } sim ? sim.RunUntil(() => _queue.Count > 0, timeout) : _queue.WaitForAny(timeout);
    }

    private object? TakeNow() => _queue.TryTake(out var item) ? Record(item) : null;

    private object Record((object Message, IActorRef? Sender) item)
    {
        LastMessage = item.Message;
        Sender = item.Sender ?? System.DeadLetters;
        return item.Message;
    }

    /// <inheritdoc/>
    public bool Equals(IActorRef? other) => other is not null && (ReferenceEquals(this, other) || _ref.Equals(other is TestProbe p ? p._ref : other));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is IActorRef other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _ref.GetHashCode();

    /// <inheritdoc/>
    public override string ToString() => $"TestProbe{_ref}";

    /// <summary>The probe's actor: queues every message (including Terminated) for the test.</summary>
    private sealed class ProbeActor : ActorBase
    {
        private readonly ProbeQueue _queue;

        public ProbeActor(ProbeQueue queue) => _queue = queue;

        public sealed record WatchCommand(IActorRef Target, bool Watch);

        protected override void OnReceive(object message)
        {
            if (message is WatchCommand command)
            {
                if (command.Watch)
                {
                    Context.Watch(command.Target);
                }
                else
                {
                    Context.Unwatch(command.Target);
                }

                return;
            }

            _queue.Add(message, ReferenceEquals(Sender, Context.System.DeadLetters) ? null : Sender);
        }
    }
}
