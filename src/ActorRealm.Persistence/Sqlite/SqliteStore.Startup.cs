using ActorRealm.Persistence.Storage;
using Microsoft.Data.Sqlite;

namespace ActorRealm.Persistence.Sqlite;

/// <summary>Start-up: creating a new file atomically, refusing damaged or foreign files, migrating the schema.</summary>
internal sealed partial class SqliteStore
{
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;
    private const int SqliteCantOpen = 14;
    private const int SqliteReadOnly = 8;

    /// <summary>
    /// Creates the schema in a temporary file and renames it into place, so a file at the journal's path is always a
    /// complete journal: an empty or short file there is damage, never "a new journal".
    /// </summary>
    private static async Task CreateAsync(string path, SqliteJournalSettings settings, CancellationToken cancellationToken)
    {
        var directory = System.IO.Path.GetDirectoryName(path)!;
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PersistenceStartupException($"Cannot create the journal directory {directory}: {e.Message}", e);
        }

        if (File.Exists(path + "-wal"))
        {
            throw new PersistenceStartupException(
                $"Found the write-ahead log {path}-wal but no journal file {path}: the journal file was removed while its log " +
                "remains, and the log may hold committed events. Restore the journal file, or remove the -wal file to start empty.");
        }

        var temporary = path + ".creating";
        DeleteWithCompanions(temporary);
        var connection = new SqliteConnection(ConnectionString(temporary, SqliteOpenMode.ReadWriteCreate, pooling: false, settings));
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteScalarAsync(connection, "PRAGMA journal_mode = WAL", cancellationToken).ConfigureAwait(false);
            await ExecuteScalarAsync(connection, "PRAGMA synchronous = FULL", cancellationToken).ConfigureAwait(false);
            await MigrateAsync(connection, SqliteSchema.Migrations, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: false);
    }

    private static async Task CheckAndMigrateAsync(string path, SqliteJournalSettings settings, bool readOnly, CancellationToken cancellationToken)
    {
        if (new FileInfo(path).Length == 0)
        {
            throw new PersistenceStartupException(
                $"The journal file {path} is empty (0 bytes). A journal file is never empty: it was truncated or not written by " +
                "ActorRealm. Restore it from a backup, or move it away to start with an empty journal.");
        }

        var connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadWrite, pooling: false, settings));
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!readOnly && SQLitePCL.raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
            {
                throw new PersistenceStartupException($"The journal file {path} is not writable (read-only file or file system).");
            }

            var tables = await TablesAsync(connection, cancellationToken).ConfigureAwait(false);
            await CheckIntegrityAsync(connection, path, settings.StartupCheck, cancellationToken).ConfigureAwait(false);
            if (!readOnly)
            {
                var mode = (string?)await ExecuteScalarAsync(connection, "PRAGMA journal_mode = WAL", cancellationToken).ConfigureAwait(false);
                if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    throw new PersistenceStartupException($"The journal file {path} cannot use write-ahead logging (journal_mode is '{mode}').");
                }
            }

            var statements = SqliteSchema.Statements;
            int? version = tables.Contains(statements.SchemaVersionTable)
                ? await SchemaMigrator.ReadVersionAsync(connection, null, statements, cancellationToken).ConfigureAwait(false)
                : null;
            // A journal file is created whole (see CreateAsync), so any table without a version table means a foreign file.
            var unexpected = tables.Where(t => !t.StartsWith("sqlite_", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
            var pending = SchemaMigrator.Pending($"the journal file {path}", version, unexpected, SqliteSchema.Migrations, readOnly);
            if (pending.Count > 0)
            {
                await MigrateAsync(connection, pending, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task MigrateAsync(SqliteConnection connection, IReadOnlyList<SchemaMigration> pending, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await SchemaMigrator.ApplyAsync(transaction, SqliteSchema.Statements, pending, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CheckIntegrityAsync(SqliteConnection connection, string path, SqliteStartupCheck check, CancellationToken cancellationToken)
    {
        if (check == SqliteStartupCheck.None)
        {
            return;
        }

        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = check == SqliteStartupCheck.Full ? "PRAGMA integrity_check(20)" : "PRAGMA quick_check(20)";
            var problems = new List<string>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    problems.Add(reader.GetString(0));
                }
            }

            if (problems is not ["ok"])
            {
                throw new PersistenceStartupException(
                    $"The journal file {path} is corrupt ({check} check: {string.Join("; ", problems)}). It was not modified. " +
                    "Restore it from a backup, or move it away to start with an empty journal.");
            }
        }
    }

    private static async Task<HashSet<string>> TablesAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            var tables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    tables.Add(reader.GetString(0));
                }
            }

            return tables;
        }
    }

    private static async Task<object?> ExecuteScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = sql;
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static PersistenceStartupException Explain(string path, SqliteException e) => e.SqliteErrorCode switch
    {
        SqliteCorrupt or SqliteNotADatabase => new PersistenceStartupException(
            $"The journal file {path} is corrupt or not a SQLite database ({e.Message}). It was not modified. " +
            "Restore it from a backup, or move it away to start with an empty journal.", e),
        SqliteCantOpen => new PersistenceStartupException(
            $"Cannot open the journal file {path} ({e.Message}): check that its directory exists and is writable.", e),
        SqliteReadOnly => new PersistenceStartupException($"The journal file {path} is not writable ({e.Message}).", e),
        _ => new PersistenceStartupException($"Cannot open the journal file {path}: {e.Message}", e),
    };

    private static void DeleteWithCompanions(string path)
    {
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm", "-journal" })
        {
            File.Delete(path + suffix);
        }
    }
}
