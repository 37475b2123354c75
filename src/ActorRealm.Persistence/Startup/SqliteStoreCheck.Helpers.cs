using ActorRealm.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace ActorRealm.Persistence.Startup;

/// <summary>Reading the file: its tables, the integrity check, and turning SQLite's errors into messages naming the file.</summary>
internal static partial class SqliteStoreCheck
{
    private const int SqliteReadOnly = 8;
    private const int SqliteCorrupt = 11;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADatabase = 26;

    /// <summary>Turns an error of opening or reading <paramref name="path"/> into a message naming it and what to do.</summary>
    public static PersistenceStartupException Explain(string path, SqliteException e) => e.SqliteErrorCode switch
    {
        SqliteCorrupt or SqliteNotADatabase => new PersistenceStartupException(
            $"The store file {path} is corrupt or not a SQLite database ({e.Message}). It was not modified. " +
            "Restore it from a backup, or move it away to start with an empty store.", e),
        SqliteCantOpen => new PersistenceStartupException(
            $"Cannot open the store file {path} ({e.Message}): check that its directory exists and is writable.", e),
        SqliteReadOnly => new PersistenceStartupException($"The store file {path} is not writable ({e.Message}).", e),
        _ => new PersistenceStartupException($"Cannot open the store file {path}: {e.Message}", e),
    };

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
                    $"The store file {path} is corrupt ({check} check: {string.Join("; ", problems)}). It was not modified. " +
                    "Restore it from a backup, or move it away to start with an empty store.");
            }
        }
    }

    private static async Task<List<string>> TablesAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";
            var tables = new List<string>();
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

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = sql;
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
