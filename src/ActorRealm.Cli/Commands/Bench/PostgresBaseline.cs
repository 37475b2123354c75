using Npgsql;
using NpgsqlTypes;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>
/// PostgreSQL baseline: its own schema, a table with the journal table's layout and indexes, and one multi-row
/// INSERT (arrays unnested server-side) per batch transaction, with the journal's <c>synchronous_commit</c> rule.
/// </summary>
internal sealed class PostgresBaseline : BaselineWriter
{
    private readonly NpgsqlConnection _connection;
    private readonly string _connectionString;
    private readonly string _schema;
    private readonly string _table;

    private PostgresBaseline(NpgsqlConnection connection, string connectionString, string schema)
    {
        _connection = connection;
        _connectionString = connectionString;
        _schema = schema;
        _table = schema + ".events";
    }

    public static async Task<PostgresBaseline> OpenAsync(string connectionString, string schema)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var table = schema + ".events";
        await using (var setup = new NpgsqlCommand(
            $"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}; " +
            $"CREATE TABLE {table} (ordering BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, persistence_id TEXT NOT NULL, " +
            "sequence_nr BIGINT NOT NULL, manifest TEXT NOT NULL, payload BYTEA NOT NULL, tags TEXT NULL, written_at BIGINT NOT NULL, " +
            "UNIQUE (persistence_id, sequence_nr))",
            connection))
        {
            await setup.ExecuteNonQueryAsync();
        }

        await using (var durability = new NpgsqlCommand("SELECT current_setting('synchronous_commit')", connection))
        {
            if ((string?)await durability.ExecuteScalarAsync() == "off")
            {
                durability.CommandText = "SET synchronous_commit TO on";
                await durability.ExecuteNonQueryAsync();
            }
        }

        var baseline = new PostgresBaseline(connection, connectionString, schema);
        baseline.Start();
        return baseline;
    }

    /// <summary>Drops a schema the benchmark created (best effort: the server may be gone).</summary>
    public static async Task DropSchemaAsync(string connectionString, string schema)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException)
        {
            // Nothing to clean up when the server could not be reached in the first place.
        }
    }

    protected override async Task WriteAsync(IReadOnlyList<Row> rows)
    {
        await using var transaction = await _connection.BeginTransactionAsync();
        await using var insert = new NpgsqlCommand(
            $"INSERT INTO {_table} (persistence_id, sequence_nr, manifest, payload, tags, written_at) " +
            "SELECT pid, seq, 'bench', payload, NULL, @at FROM unnest(@pids, @seqs, @payloads) AS e(pid, seq, payload)",
            _connection,
            transaction);
        insert.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.Bigint) { Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
        insert.Parameters.Add(new NpgsqlParameter("pids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => r.PersistenceId).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => r.SequenceNr).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = rows.Select(r => r.Payload).ToArray() });
        await insert.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        await _connection.DisposeAsync();
        await DropSchemaAsync(_connectionString, _schema);
    }
}
