using ActorRealm.Persistence.Journal;
using ActorRealm.Persistence.PostgreSql;
using ActorRealm.Persistence.Snapshots;
using ActorRealm.Persistence.Sqlite;
using ActorRealm.Persistence.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorRealm.Persistence;

/// <summary>
/// An opened journal and snapshot store in one database (a SQLite file or a PostgreSQL schema). Opening checks the
/// database and creates or migrates its schema; disposing waits for queued writes to finish and closes it.
/// </summary>
public sealed class PersistenceStore : IAsyncDisposable
{
    private readonly SqlStore _store;

    private PersistenceStore(SqlStore store, PersistenceProvider provider)
    {
        _store = store;
        Provider = provider;
        Journal = new SqlEventJournal(store);
        SnapshotStore = new SqlSnapshotStore(store);
    }

    /// <summary>The provider behind this store.</summary>
    public PersistenceProvider Provider { get; }

    /// <summary>The database file path (SQLite) or server, database and schema (PostgreSQL), for messages and logs.</summary>
    public string Description => _store.Description;

    /// <summary>The event journal.</summary>
    public IEventJournal Journal { get; }

    /// <summary>The snapshot store.</summary>
    public ISnapshotStore SnapshotStore { get; }

    /// <summary>The settings the store was opened with.</summary>
    public PersistenceSettings Settings => _store.Settings;

    /// <summary>The writer's failure-injection seam, for this module's tests.</summary>
    internal BatchExecutor? Executor => _store.Writer?.Executor;

    /// <summary>
    /// Opens the store for reading and writing: creates the database file or schema when missing, migrates an older
    /// schema, and throws <see cref="PersistenceStartupException"/> (naming the file or server) when the database is
    /// damaged, foreign, unreachable, or newer than this release.
    /// </summary>
    /// <param name="settings">The persistence settings.</param>
    /// <param name="nodeDataDirectory">The node's data directory; the SQLite file lives there unless the settings name another folder.</param>
    /// <param name="logger">Receives warnings about weak durability settings of the database; null for none.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    public static Task<PersistenceStore> OpenAsync(
        PersistenceSettings settings,
        string? nodeDataDirectory,
        ILogger? logger = null,
        CancellationToken cancellationToken = default) =>
        OpenAsync(settings, nodeDataDirectory, readOnly: false, logger, cancellationToken);

    /// <summary>
    /// Opens an existing store for reading only (inspection tools): creates and migrates nothing, and refuses a missing
    /// database or a schema other than this release's. Writes through it throw <see cref="InvalidOperationException"/>.
    /// </summary>
    /// <param name="settings">The persistence settings.</param>
    /// <param name="nodeDataDirectory">The node's data directory, as for <see cref="OpenAsync(PersistenceSettings, string?, ILogger?, CancellationToken)"/>.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    public static Task<PersistenceStore> OpenReadOnlyAsync(
        PersistenceSettings settings,
        string? nodeDataDirectory,
        CancellationToken cancellationToken = default) =>
        OpenAsync(settings, nodeDataDirectory, readOnly: true, logger: null, cancellationToken);

    /// <summary>Completes queued writes, stops the writer and closes every connection.</summary>
    public ValueTask DisposeAsync() => _store.DisposeAsync();

    private static async Task<PersistenceStore> OpenAsync(
        PersistenceSettings settings,
        string? nodeDataDirectory,
        bool readOnly,
        ILogger? logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        SqlStore store = settings.Provider switch
        {
            PersistenceProvider.Sqlite => await SqliteStore.OpenAsync(settings, nodeDataDirectory, readOnly, cancellationToken).ConfigureAwait(false),
            PersistenceProvider.PostgreSql => await PostgresStore.OpenAsync(settings, readOnly, logger ?? NullLogger.Instance, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Provider, "Unknown persistence provider."),
        };
        return new PersistenceStore(store, settings.Provider);
    }
}
