using System.Collections.Concurrent;

namespace ActorRealm.Actors.Dispatch;

/// <summary>The dispatchers of one system, created on first use from the settings.</summary>
internal sealed class Dispatchers
{
    private readonly ConcurrentDictionary<string, Dispatcher> _byId = new(StringComparer.Ordinal);
    private readonly ActorSettings _settings;
    private readonly Dispatcher _default;

    public Dispatchers(ActorSettings settings, IActorExecutor executor)
    {
        _settings = settings;
        Executor = executor;
        _default = new Dispatcher(settings.DefaultDispatcher, executor);
        _byId[ActorSettings.DefaultDispatcherId] = _default;
    }

    public IActorExecutor Executor { get; }

    /// <summary>The dispatcher with this id (null = default).</summary>
    /// <exception cref="ArgumentException">No dispatcher is configured with that id.</exception>
    public Dispatcher Lookup(string? id) =>
        id is null ? _default : _byId.GetOrAdd(id, static (key, self) => new Dispatcher(self._settings.GetDispatcher(key), self.Executor), this);
}
