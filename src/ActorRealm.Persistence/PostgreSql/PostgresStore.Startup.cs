using ActorRealm.Persistence.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ActorRealm.Persistence.PostgreSql;

/// <summary>Start-up: durability warnings, schema creation and migration under an advisory lock.</summary>
internal sealed partial class PostgresStore
{
    private static async Task WarnAboutDurabilityAsync(NpgsqlConnection connection, string description, ILogger logger, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand("SELECT current_setting('fsync')", connection);
        await using (command.ConfigureAwait(false))
        {
            if ((string?)await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) == "off")
            {
                LogFsyncOff(logger, description);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Server} runs with fsync=off: acknowledged events can be lost when the server or its machine crashes.")]
    private static partial void LogFsyncOff(ILogger logger, string server);

    private static async Task CheckAndMigrateAsync(
        NpgsqlConnection connection,
        string schema,
        SqlStatements statements,
        string description,
        bool readOnly,
        CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (!readOnly)
            {
                // Nodes starting together migrate one after the other; the lock ends with the transaction.
                await transaction.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext(@key))", cancellationToken, ("@key", "actorrealm.journal." + schema)).ConfigureAwait(false);
                if (!await ExistsAsync(transaction, "SELECT 1 FROM pg_namespace WHERE nspname = @schema", schema, cancellationToken).ConfigureAwait(false))
                {
                    await transaction.ExecuteAsync($"CREATE SCHEMA {schema}", cancellationToken).ConfigureAwait(false);
                }
            }

            var ownTables = new List<string>();
            foreach (var table in PostgresSchema.OwnTables)
            {
                if (await ExistsAsync(transaction, "SELECT 1 FROM pg_tables WHERE schemaname = @schema AND tablename = @table", schema, cancellationToken, table).ConfigureAwait(false))
                {
                    ownTables.Add(table);
                }
            }

            int? version = ownTables.Contains(PostgresSchema.OwnTables[0])
                ? await SchemaMigrator.ReadVersionAsync(connection, transaction, statements, cancellationToken).ConfigureAwait(false)
                : null;
            var pending = SchemaMigrator.Pending(description, version, ownTables, PostgresSchema.Migrations(statements), readOnly);
            if (pending.Count > 0)
            {
                await SchemaMigrator.ApplyAsync(transaction, statements, pending, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<bool> ExistsAsync(NpgsqlTransaction transaction, string sql, string schema, CancellationToken cancellationToken, string? table = null)
    {
        var command = new NpgsqlCommand(sql, transaction.Connection, transaction);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("schema", schema);
            if (table is not null)
            {
                command.Parameters.AddWithValue("table", table);
            }

            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null;
        }
    }
}
