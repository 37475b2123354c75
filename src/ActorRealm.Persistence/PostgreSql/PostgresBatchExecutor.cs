using System.Data.Common;
using ActorRealm.Persistence.Storage;
using Npgsql;
using NpgsqlTypes;

namespace ActorRealm.Persistence.PostgreSql;

/// <summary>
/// PostgreSQL's side of the group commit: one round trip reads the highest sequence numbers of every id in the batch,
/// one multi-row INSERT (arrays unnested server-side) writes every accepted event and its tags.
/// </summary>
internal sealed class PostgresBatchExecutor(NpgsqlDataSource dataSource, SqlStatements statements) : SqlBatchExecutor(statements)
{
    private readonly string _highestSql =
        "SELECT p.id, GREATEST(" +
        $"COALESCE((SELECT MAX(sequence_nr) FROM {statements.JournalTable} WHERE persistence_id = p.id), 0), " +
        $"COALESCE((SELECT deleted_to FROM {statements.MetadataTable} WHERE persistence_id = p.id), 0)) FROM unnest(@ids) AS p(id)";

    private readonly string _insertSql =
        $"INSERT INTO {statements.JournalTable} (persistence_id, sequence_nr, manifest, payload, tags, written_at) " +
        "SELECT pid, seq, manifest, payload, tags, @at FROM unnest(@pids, @seqs, @manifests, @payloads, @tags) " +
        "WITH ORDINALITY AS e(pid, seq, manifest, payload, tags, n) ORDER BY n";

    protected override bool IsUniqueViolation(Exception error) => error is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    protected override async Task<DbConnection> OpenWriteConnectionAsync()
    {
        var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
        try
        {
            // Every level but "off" waits for the local WAL flush; "off" would acknowledge what a crash can lose.
            var command = new NpgsqlCommand("SELECT current_setting('synchronous_commit')", connection);
            await using (command.ConfigureAwait(false))
            {
                if ((string?)await command.ExecuteScalarAsync().ConfigureAwait(false) == "off")
                {
                    command.CommandText = "SET synchronous_commit TO on";
                    await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    protected override async Task<Dictionary<string, long>> LoadHighestAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> ids)
    {
        var command = new NpgsqlCommand(_highestSql, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = ids.ToArray() });
            var highest = new Dictionary<string, long>(ids.Count, StringComparer.Ordinal);
            var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    highest[reader.GetString(0)] = reader.GetInt64(1);
                }
            }

            return highest;
        }
    }

    protected override async Task InsertEventsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AppendRequest> appends, long writtenAtMs)
    {
        var count = appends.Sum(a => a.Events.Count);
        var pids = new string[count];
        var seqs = new long[count];
        var manifests = new string[count];
        var payloads = new byte[count][];
        var tags = new string?[count];
        var row = 0;
        foreach (var append in appends)
        {
            for (var i = 0; i < append.Events.Count; i++, row++)
            {
                pids[row] = append.PersistenceId;
                seqs[row] = append.FirstSequenceNr + i;
                manifests[row] = append.Events[i].Manifest;
                payloads[row] = append.Events[i].Payload;
                tags[row] = append.TagsJson[i];
            }
        }

        var tagged = tags.Any(t => t is not null);
        var sql = tagged
            ? $"WITH ins AS ({_insertSql} RETURNING ordering, tags) INSERT INTO {Statements.TagTable} (tag, ordering) " +
              "SELECT DISTINCT x.tag, ins.ordering FROM ins CROSS JOIN LATERAL json_array_elements_text(ins.tags::json) AS x(tag) WHERE ins.tags IS NOT NULL"
            : _insertSql;
        var command = new NpgsqlCommand(sql, (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.Bigint) { Value = writtenAtMs });
            command.Parameters.Add(new NpgsqlParameter("pids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = pids });
            command.Parameters.Add(new NpgsqlParameter("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = seqs });
            command.Parameters.Add(new NpgsqlParameter("manifests", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = manifests });
            command.Parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = payloads });
            command.Parameters.Add(new NpgsqlParameter("tags", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = tags });
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }
}
