using ActorRealm.Actors.Dispatch;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorRealm.Actors;

/// <summary>
/// What the host injects into an actor system: the clock, the seeded random source, logging, an
/// optional executor (deterministic mode) and an optional provider factory (how the remote layer
/// installs itself). The runtime takes time and randomness only from here.
/// </summary>
public sealed record ActorSystemSetup
{
    /// <summary>The clock for the scheduler, timers, timeouts and restart windows (default: the system clock).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Seed of <see cref="ActorSystem.Random"/> and of actor uids (null: a random seed).</summary>
    public int? RandomSeed { get; init; }

    /// <summary>Logging (default: none).</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Runs every dispatcher of the system on this executor (e.g. a deterministic one) instead of the thread pool.</summary>
    public IActorExecutor? Executor { get; init; }

    /// <summary>
    /// Builds the system's ref provider from the system and its local provider, e.g. a remote provider
    /// wrapping the local one. It runs during <see cref="ActorSystem.Create"/>
    /// before the guardians exist (the event stream, scheduler and settings are available); its
    /// <see cref="IActorRefProvider.Address"/> becomes the address in every local actor path.
    /// </summary>
    public Func<ActorSystem, LocalActorRefProvider, IActorRefProvider>? ProviderFactory { get; init; }

    /// <summary>Settings to use instead of those read from configuration.</summary>
    public ActorSettings? Settings { get; init; }

    /// <summary>Called for every message delivered to an actor (recipient, message, sender), on the actor's thread. For tests and simulation traces.</summary>
    public Action<IActorRef, object, IActorRef?>? DeliveryObserver { get; init; }
}
