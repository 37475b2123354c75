using System.Data.Common;
using ActorRealm.Persistence.Storage;
using Microsoft.Data.Sqlite;

namespace ActorRealm.Persistence.Sqlite;

/// <summary>
/// The SQLite database file of a node: opened, checked and migrated at start-up; one write connection owned by the
/// group-commit writer; pooled read connections (WAL lets them read while the writer commits).
/// </summary>
internal sealed partial class SqliteStore : SqlStore
{
    private readonly string _readConnectionString;

    private SqliteStore(PersistenceSettings settings, string path)
        : base(settings, path, SqliteSchema.Statements)
    {
        Path = path;
        _readConnectionString = ConnectionString(path, SqliteOpenMode.ReadWrite, pooling: true, settings.Sqlite);
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating or migrating when <paramref name="readOnly"/> is false) the journal file and checks it.</summary>
    public static async Task<SqliteStore> OpenAsync(PersistenceSettings settings, string? nodeDataDirectory, bool readOnly, CancellationToken cancellationToken)
    {
        var path = settings.Sqlite.ResolvePath(nodeDataDirectory);
        try
        {
            if (readOnly)
            {
                if (!File.Exists(path))
                {
                    throw new PersistenceStartupException($"No journal file at {path}.");
                }
            }
            else if (!File.Exists(path))
            {
                await CreateAsync(path, settings.Sqlite, cancellationToken).ConfigureAwait(false);
            }

            await CheckAndMigrateAsync(path, settings.Sqlite, readOnly, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e)
        {
            throw Explain(path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PersistenceStartupException($"Cannot open the journal file {path}: {e.Message}", e);
        }

        var store = new SqliteStore(settings, path);
        if (!readOnly)
        {
            store.StartWriter(new SqliteBatchExecutor(
                ConnectionString(path, SqliteOpenMode.ReadWrite, pooling: false, settings.Sqlite),
                settings.Sqlite.Synchronous));
        }

        return store;
    }

    public override async Task<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_readConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    protected override ValueTask DisposeCoreAsync()
    {
        // Pooled read connections keep the file open; release them so the file can be moved or deleted.
        using (var connection = new SqliteConnection(_readConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        return ValueTask.CompletedTask;
    }

    internal static string ConnectionString(string path, SqliteOpenMode mode, bool pooling, SqliteJournalSettings settings) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = pooling,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(settings.BusyTimeout.TotalSeconds)),
        }.ToString();
}
