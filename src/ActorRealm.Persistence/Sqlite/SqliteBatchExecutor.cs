using System.Data.Common;
using ActorRealm.Persistence.Journal;
using ActorRealm.Persistence.Storage;
using Microsoft.Data.Sqlite;

namespace ActorRealm.Persistence.Sqlite;

/// <summary>
/// SQLite's side of the group commit: one write connection with the configured <c>synchronous</c> level, and
/// prepared statements reused across batches (one row per statement is SQLite's fastest insert path).
/// </summary>
internal sealed class SqliteBatchExecutor(string connectionString, SqliteSynchronous synchronous) : SqlBatchExecutor(SqliteSchema.Statements)
{
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const long NormalLevel = 1;
    private const long FullLevel = 2;
    private PreparedCommands? _commands;

    /// <summary>SQLite's <c>synchronous</c> level read back from the open write connection (2 = FULL, 1 = NORMAL); null before it opened.</summary>
    internal long? WriteConnectionSynchronous { get; private set; }

    protected override bool IsUniqueViolation(Exception error) =>
        error is SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey };

    protected override async Task<DbConnection> OpenWriteConnectionAsync()
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync().ConfigureAwait(false);
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                command.CommandText = $"PRAGMA synchronous = {(synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL")}";
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);

                // An unknown or ignored pragma fails silently in SQLite: read the level back, so that every
                // acknowledgement really rests on the durability the settings promise.
                command.CommandText = "PRAGMA synchronous";
                var level = Db.ToInt64(await command.ExecuteScalarAsync().ConfigureAwait(false));
                var expected = synchronous == SqliteSynchronous.Full ? FullLevel : NormalLevel;
                if (level != expected)
                {
                    throw new JournalWriteException($"The journal's write connection runs with synchronous={level}, not {expected} ({synchronous}) as configured; nothing is written.");
                }

                WriteConnectionSynchronous = level;
            }

            _commands = new PreparedCommands(connection, Statements);
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
        var command = PreparedCommands.Bind(Commands.Highest, transaction);
        var highest = new Dictionary<string, long>(ids.Count, StringComparer.Ordinal);
        foreach (var id in ids)
        {
            command.Parameters[0].Value = id;
            highest[id] = Db.ToInt64(await command.ExecuteScalarAsync().ConfigureAwait(false));
        }

        return highest;
    }

    protected override async Task InsertEventsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AppendRequest> appends, long writtenAtMs)
    {
        var insert = PreparedCommands.Bind(Commands.Insert, transaction);
        var parameters = insert.Parameters;
        parameters[5].Value = writtenAtMs;
        foreach (var append in appends)
        {
            parameters[0].Value = append.PersistenceId;
            for (var i = 0; i < append.Events.Count; i++)
            {
                var data = append.Events[i];
                parameters[1].Value = append.FirstSequenceNr + i;
                parameters[2].Value = data.Manifest;
                parameters[3].Value = data.Payload;
                parameters[4].Value = (object?)append.TagsJson[i] ?? DBNull.Value;
                await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
                if (append.TagsJson[i] is not null)
                {
                    await InsertTagsAsync(transaction, data.Tags).ConfigureAwait(false);
                }
            }
        }
    }

    private PreparedCommands Commands => _commands ?? throw new InvalidOperationException("The write connection is not open.");

    private async Task InsertTagsAsync(DbTransaction transaction, IReadOnlyList<string> tags)
    {
        var ordering = Db.ToInt64(await PreparedCommands.Bind(Commands.LastRowId, transaction).ExecuteScalarAsync().ConfigureAwait(false));
        var insertTag = PreparedCommands.Bind(Commands.InsertTag, transaction);
        insertTag.Parameters[1].Value = ordering;
        foreach (var tag in Tags.Distinct(tags))
        {
            insertTag.Parameters[0].Value = tag;
            await insertTag.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Commands kept for the life of one write connection so SQLite reuses their prepared statements.</summary>
    private sealed class PreparedCommands(SqliteConnection connection, SqlStatements statements)
    {
        public SqliteCommand Highest { get; } = Create(connection, statements.Highest, "@pid");

        public SqliteCommand Insert { get; } = Create(connection, statements.InsertEvent, "@pid", "@seq", "@manifest", "@payload", "@tags", "@at");

        public SqliteCommand LastRowId { get; } = Create(connection, "SELECT last_insert_rowid()");

        public SqliteCommand InsertTag { get; } = Create(connection, statements.InsertTag, "@tag", "@ordering");

        public static SqliteCommand Bind(SqliteCommand command, DbTransaction transaction)
        {
            command.Transaction = (SqliteTransaction)transaction;
            return command;
        }

        private static SqliteCommand Create(SqliteConnection connection, string sql, params string[] parameterNames)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameterNames)
            {
                command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
            }

            return command;
        }
    }
}
