using Akka.Actor;
using AkkaConfigurationFactory = Akka.Configuration.ConfigurationFactory;

namespace ActorRealm.Persistence.Tests.Support;

/// <summary>
/// Starts actor systems on a test's store the way a node does (start-up check, then the configuration and data
/// options of <see cref="AkkaPersistenceSetup"/>), and terminates them at the end of the test.
/// </summary>
/// <param name="location">The store.</param>
/// <param name="onStarted">Runs on every system started (a test kit routes its log to the test's output).</param>
public sealed class StoreSystems(IStoreLocation location, Action<ActorSystem>? onStarted = null) : IAsyncDisposable
{
    private readonly List<ActorSystem> _systems = [];

    // Every store runs with the thread-pool floor a node process sets (ThreadPoolFloor explains why).
    static StoreSystems() => ThreadPoolFloor.Raise(ThreadPoolFloor.Default);

    /// <summary>Checks the store, then starts a system on it.</summary>
    /// <param name="adjust">Changes the settings (for example a short busy timeout).</param>
    /// <param name="tweak">Changes the parts before the system starts (for example adds a probe interceptor).</param>
    /// <param name="hocon">Extra Akka configuration, above the store's.</param>
    public async Task<ActorSystem> StartAsync(
        Func<PersistenceSettings, PersistenceSettings>? adjust = null,
        Action<AkkaPersistenceParts>? tweak = null,
        string hocon = "")
    {
        var settings = location.Settings(adjust);
        await PersistenceStartup.CheckAsync(settings, location.DataDirectory);
        var parts = AkkaPersistenceSetup.Build(settings, location.DataDirectory);
        tweak?.Invoke(parts);
        var config = AkkaConfigurationFactory.ParseString(hocon + "\nakka.loglevel = WARNING").WithFallback(parts.Config);
        var system = ActorSystem.Create("store" + _systems.Count, parts.AddTo(BootstrapSetup.Create().WithConfig(config).And(TestSerializer.Setup())));
        _systems.Add(system);
        onStarted?.Invoke(system);
        return system;
    }

    /// <summary>Terminates <paramref name="system"/> and starts a new one on the same store (a node restart).</summary>
    public async Task<ActorSystem> RestartAsync(ActorSystem system, Func<PersistenceSettings, PersistenceSettings>? adjust = null)
    {
        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
        return await StartAsync(adjust);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var system in _systems)
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
