using ActorRealm.Hocon;

namespace ActorRealm.Actors;

/// <summary>Which strategy the <c>/user</c> guardian applies to failing top-level actors.</summary>
public enum GuardianStrategy
{
    /// <summary>The default strategy (restart; stop on initialization, kill and death-pact failures); escalations are stopped.</summary>
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
/// The actor runtime's settings (HOCON <c>actorrealm.actor</c>), read once per system. The
/// defaults live, commented, in the module's embedded <c>reference.conf</c> and nowhere else;
/// <see cref="Default"/> is that file read. Change a value with <c>ActorSettings.Default with { ... }</c>.
/// </summary>
public sealed record ActorSettings
{
    /// <summary>The id of the default dispatcher.</summary>
    public const string DefaultDispatcherId = "default-dispatcher";

    private const string Root = "actorrealm.actor";

    private ActorSettings()
    {
    }

    /// <summary>The module's embedded defaults (<c>ActorRealm.Actors.reference.conf</c>), unresolved.</summary>
    public static Config Reference { get; } = ConfigFactory.FromResource(typeof(ActorSettings).Assembly, "ActorRealm.Actors.reference.conf");

    /// <summary>The defaults, as read from <see cref="Reference"/>.</summary>
    public static ActorSettings Default { get; } = FromConfig(Config.Empty);

    /// <summary>The default dispatcher (<c>default-dispatcher</c>).</summary>
    public required DispatcherSettings DefaultDispatcher { get; init; }

    /// <summary>Further dispatchers by id (<c>dispatchers.&lt;id&gt;</c>).</summary>
    public required IReadOnlyDictionary<string, DispatcherSettings> Dispatchers { get; init; }

    /// <summary>Mailbox capacity for actors whose props do not set one; 0 = unbounded (<c>default-mailbox.capacity</c>).</summary>
    public required int DefaultMailboxCapacity { get; init; }

    /// <summary>Timeout of an Ask that does not give one (<c>ask-timeout</c>).</summary>
    public required TimeSpan AskTimeout { get; init; }

    /// <summary>Messages an <see cref="IWithStash"/> actor may stash; 0 = unbounded (<c>stash-capacity</c>).</summary>
    public required int StashCapacity { get; init; }

    /// <summary>Dead letters logged per interval; 0 = none (<c>dead-letters.log-max-per-interval</c>).</summary>
    public required int DeadLetterLogMaxPerInterval { get; init; }

    /// <summary>The dead-letter logging window (<c>dead-letters.log-interval</c>).</summary>
    public required TimeSpan DeadLetterLogInterval { get; init; }

    /// <summary>Log unhandled messages at debug level (<c>log-unhandled</c>).</summary>
    public required bool LogUnhandled { get; init; }

    /// <summary>How the <c>/user</c> guardian supervises top-level actors (<c>guardian-supervisor-strategy</c>).</summary>
    public required GuardianStrategy GuardianStrategy { get; init; }

    /// <summary>Timeout of a coordinated-shutdown phase without its own (<c>coordinated-shutdown.default-phase-timeout</c>).</summary>
    public required TimeSpan ShutdownDefaultPhaseTimeout { get; init; }

    /// <summary>Per-phase timeouts (<c>coordinated-shutdown.phases.&lt;phase&gt;.timeout</c>).</summary>
    public required IReadOnlyDictionary<string, TimeSpan> ShutdownPhaseTimeouts { get; init; }

    /// <summary>
    /// Reads the settings under <c>actorrealm.actor</c> of <paramref name="config"/>, with the
    /// module's <see cref="Reference"/> as fallback.
    /// </summary>
    /// <exception cref="HoconException">A value is missing, of the wrong type or out of range.</exception>
    public static ActorSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var actor = config.WithFallback(Reference).Resolve().GetConfig(Root);
        var dispatchers = new Dictionary<string, DispatcherSettings>(StringComparer.Ordinal);
        var dispatchersConfig = actor.GetConfigOrEmpty("dispatchers");
        foreach (var id in dispatchersConfig.Keys)
        {
            dispatchers[id] = ReadDispatcher(id, dispatchersConfig.GetConfig(Quote(id)), $"{Root}.dispatchers.{id}");
        }

        var phases = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var phasesConfig = actor.GetConfigOrEmpty("coordinated-shutdown.phases");
        foreach (var phase in phasesConfig.Keys)
        {
            if (!CoordinatedShutdown.OrderedPhases.Contains(phase))
            {
                throw new HoconException($"'{Root}.coordinated-shutdown.phases.{phase}': unknown phase; the phases are {string.Join(", ", CoordinatedShutdown.OrderedPhases)}");
            }

            phases[phase] = Positive(phasesConfig.GetDuration($"{Quote(phase)}.timeout"), $"{Root}.coordinated-shutdown.phases.{phase}.timeout");
        }

        var guardian = actor.GetString("guardian-supervisor-strategy");
        return new ActorSettings
        {
            DefaultDispatcher = ReadDispatcher(DefaultDispatcherId, actor.GetConfig(DefaultDispatcherId), $"{Root}.{DefaultDispatcherId}"),
            Dispatchers = dispatchers,
            DefaultMailboxCapacity = NonNegative(actor.GetInt("default-mailbox.capacity"), $"{Root}.default-mailbox.capacity"),
            AskTimeout = Positive(actor.GetDuration("ask-timeout"), $"{Root}.ask-timeout"),
            StashCapacity = NonNegative(actor.GetInt("stash-capacity"), $"{Root}.stash-capacity"),
            DeadLetterLogMaxPerInterval = NonNegative(actor.GetInt("dead-letters.log-max-per-interval"), $"{Root}.dead-letters.log-max-per-interval"),
            DeadLetterLogInterval = Positive(actor.GetDuration("dead-letters.log-interval"), $"{Root}.dead-letters.log-interval"),
            LogUnhandled = actor.GetBoolean("log-unhandled"),
            GuardianStrategy = guardian switch
            {
                "default" => GuardianStrategy.Default,
                "stopping" => GuardianStrategy.Stopping,
                _ => throw new HoconException($"'{Root}.guardian-supervisor-strategy': expected default or stopping, found '{guardian}'"),
            },
            ShutdownDefaultPhaseTimeout = Positive(actor.GetDuration("coordinated-shutdown.default-phase-timeout"), $"{Root}.coordinated-shutdown.default-phase-timeout"),
            ShutdownPhaseTimeouts = phases,
        };
    }

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
            : throw new ArgumentException($"No dispatcher [{id}] is configured under {Root}.dispatchers.", nameof(id));
    }

    /// <summary>The timeout of a coordinated-shutdown phase.</summary>
    public TimeSpan GetPhaseTimeout(string phase) =>
        ShutdownPhaseTimeouts.TryGetValue(phase, out var timeout) ? timeout : ShutdownDefaultPhaseTimeout;

    private static DispatcherSettings ReadDispatcher(string id, Config config, string path)
    {
        var throughput = config.GetInt("throughput", 100);
        if (throughput < 1)
        {
            throw new HoconException($"'{path}.throughput': must be at least 1, found {throughput}");
        }

        TimeSpan? deadline = null;
        if (config.HasPath("throughput-deadline") && config.GetString("throughput-deadline") is not ("off" or "none"))
        {
            deadline = Positive(config.GetDuration("throughput-deadline"), $"{path}.throughput-deadline");
        }

        return new DispatcherSettings(id, throughput, deadline);
    }

    private static string Quote(string key) => key.Contains('.', StringComparison.Ordinal) ? $"\"{key}\"" : key;

    private static int NonNegative(int value, string path) =>
        value >= 0 ? value : throw new HoconException($"'{path}': must not be negative, found {value}");

    private static TimeSpan Positive(TimeSpan value, string path) =>
        value > TimeSpan.Zero ? value : throw new HoconException($"'{path}': must be positive, found {value}");
}
