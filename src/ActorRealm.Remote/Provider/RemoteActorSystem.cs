using ActorRealm.Actors;
using ActorRealm.Actors.Deterministic;
using ActorRealm.Hocon;

namespace ActorRealm.Remote;

/// <summary>
/// Creates actor systems that talk to other nodes: the system's address becomes
/// <c>realm://name@host:port</c>, paths on other nodes resolve to remote refs, and remote DeathWatch works.
/// </summary>
public static class RemoteActorSystem
{
    /// <summary>Creates and starts a remote-enabled actor system (it listens before this returns).</summary>
    /// <exception cref="InvalidOperationException">The remote settings are invalid (e.g. no join secret, missing TLS files).</exception>
    public static ActorSystem Create(string name, Config? config = null, ActorSystemSetup? setup = null, RemoteSetup? remote = null)
    {
        RemoteActorRefProvider? provider = null;
        var system = ActorSystem.Create(name, config, WithProvider(setup ?? new ActorSystemSetup(), remote, p => provider = p));
        provider!.Start();
        return system;
    }

    /// <summary>Creates a remote-enabled actor system inside a deterministic <paramref name="simulation"/> (use the in-memory transport).</summary>
    public static ActorSystem Create(Simulation simulation, string name, RemoteSetup remote, Config? config = null, ActorSystemSetup? setup = null)
    {
        ArgumentNullException.ThrowIfNull(simulation);
        RemoteActorRefProvider? provider = null;
        var system = simulation.CreateSystem(name, config, WithProvider(setup ?? new ActorSystemSetup(), remote, p => provider = p));
        provider!.Start();
        return system;
    }

    /// <summary>The remote provider of <paramref name="system"/>.</summary>
    /// <exception cref="InvalidOperationException">The system was not created by <see cref="RemoteActorSystem"/>.</exception>
    public static RemoteActorRefProvider Remote(this ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.Provider as RemoteActorRefProvider
            ?? throw new InvalidOperationException($"Actor system [{system.Name}] is not remote-enabled; create it with RemoteActorSystem.Create.");
    }

    private static ActorSystemSetup WithProvider(ActorSystemSetup setup, RemoteSetup? remote, Action<RemoteActorRefProvider> created) => setup with
    {
        ProviderFactory = (system, local) =>
        {
            var provider = new RemoteActorRefProvider(system, local, remote ?? new RemoteSetup());
            created(provider);
            return provider;
        },
    };
}
