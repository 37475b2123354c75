using System.Text;
using ActorRealm.Persistence.Journal;

namespace ActorRealm.Persistence.Tests.Support;

/// <summary>Opens a store in a fresh location per test and cleans it up; subclasses pick the provider.</summary>
public abstract class StoreTestBase : IAsyncLifetime
{
    private IStoreLocation? _location;

    protected PersistenceStore Store { get; private set; } = null!;

    protected IStoreLocation Location => _location ?? throw new InvalidOperationException("Not initialized.");

    protected virtual PersistenceSettings Settings => new();

    public async Task InitializeAsync()
    {
        _location = CreateLocation();
        Store = await _location.OpenAsync(Settings);
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await Location.DisposeAsync();
    }

    public static EventData Event(string text, params string[] tags) => new(Encoding.UTF8.GetBytes(text), "test.v1", tags);

    public static string Text(PersistedEvent persisted) => Encoding.UTF8.GetString(persisted.Payload);

    protected abstract IStoreLocation CreateLocation();

    /// <summary>Closes the store and opens it again from the same location (a restart).</summary>
    protected async Task ReopenAsync(PersistenceSettings? settings = null)
    {
        await Store.DisposeAsync();
        Store = await Location.OpenAsync(settings ?? Settings);
    }
}
