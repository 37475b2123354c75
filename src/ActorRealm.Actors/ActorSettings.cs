namespace ActorRealm.Actors;

/// <summary>Which strategy the <c>/user</c> guardian applies to failing top-level actors.</summary>
public enum GuardianStrategy
{
    /// <summary>The default strategy (restart, stop on initialization/kill/death-pact); escalations are stopped.</summary>
    Default,

    /// <summary>Stop every failing top-level actor.</summary>
    Stopping,
}

/// <summary>A dispatcher: how many messages an actor processes per turn before yielding its thread.</summary>
/// <param name="Id">The dispatcher id used in <see cref="Props.WithDispatcher"/>.</param>
/// <param name="Throughput">Messages processed per actor per turn.</param>
/// <param name="ThroughputDeadline">Optional wall-clock limit per turn (checked between messages).</param>
public sealed record DispatcherSettings(string Id, int Throughput, TimeSpan? ThroughputDeadline);

/// <summary>
/// The actor runtime's settings (HOCON <c>actorrealm.actor</c>). The defaults are the ones in the
/// module's embedded <c>reference.conf</c>.
/// </summary>
public sealed record ActorSettings
{
    /// <summary>The id of the default dispatcher.</summary>
    public const string DefaultDispatcherId = "default-dispatcher";

    /// <summary>The defaults.</summary>
    public static ActorSettings Default { get; } = new();

    /// <summary>The default dispatcher (<c>default-dispatcher.throughput</c>, <c>default-dispatcher.throughput-deadline</c>).</summary>
    public DispatcherSettings DefaultDispatcher { get; init; } = new(DefaultDispatcherId, 100, null);

    /// <summary>Further dispatchers by id (<c>dispatchers.&lt;id&gt;</c>).</summary>
    public IReadOnlyDictionary<string, DispatcherSettings> Dispatchers { get; init; } = new Dictionary<string, DispatcherSettings>();

    /// <summary>Mailbox capacity for actors whose props do not set one; 0 = unbounded (<c>default-mailbox.capacity</c>).</summary>
    public int DefaultMailboxCapacity { get; init; }

    /// <summary>Timeout of an Ask that does not give one (<c>ask-timeout</c>).</summary>
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages an <see cref="IWithStash"/> actor may stash before <see cref="StashOverflowException"/>; 0 = unbounded (<c>stash-capacity</c>).</summary>
    public int StashCapacity { get; init; } = 100_000;

    /// <summary>Dead letters logged per <see cref="DeadLetterLogInterval"/>; the rest are counted and summarised; 0 = none (<c>dead-letters.log-max-per-interval</c>).</summary>
    public int DeadLetterLogMaxPerInterval { get; init; } = 10;

    /// <summary>The dead-letter logging window (<c>dead-letters.log-interval</c>).</summary>
    public TimeSpan DeadLetterLogInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Log unhandled messages at debug level (<c>log-unhandled</c>).</summary>
    public bool LogUnhandled { get; init; }

    /// <summary>How the <c>/user</c> guardian supervises top-level actors (<c>guardian-supervisor-strategy</c>).</summary>
    public GuardianStrategy GuardianStrategy { get; init; } = GuardianStrategy.Default;

    /// <summary>Timeout of a coordinated-shutdown phase without its own (<c>coordinated-shutdown.default-phase-timeout</c>).</summary>
    public TimeSpan ShutdownDefaultPhaseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Per-phase timeouts (<c>coordinated-shutdown.phases.&lt;phase&gt;.timeout</c>).</summary>
    public IReadOnlyDictionary<string, TimeSpan> ShutdownPhaseTimeouts { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>Finds a dispatcher by id.</summary>
    /// <exception cref="ArgumentException">No dispatcher has that id.</exception>
    public DispatcherSettings GetDispatcher(string? id)
    {
        if (id is null || id == DefaultDispatcherId)
        {
            return DefaultDispatcher;
        }

        return Dispatchers.TryGetValue(id, out var settings)
            ? settings
            : throw new ArgumentException($"No dispatcher [{id}] is configured under actorrealm.actor.dispatchers.", nameof(id));
    }

    /// <summary>The timeout of a coordinated-shutdown phase.</summary>
    public TimeSpan GetPhaseTimeout(string phase) =>
        ShutdownPhaseTimeouts.TryGetValue(phase, out var timeout) ? timeout : ShutdownDefaultPhaseTimeout;
}
