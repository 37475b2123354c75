using Npgsql;

namespace ActorRealm.Persistence.Startup;

/// <summary>
/// The PostgreSQL schema at start-up: reachable server of a supported version, durability warnings, and the schema
/// created or checked under an advisory lock, so that nodes starting together create it once.
/// </summary>
internal static class PostgresStoreCheck
{
    /// <summary>The oldest server whose SQL dialect the plugins are configured for (linq2db's PostgreSQL.15).</summary>
    public const int MinimumServerVersion = 150000;

    /// <summary>Creates the schema and tables when missing, else checks them; returns warnings for the operator.</summary>
    public static async Task<IReadOnlyList<string>> PrepareAsync(StoreTarget target, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        var schema = target.Settings.PostgreSql.Schema;
        var connection = await OpenAsync(target, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await CheckServerAsync(connection, target, warnings, cancellationToken).ConfigureAwait(false);

            // A session lock (not a transaction's): it must also cover the plugin tables, created on other connections.
            var key = "actorrealm.store." + schema;
            await ExecuteAsync(connection, "SELECT pg_advisory_lock(hashtext(@key))", cancellationToken, key).ConfigureAwait(false);
            try
            {
                if (await DecideAsync(connection, target, readOnly: false, cancellationToken).ConfigureAwait(false) == SchemaAction.Create)
                {
                    var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    await using (transaction.ConfigureAwait(false))
                    {
                        await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {schema}", cancellationToken).ConfigureAwait(false);
                        await StoreSchema.CreateVersionTableAsync(connection, transaction, schema + ".", cancellationToken).ConfigureAwait(false);
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                await StoreSchema.CreatePluginTablesAsync(target, AkkaPersistenceSetup.DataOptionsFor(target), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await ExecuteAsync(connection, "SELECT pg_advisory_unlock(hashtext(@key))", CancellationToken.None, key).ConfigureAwait(false);
            }
        }

        return warnings;
    }

    /// <summary>Opens a connection, turning failures into a message naming the server (never the password).</summary>
    public static async Task<NpgsqlConnection> OpenAsync(StoreTarget target, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(target.ConnectionString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new PersistenceStartupException($"Cannot connect to the store on {target.Description}: {e.Message}. Check that the server runs and accepts this user.", e);
        }
    }

    /// <summary>Reads the tables of the schema and decides what to do with them.</summary>
    public static async Task<SchemaAction> DecideAsync(NpgsqlConnection connection, StoreTarget target, bool readOnly, CancellationToken cancellationToken)
    {
        var schema = target.Settings.PostgreSql.Schema;
        var tables = new List<string>();
        var command = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = @schema", connection);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddWithValue("schema", schema);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    tables.Add(reader.GetString(0));
                }
            }
        }

        // Unlike a SQLite file, a schema (often "public") may hold other applications' tables: only ActorRealm's
        // table names take part in the decision.
        var ours = tables.Where(t => StoreLayout.OwnTables.Contains(t, StringComparer.Ordinal)).ToList();
        var version = await StoreSchema.ReadVersionAsync(connection, schema + ".", ours, cancellationToken).ConfigureAwait(false);
        return SchemaDecision.Decide($"The {target.Description}", version, ours, readOnly);
    }

    private static async Task CheckServerAsync(NpgsqlConnection connection, StoreTarget target, List<string> warnings, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand("SELECT current_setting('server_version_num')::int, current_setting('server_version'), current_setting('fsync')", connection);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                if (reader.GetInt32(0) < MinimumServerVersion)
                {
                    throw new PersistenceStartupException(
                        $"The {target.Description} runs PostgreSQL {reader.GetString(1)}; ActorRealm needs PostgreSQL 15 or newer.");
                }

                if (reader.GetString(2) == "off")
                {
                    warnings.Add($"The {target.Description} runs with fsync=off: acknowledged events can be lost when the server or its machine crashes.");
                }
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, string? key = null)
    {
        var command = new NpgsqlCommand(sql, connection);
        await using (command.ConfigureAwait(false))
        {
            if (key is not null)
            {
                command.Parameters.AddWithValue("key", key);
            }

            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
