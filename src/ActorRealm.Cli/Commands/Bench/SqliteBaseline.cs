using ActorRealm.Persistence.Sqlite;
using Microsoft.Data.Sqlite;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>
/// SQLite baseline: its own file beside the journal, WAL mode and the journal's <c>synchronous</c> level, a table
/// with the journal table's layout and indexes, and one prepared INSERT per row inside each batch transaction.
/// </summary>
internal sealed class SqliteBaseline : BaselineWriter
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;

    private SqliteBaseline(SqliteConnection connection)
    {
        _connection = connection;
        _insert = connection.CreateCommand();
        _insert.CommandText = "INSERT INTO events (persistence_id, sequence_nr, manifest, payload, tags, written_at) VALUES (@pid, @seq, 'bench', @payload, NULL, @at)";
        foreach (var name in new[] { "@pid", "@seq", "@payload", "@at" })
        {
            _insert.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }
    }

    public static async Task<SqliteBaseline> OpenAsync(string directory, SqliteSynchronous synchronous)
    {
        var path = Path.Combine(directory, "baseline.db");
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using (var setup = connection.CreateCommand())
        {
            setup.CommandText =
                $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {(synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL")}; " +
                "CREATE TABLE events (ordering INTEGER PRIMARY KEY AUTOINCREMENT, persistence_id TEXT NOT NULL, sequence_nr INTEGER NOT NULL, " +
                "manifest TEXT NOT NULL, payload BLOB NOT NULL, tags TEXT NULL, written_at INTEGER NOT NULL, UNIQUE (persistence_id, sequence_nr))";
            await setup.ExecuteNonQueryAsync();
        }

        var baseline = new SqliteBaseline(connection);
        baseline.Start();
        return baseline;
    }

    protected override async Task WriteAsync(IReadOnlyList<Row> rows)
    {
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync();
        _insert.Transaction = transaction;
        _insert.Parameters[3].Value = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var row in rows)
        {
            _insert.Parameters[0].Value = row.PersistenceId;
            _insert.Parameters[1].Value = row.SequenceNr;
            _insert.Parameters[2].Value = row.Payload;
            await _insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    protected override async ValueTask DisposeCoreAsync()
    {
        await _insert.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
