using System.Data.Common;

namespace ActorRealm.Persistence.Storage;

/// <summary>Decides and applies schema migrations; the decision is pure and shared by both providers.</summary>
internal static class SchemaMigrator
{
    /// <summary>
    /// The migrations to apply to a database at <paramref name="foundVersion"/> (null: no version table). Refuses a
    /// newer schema, an unversioned database holding <paramref name="unexpectedTables"/> (tables that show it is not
    /// an empty database we may create a journal in), and (read-only) an older schema.
    /// </summary>
    public static IReadOnlyList<SchemaMigration> Pending(
        string store,
        int? foundVersion,
        IReadOnlyCollection<string> unexpectedTables,
        IReadOnlyList<SchemaMigration> migrations,
        bool readOnly)
    {
        var known = migrations[^1].Version;
        if (foundVersion is null)
        {
            if (unexpectedTables.Count > 0)
            {
                throw new PersistenceStartupException(
                    $"{store} holds tables ({string.Join(", ", unexpectedTables)}) but no ActorRealm schema version table: it is not " +
                    "an ActorRealm journal, or it was damaged. Nothing was changed.");
            }

            if (readOnly)
            {
                throw new PersistenceStartupException($"{store} holds no ActorRealm journal.");
            }

            return migrations;
        }

        if (foundVersion > known)
        {
            throw new SchemaVersionException(store, foundVersion.Value, known,
                "It was written by a newer ActorRealm release; run that release, or restore a backup made by this one. Nothing was changed.");
        }

        if (foundVersion < known && readOnly)
        {
            throw new SchemaVersionException(store, foundVersion.Value, known,
                "Start a node of this release once to migrate it, then inspect it again.");
        }

        return migrations.Where(m => m.Version > foundVersion).ToList();
    }

    /// <summary>Runs <paramref name="pending"/> inside <paramref name="transaction"/>, recording each version.</summary>
    public static async Task ApplyAsync(DbTransaction transaction, SqlStatements statements, IReadOnlyList<SchemaMigration> pending, CancellationToken cancellationToken)
    {
        foreach (var migration in pending)
        {
            foreach (var sql in migration.Statements)
            {
                await transaction.ExecuteAsync(sql, cancellationToken).ConfigureAwait(false);
            }

            await transaction.ExecuteAsync(
                $"INSERT INTO {statements.SchemaVersionTable} (version, description, applied_at) VALUES (@version, @description, @at)",
                cancellationToken,
                ("@version", migration.Version),
                ("@description", migration.Description),
                ("@at", DateTimeOffset.UtcNow.ToUnixMs())).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the newest recorded schema version.</summary>
    public static async Task<int> ReadVersionAsync(DbConnection connection, DbTransaction? transaction, SqlStatements statements, CancellationToken cancellationToken)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = transaction;
            command.CommandText = $"SELECT COALESCE(MAX(version), 0) FROM {statements.SchemaVersionTable}";
            return (int)Db.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false));
        }
    }
}
