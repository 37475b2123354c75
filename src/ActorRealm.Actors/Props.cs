using ActorRealm.Actors.Supervision;

namespace ActorRealm.Actors;

/// <summary>
/// The recipe for an actor: how to create an instance (a plain factory delegate, used again on
/// every restart), and where it runs (dispatcher, mailbox, supervisor strategy for its children).
/// Immutable; the <c>With*</c> methods return copies.
/// </summary>
public sealed class Props
{
    private readonly Func<ActorBase> _factory;

    private Props(Type actorType, Func<ActorBase> factory, string? dispatcher, int mailboxCapacity, SupervisorStrategy? supervisorStrategy)
    {
        ActorType = actorType;
        _factory = factory;
        Dispatcher = dispatcher;
        MailboxCapacity = mailboxCapacity;
        SupervisorStrategy = supervisorStrategy;
    }

    /// <summary>The actor class.</summary>
    public Type ActorType { get; }

    /// <summary>The dispatcher id, or null for the default dispatcher.</summary>
    public string? Dispatcher { get; }

    /// <summary>The bounded mailbox capacity, or 0 for an unbounded mailbox.</summary>
    public int MailboxCapacity { get; }

    /// <summary>The strategy supervising the actor's children, or null for the actor's own or the default.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    /// <summary>Props for an actor with a parameterless constructor.</summary>
    public static Props Create<TActor>()
        where TActor : ActorBase, new() =>
        new(typeof(TActor), static () => new TActor(), null, 0, null);

    /// <summary>Props for an actor built by <paramref name="factory"/> (e.g. <c>() => new Worker(a, b)</c>); it runs again on each restart.</summary>
    public static Props Create<TActor>(Func<TActor> factory)
        where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new(typeof(TActor), factory, null, 0, null);
    }

    /// <summary>Runs the actor on the named dispatcher (configured under <c>actorrealm.actor.dispatchers</c>).</summary>
    public Props WithDispatcher(string dispatcherId)
    {
        ArgumentException.ThrowIfNullOrEmpty(dispatcherId);
        return new(ActorType, _factory, dispatcherId, MailboxCapacity, SupervisorStrategy);
    }

    /// <summary>
    /// Gives the actor a bounded mailbox of <paramref name="capacity"/> user messages (0 = unbounded).
    /// When full, a new message goes to dead letters with a warning; the sender is never blocked.
    /// </summary>
    public Props WithMailbox(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        return new(ActorType, _factory, Dispatcher, capacity, SupervisorStrategy);
    }

    /// <summary>Supervises the actor's children with <paramref name="strategy"/>.</summary>
    public Props WithSupervisorStrategy(SupervisorStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return new(ActorType, _factory, Dispatcher, MailboxCapacity, strategy);
    }

    /// <summary>Runs the factory (the caller has set up the construction context).</summary>
    internal ActorBase NewActor() =>
        _factory() ?? throw new InvalidOperationException($"The factory of Props for {ActorType} returned null.");

    /// <inheritdoc/>
    public override string ToString() => $"Props({ActorType.Name}, dispatcher={Dispatcher ?? "default"}, mailbox={(MailboxCapacity == 0 ? "unbounded" : MailboxCapacity)})";
}
