using ActorRealm.Actors;
using ActorRealm.Persistence.Serialization;

namespace ActorRealm.Persistence.Actors;

/// <summary>
/// The persistence extension of an actor system: the store every persistent actor of the system uses, opened once
/// from <c>actorrealm.persistence</c> (provider, per-provider settings), and the event serializer. The store is
/// disposed by a coordinated-shutdown task once every actor has stopped.
/// </summary>
/// <remarks>
/// The SQLite file lives in <c>actorrealm.persistence.sqlite.data-dir</c>, or else in the node's data directory
/// <c>actorrealm.node.data-dir</c>. A host should await <see cref="StoreAsync"/> at start-up so that a bad store
/// (corrupt file, unreachable server, newer schema) stops the node with a clear error instead of failing each
/// persistent actor's recovery.
/// </remarks>
public sealed class Persistence
{
    /// <summary>The node setting the SQLite file defaults to (owned by the server module).</summary>
    public const string NodeDataDirectoryPath = "actorrealm.node.data-dir";

    private readonly Task<PersistenceStore> _store;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Persistence(ActorSystem system, PersistenceSettings settings, Task<PersistenceStore> store, bool ownsStore)
    {
        Settings = settings;
        _store = store;
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseActorSystemTerminate, "persistence-close-store", token => CloseAsync(system, ownsStore, token));
    }

    /// <summary>The settings the store was opened with.</summary>
    public PersistenceSettings Settings { get; }

    /// <summary>
    /// The serializer persistent actors use unless they override <see cref="PersistentActor.Serializer"/>: register
    /// every event and snapshot type at start-up.
    /// </summary>
    public JsonEventSerializer Serializer { get; } = new();

    /// <summary>Completes when the store was closed at system termination.</summary>
    public Task Closed => _closed.Task;

    /// <summary>The extension of <paramref name="system"/>, created (and the store opened) on first use from the system's configuration.</summary>
    public static Persistence Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.GetOrAddExtension(s =>
        {
            var settings = PersistenceSettings.FromConfig(s.Config);
            var dataDirectory = s.Config.GetString(NodeDataDirectoryPath, string.Empty);
            var store = Task.Run(() => PersistenceStore.OpenAsync(settings, dataDirectory.Length == 0 ? null : dataDirectory, s.Log));
            return new Persistence(s, settings, store, ownsStore: true);
        });
    }

    /// <summary>
    /// Installs the extension with a store the caller opened (a host that opens the store itself, tests). The store is
    /// disposed at termination when <paramref name="disposeOnTermination"/> is true.
    /// </summary>
    /// <exception cref="InvalidOperationException">The system already has a persistence extension with another store.</exception>
    public static Persistence Install(ActorSystem system, PersistenceStore store, bool disposeOnTermination = true)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(store);
        var persistence = system.GetOrAddExtension(s => new Persistence(s, store.Settings, Task.FromResult(store), disposeOnTermination));
        if (!persistence._store.IsCompletedSuccessfully || !ReferenceEquals(persistence._store.Result, store))
        {
            throw new InvalidOperationException($"Actor system {system.Name} already has a persistence extension with another store.");
        }

        return persistence;
    }

    /// <summary>The opened store; faults with <see cref="PersistenceStartupException"/> when it could not be opened.</summary>
    public Task<PersistenceStore> StoreAsync() => _store;

    private async Task CloseAsync(ActorSystem system, bool ownsStore, CancellationToken cancellationToken)
    {
        try
        {
            // Persistent actors may still be writing until the hierarchy has stopped.
            await system.WhenTerminated.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The phase timed out: close anyway; writes still queued are completed by the writer first.
        }
        finally
        {
            if (ownsStore)
            {
                await DisposeStoreAsync().ConfigureAwait(false);
            }

            _closed.TrySetResult();
        }
    }

    private async Task DisposeStoreAsync()
    {
        PersistenceStore store;
        try
        {
            store = await _store.ConfigureAwait(false);
        }
        catch (PersistenceException)
        {
            return; // Never opened: the start-up error was reported to whoever awaited the store.
        }

        await store.DisposeAsync().ConfigureAwait(false);
    }
}
