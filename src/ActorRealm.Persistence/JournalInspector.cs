using System.Data.Common;
using ActorRealm.Persistence.Startup;
using Microsoft.Data.Sqlite;

namespace ActorRealm.Persistence;

/// <summary>
/// Reads a store without changing it (for <c>actorrealm journal inspect</c>): the persistence ids with their highest
/// sequence numbers and stored event counts. Creates, migrates and writes nothing, so it is safe beside a running node.
/// </summary>
public static class JournalInspector
{
    /// <summary>Checks the store read-only (as <see cref="PersistenceStartup.CheckAsync"/> would, changing nothing) and lists its persistence ids.</summary>
    /// <param name="settings">Which store: provider, SQLite file name, PostgreSQL connection and schema.</param>
    /// <param name="dataDirectory">The folder of the SQLite file (unless <c>sqlite.data-dir</c> is set).</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <exception cref="PersistenceStartupException">No store there, or one that is damaged, foreign or of another release.</exception>
    public static async Task<JournalInspection> InspectAsync(PersistenceSettings settings, string? dataDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var target = StoreTarget.Resolve(settings.Validate(), dataDirectory);
        var ids = target.IsPostgres
            ? await InspectPostgresAsync(target, cancellationToken).ConfigureAwait(false)
            : await InspectSqliteAsync(target, cancellationToken).ConfigureAwait(false);
        return new JournalInspection(target.Description, [.. ids.OrderBy(i => i.PersistenceId, StringComparer.Ordinal)]);
    }

    private static async Task<List<PersistenceIdSummary>> InspectSqliteAsync(StoreTarget target, CancellationToken cancellationToken)
    {
        var path = target.SqlitePath;
        if (!File.Exists(path))
        {
            throw new PersistenceStartupException(File.Exists(path + "-wal")
                ? $"No store file at {path}, only its write-ahead log {path}-wal (which may hold committed events)."
                : $"No store file at {path}.");
        }

        try
        {
            await SqliteStoreCheck.CheckAsync(target, readOnly: true, cancellationToken).ConfigureAwait(false);
            var connection = new SqliteConnection(SqliteStoreCheck.ConnectionString(path, SqliteOpenMode.ReadOnly, target.Settings.Sqlite));
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                return await ListAsync(connection, string.Empty, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SqliteException e)
        {
            throw SqliteStoreCheck.Explain(path, e);
        }
    }

    private static async Task<List<PersistenceIdSummary>> InspectPostgresAsync(StoreTarget target, CancellationToken cancellationToken)
    {
        var connection = await PostgresStoreCheck.OpenAsync(target, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await PostgresStoreCheck.DecideAsync(connection, target, readOnly: true, cancellationToken).ConfigureAwait(false);
            return await ListAsync(connection, target.Settings.PostgreSql.Schema + ".", cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<List<PersistenceIdSummary>> ListAsync(DbConnection connection, string prefix, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            // Deleting events keeps the row of the highest deleted one, flagged: the highest number survives deletion.
            command.CommandText =
                $"SELECT persistence_id, MAX(sequence_number), SUM(CASE WHEN deleted THEN 0 ELSE 1 END) FROM {prefix}{StoreLayout.JournalTable} GROUP BY persistence_id";
            var ids = new List<PersistenceIdSummary>();
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    ids.Add(new PersistenceIdSummary(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
                }
            }

            return ids;
        }
    }
}

/// <summary>A store's persistence ids, as <see cref="JournalInspector.InspectAsync"/> found them.</summary>
/// <param name="Store">The SQLite file, or the PostgreSQL server and schema.</param>
/// <param name="PersistenceIds">Every persistence id with events or a remembered highest sequence number, in ordinal order.</param>
public sealed record JournalInspection(string Store, IReadOnlyList<PersistenceIdSummary> PersistenceIds);

/// <summary>One persistence id of a store.</summary>
/// <param name="PersistenceId">The persistence id.</param>
/// <param name="HighestSequenceNr">The highest sequence number ever written (kept when events are deleted).</param>
/// <param name="EventCount">Events stored (deleted ones excluded).</param>
public sealed record PersistenceIdSummary(string PersistenceId, long HighestSequenceNr, long EventCount);
