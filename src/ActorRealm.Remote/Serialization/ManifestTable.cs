namespace ActorRealm.Remote.Serialization;

/// <summary>The registered types of a serializer: manifest to what deserializes it, and type to manifest.</summary>
internal sealed class ManifestTable<T>
    where T : class
{
    private readonly Dictionary<string, (Type Type, T Value)> _byManifest = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _byType = [];
    private readonly Lock _lock = new();

    /// <summary>Registers <paramref name="type"/> under <paramref name="manifest"/>; a conflicting earlier registration is an error.</summary>
    public void Register(Type type, string manifest, T value)
    {
        lock (_lock)
        {
            if (_byManifest.TryGetValue(manifest, out var existing) && existing.Type != type)
            {
                throw new ArgumentException($"Manifest '{manifest}' is already registered for {existing.Type}.", nameof(manifest));
            }

            if (_byType.TryGetValue(type, out var other) && other != manifest)
            {
                throw new ArgumentException($"{type} is already registered under the manifest '{other}'.", nameof(type));
            }

            _byManifest[manifest] = (type, value);
            _byType[type] = manifest;
        }
    }

    public bool TryGetManifest(Type type, out string manifest)
    {
        lock (_lock)
        {
            return _byType.TryGetValue(type, out manifest!);
        }
    }

    /// <summary>What was registered under <paramref name="manifest"/>, or null: never a type looked up by name.</summary>
    public T? Find(string manifest)
    {
        lock (_lock)
        {
            return _byManifest.TryGetValue(manifest, out var entry) ? entry.Value : null;
        }
    }
}
