using System.Collections.Concurrent;

namespace ActorRealm.Actors.Dispatch;

/// <summary>The dispatchers of one system, created on first use from the settings.</summary>
internal sealed class Dispatchers(ActorSettings settings, IActorExecutor executor)
{
    private readonly ConcurrentDictionary<string, Dispatcher> _byId = new(StringComparer.Ordinal);

    public IActorExecutor Executor { get; } = executor;

    /// <summary>The dispatcher with this id (null = default).</summary>
    /// <exception cref="ArgumentException">No dispatcher is configured with that id.</exception>
    public Dispatcher Lookup(string? id) =>
        _byId.GetOrAdd(id ?? ActorSettings.DefaultDispatcherId, static (key, self) => new Dispatcher(self.Settings.GetDispatcher(key), self.Executor), this);

    private ActorSettings Settings { get; } = settings;
}
