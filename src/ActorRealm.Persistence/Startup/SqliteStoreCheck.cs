using ActorRealm.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace ActorRealm.Persistence.Startup;

/// <summary>
/// The SQLite file at start-up: a new file is created whole (schema written in a temporary file, then renamed into
/// place), so a file at the store's path is always a complete store and an empty or short file there is damage, never
/// "a new store" (ADR 0043). Damaged, foreign and newer files are refused unchanged.
/// </summary>
internal static partial class SqliteStoreCheck
{
    /// <summary>Creates the store when there is none, else checks it; converts it to WAL when it is not.</summary>
    public static async Task PrepareAsync(StoreTarget target, CancellationToken cancellationToken)
    {
        var path = target.SqlitePath;
        try
        {
            if (File.Exists(path))
            {
                await CheckAsync(target, readOnly: false, cancellationToken).ConfigureAwait(false);
                await StoreSchema.CreatePluginTablesAsync(target, AkkaPersistenceSetup.DataOptionsFor(target, pooling: false), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await CreateAsync(target, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SqliteException e)
        {
            throw Explain(path, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PersistenceStartupException($"Cannot open the store file {path}: {e.Message}", e);
        }
    }

    /// <summary>Checks an existing file without changing it (<paramref name="readOnly"/>) or before using it.</summary>
    public static async Task CheckAsync(StoreTarget target, bool readOnly, CancellationToken cancellationToken)
    {
        var path = target.SqlitePath;
        if (new FileInfo(path).Length == 0)
        {
            throw new PersistenceStartupException(
                $"The store file {path} is empty (0 bytes). A store file is never empty: it was truncated or not written by " +
                "ActorRealm. Restore it from a backup, or move it away to start with an empty store.");
        }

        var connection = new SqliteConnection(ConnectionString(path, readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite, target.Settings.Sqlite));
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!readOnly && SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
            {
                throw new PersistenceStartupException($"The store file {path} is not writable (read-only file or file system).");
            }

            var tables = await TablesAsync(connection, cancellationToken).ConfigureAwait(false);
            await CheckIntegrityAsync(connection, path, target.Settings.Sqlite.StartupCheck, cancellationToken).ConfigureAwait(false);
            var version = await StoreSchema.ReadVersionAsync(connection, string.Empty, tables, cancellationToken).ConfigureAwait(false);
            SchemaDecision.Decide($"The store file {path}", version, tables, readOnly: true);
            if (!readOnly)
            {
                var mode = (string?)await ScalarAsync(connection, "PRAGMA journal_mode = WAL", cancellationToken).ConfigureAwait(false);
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new PersistenceStartupException($"The store file {path} cannot use write-ahead logging (journal_mode is '{mode}').");
                }
            }
        }
    }

    /// <summary>A connection string for checks and inspection: no pooling, so the file is released when the check ends.</summary>
    public static string ConnectionString(string path, SqliteOpenMode mode, SqliteJournalSettings settings) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(settings.BusyTimeout.TotalSeconds)),
        }.ToString();

    private static async Task CreateAsync(StoreTarget target, CancellationToken cancellationToken)
    {
        var path = target.SqlitePath;
        var directory = Path.GetDirectoryName(path)!;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PersistenceStartupException($"Cannot create the data directory {directory}: {e.Message}", e);
        }

        if (File.Exists(path + "-wal"))
        {
            throw new PersistenceStartupException(
                $"Found the write-ahead log {path}-wal but no store file {path}: the store file was removed while its log " +
                "remains, and the log may hold committed events. Restore the store file, or remove the -wal file to start empty.");
        }

        var temporary = path + ".creating";
        DeleteWithCompanions(temporary);
        var connection = new SqliteConnection(ConnectionString(temporary, SqliteOpenMode.ReadWriteCreate, target.Settings.Sqlite));
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await ScalarAsync(connection, "PRAGMA journal_mode = WAL", cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException e)
            {
                throw new PersistenceStartupException($"Cannot create a store file in the data directory {directory}: {e.Message}", e);
            }

            var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await StoreSchema.CreateVersionTableAsync(connection, transaction, string.Empty, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        var temporaryTarget = StoreTarget.Resolve(
            target.Settings with { Sqlite = target.Settings.Sqlite with { DataDirectory = directory, FileName = Path.GetFileName(temporary) } },
            nodeDataDirectory: null);
        await StoreSchema.CreatePluginTablesAsync(temporaryTarget, AkkaPersistenceSetup.DataOptionsFor(temporaryTarget, pooling: false), cancellationToken).ConfigureAwait(false);

        // Every connection is closed, so SQLite folded the log into the file; a log left behind would not move with it.
        if (File.Exists(temporary + "-wal"))
        {
            throw new PersistenceStartupException($"Creating the store file {path} left its write-ahead log {temporary}-wal behind; nothing was put in place.");
        }

        File.Move(temporary, path, overwrite: false);
    }

    private static void DeleteWithCompanions(string path)
    {
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm", "-journal" })
        {
            File.Delete(path + suffix);
        }
    }
}
