using ActorRealm.Actors;

namespace ActorRealm.Remote;

/// <summary>Which remote actors local actors watch, per node: a node with watched actors is declared gone when it falls silent.</summary>
internal sealed class RemoteWatchRegistry
{
    private readonly Dictionary<Address, HashSet<(string Watchee, string Watcher)>> _watches = [];
    private readonly Lock _lock = new();

    public void Add(Address address, string watchee, string watcher)
    {
        lock (_lock)
        {
            if (!_watches.TryGetValue(address, out var pairs))
            {
                _watches[address] = pairs = [];
            }

            pairs.Add((watchee, watcher));
        }
    }

    public void Remove(Address address, string watchee, string watcher)
    {
        lock (_lock)
        {
            if (_watches.TryGetValue(address, out var pairs) && pairs.Remove((watchee, watcher)) && pairs.Count == 0)
            {
                _watches.Remove(address);
            }
        }
    }

    public void RemoveAddress(Address address)
    {
        lock (_lock)
        {
            _watches.Remove(address);
        }
    }

    public bool IsWatched(Address address)
    {
        lock (_lock)
        {
            return _watches.ContainsKey(address);
        }
    }
}
