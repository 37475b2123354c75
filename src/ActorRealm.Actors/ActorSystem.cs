using System.Collections.Concurrent;
using ActorRealm.Actors.Dispatch;
using ActorRealm.Hocon;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Actors;

/// <summary>
/// A named hierarchy of actors with its guardians (<c>/user</c>, <c>/system</c>), dispatchers,
/// scheduler, event stream and dead letters. Create one per process (or several in a simulation);
/// stop it with <see cref="Terminate"/>, which runs <see cref="CoordinatedShutdown"/>.
/// </summary>
public sealed partial class ActorSystem : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Type, Lazy<object>> _extensions = new();
    private readonly LocalActorRefProvider _local;
    private readonly TaskCompletionSource _terminated;
    private readonly TimeProviderScheduler _scheduler;
    private long _uidSequence;
    private int _terminating;

    private ActorSystem(string name, Config config, ActorSettings settings, ActorSystemSetup setup)
    {
        Name = name;
        Config = config;
        Settings = settings;
        Setup = setup;
        TimeProvider = setup.TimeProvider;
        Random = new SynchronizedRandom(setup.RandomSeed ?? System.Random.Shared.Next());
        LoggerFactory = setup.LoggerFactory;
        Log = LoggerFactory.CreateLogger("ActorRealm.Actors.ActorSystem");
        Executor = setup.Executor ?? ThreadPoolExecutor.Instance;
        Dispatchers = new Dispatchers(settings, Executor);
        DeliveryObserver = setup.DeliveryObserver;
        _uidSequence = Random.Next(1, int.MaxValue);
        AddressTerminatedTopic = new AddressTerminatedTopic();
        EventStream = new EventStream(e =>
        {
            if (e is AddressTerminated addressTerminated)
            {
                AddressTerminatedTopic.Publish(addressTerminated);
            }
        });
        _scheduler = new TimeProviderScheduler(TimeProvider, Log);
        _deadLetterLog = new DeadLetterLog(this);
        _mailboxFullLog = new LogLimiter(this);
        _terminated = new TaskCompletionSource(Executor.IsDeterministic ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
        _local = new LocalActorRefProvider(this);
        Provider = setup.ProviderFactory?.Invoke(this, _local) ?? _local;
        _local.Initialize(Provider.Address);
        CoordinatedShutdown = new CoordinatedShutdown(this);
    }

    /// <summary>Creates and starts an actor system.</summary>
    /// <param name="name">The system name (letters, digits, '-', '_'; starting with a letter or digit).</param>
    /// <param name="config">
    /// The node's configuration (unresolved or resolved); the runtime's <c>reference.conf</c> is its
    /// fallback. Other modules (remote, cluster, persistence) read their sections from <see cref="Config"/>.
    /// </param>
    /// <param name="setup">Injected clock, randomness, logging, executor, provider (and settings overriding the config's).</param>
    /// <exception cref="ArgumentException">The name is invalid.</exception>
    /// <exception cref="HoconException">The configuration is invalid.</exception>
    public static ActorSystem Create(string name, Config? config = null, ActorSystemSetup? setup = null)
    {
        if (!Address.IsValidSystemName(name))
        {
            throw new ArgumentException(
                $"Invalid actor system name [{name}]: it must start with a letter or digit and contain only letters, digits, '-' and '_'.",
                nameof(name));
        }

        setup ??= new ActorSystemSetup();
        var effective = (config ?? Config.Empty).WithFallback(ActorSettings.Reference).Resolve();
        var settings = setup.Settings ?? (config is null ? ActorSettings.Default : ActorSettings.FromConfig(effective));
        return new ActorSystem(name, effective, settings, setup);
    }

    /// <summary>The system name.</summary>
    public string Name { get; }

    /// <summary>The resolved configuration the system was created with (with every module's defaults it was given).</summary>
    public Config Config { get; }

    /// <summary>The runtime settings.</summary>
    public ActorSettings Settings { get; }

    /// <summary>What the host injected.</summary>
    public ActorSystemSetup Setup { get; }

    /// <summary>The system's address (the provider's).</summary>
    public Address Address => Provider.Address;

    /// <summary>The ref provider (local, or a remote one wrapping it).</summary>
    public IActorRefProvider Provider { get; }

    /// <summary>The in-process provider: guardians, dead letters, temporary refs.</summary>
    public LocalActorRefProvider LocalProvider => _local;

    /// <summary>The event stream.</summary>
    public EventStream EventStream { get; }

    /// <summary>The scheduler (on <see cref="TimeProvider"/>).</summary>
    public IScheduler Scheduler => _scheduler;

    /// <summary>The dead-letters ref.</summary>
    public IActorRef DeadLetters => _local.DeadLettersRef;

    /// <summary>The injected clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The seeded random source (thread-safe).</summary>
    public Random Random { get; }

    /// <summary>The injected logger factory.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The system's own logger.</summary>
    public ILogger Log { get; }

    /// <summary>The executor running the system's actors.</summary>
    public IActorExecutor Executor { get; }

    /// <summary>The phased shutdown of this system.</summary>
    public CoordinatedShutdown CoordinatedShutdown { get; }

    /// <summary>Completes when every actor has stopped and the system is terminated.</summary>
    public Task WhenTerminated => _terminated.Task;

    /// <summary>True once termination has begun.</summary>
    public bool IsTerminating => Volatile.Read(ref _terminating) != 0;

    internal Dispatchers Dispatchers { get; }

    internal Action<IActorRef, object, IActorRef?>? DeliveryObserver { get; }

    internal AddressTerminatedTopic AddressTerminatedTopic { get; }

    /// <summary>Creates a top-level actor under <c>/user</c>.</summary>
    /// <exception cref="InvalidActorNameException">The name is invalid or taken.</exception>
    /// <exception cref="InvalidOperationException">The system is terminating.</exception>
    public IActorRef ActorOf(Props props, string? name = null)
    {
        ThrowIfTerminating();
        return _local.GuardianCell.AttachChild(props, name, systemService: false);
    }

    /// <summary>Creates a runtime service actor under <c>/system</c> (used by remote, cluster, persistence).</summary>
    public IActorRef SystemActorOf(Props props, string? name = null)
    {
        ThrowIfTerminating();
        return _local.SystemGuardianCell.AttachChild(props, name, systemService: true);
    }

    /// <summary>Stops an actor (asynchronously; its children first).</summary>
    public void Stop(IActorRef actor) => _local.GuardianCell.Stop(actor);

    /// <summary>The ref at a path (a dead-letter ref when no actor lives there).</summary>
    public IActorRef ResolveActorRef(ActorPath path) => Provider.ResolveActorRef(path);

    /// <summary>The ref at a full path (<c>realm://sys/user/a</c>) or a path from this system's root (<c>/user/a</c>).</summary>
    /// <exception cref="FormatException">The path is invalid.</exception>
    public IActorRef ResolveActorRef(string path) => ResolveActorRef(ParsePath(path));

    /// <summary>A selection of the actor at <paramref name="path"/>, resolved at each use.</summary>
    public ActorSelection ActorSelection(string path) => new(this, ParsePath(path));

    private ActorPath ParsePath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path[0] != '/')
        {
            return ActorPath.Parse(path);
        }

        ActorPath result = _local.RootPath;
        foreach (var element in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            result = result.Child(element);
        }

        return result;
    }

    /// <summary>Returns the extension of type <typeparamref name="T"/>, creating it once with <paramref name="factory"/>.</summary>
    public T GetOrAddExtension<T>(Func<ActorSystem, T> factory)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        return (T)_extensions.GetOrAdd(typeof(T), _ => new Lazy<object>(() => factory(this))).Value;
    }

    /// <summary>Returns the extension of type <typeparamref name="T"/> if one was added.</summary>
    public T? GetExtension<T>()
        where T : class =>
        _extensions.TryGetValue(typeof(T), out var lazy) ? (T)lazy.Value : null;

    /// <summary>A new actor uid (unique within the system, seeded).</summary>
    internal long NextUid() => Interlocked.Increment(ref _uidSequence);

    /// <summary>Publishes an unhandled message (and logs it at debug level when configured).</summary>
    internal void PublishUnhandled(UnhandledMessage unhandled)
    {
        if (Settings.LogUnhandled)
        {
            Logging.RuntimeLog.Unhandled(Log, unhandled.Recipient, unhandled.Message.GetType(), unhandled.Sender);
        }

        EventStream.Publish(unhandled);
    }

    private void ThrowIfTerminating()
    {
        if (IsTerminating)
        {
            throw new InvalidOperationException($"Actor system [{Name}] is terminating: no new top-level actors.");
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Address.ToString();

    /// <summary>Terminates the system (<see cref="Terminate"/>).</summary>
    public async ValueTask DisposeAsync() => await Terminate().ConfigureAwait(false);
}

/// <summary>A <see cref="System.Random"/> safe to share between threads (the seeded source of a system).</summary>
internal sealed class SynchronizedRandom(int seed) : Random
{
    private readonly Random _inner = new(seed);
    private readonly Lock _gate = new();

    public override int Next()
    {
        lock (_gate)
        {
            return _inner.Next();
        }
    }

    public override int Next(int maxValue)
    {
        lock (_gate)
        {
            return _inner.Next(maxValue);
        }
    }

    public override int Next(int minValue, int maxValue)
    {
        lock (_gate)
        {
            return _inner.Next(minValue, maxValue);
        }
    }

    public override long NextInt64()
    {
        lock (_gate)
        {
            return _inner.NextInt64();
        }
    }

    public override long NextInt64(long maxValue)
    {
        lock (_gate)
        {
            return _inner.NextInt64(maxValue);
        }
    }

    public override long NextInt64(long minValue, long maxValue)
    {
        lock (_gate)
        {
            return _inner.NextInt64(minValue, maxValue);
        }
    }

    public override double NextDouble()
    {
        lock (_gate)
        {
            return _inner.NextDouble();
        }
    }

    public override float NextSingle()
    {
        lock (_gate)
        {
            return _inner.NextSingle();
        }
    }

    public override void NextBytes(byte[] buffer)
    {
        lock (_gate)
        {
            _inner.NextBytes(buffer);
        }
    }

    public override void NextBytes(Span<byte> buffer)
    {
        lock (_gate)
        {
            _inner.NextBytes(buffer);
        }
    }

    protected override double Sample()
    {
        lock (_gate)
        {
            return _inner.NextDouble();
        }
    }
}
