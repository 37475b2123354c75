using System.Data.Common;
using LinqToDB.Interceptors;

namespace ActorRealm.Persistence.Sqlite;

/// <summary>
/// Runs on every connection the SQLite plugins open (journal, snapshot store, queries): WAL mode, the configured
/// <c>synchronous</c> level and the busy timeout, read back so that no write is ever acknowledged on a connection that
/// silently kept a weaker level (SQLite ignores a pragma it does not like without an error).
/// </summary>
internal sealed class SqliteDurabilityInterceptor(SqliteSynchronous synchronous, TimeSpan busyTimeout) : ConnectionInterceptor
{
    private readonly long _expectedLevel = synchronous == SqliteSynchronous.Full ? 2 : 1;

    private readonly string _pragmas =
        $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; " +
        $"PRAGMA synchronous = {(synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL")}; " +
        "PRAGMA journal_mode = WAL; PRAGMA synchronous;";

    public override void ConnectionOpened(ConnectionEventData eventData, DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Apply(connection);
    }

    public override async Task ConnectionOpenedAsync(ConnectionEventData eventData, DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);

        // Microsoft.Data.Sqlite completes its "async" calls synchronously. Without this yield the journal's write
        // stream runs each write to its commit inside the call that hands it over, so writes that arrive meanwhile
        // are never combined into one transaction (one fsync per event). Yielding makes the write a real
        // asynchronous step: the stream batches what arrives while a transaction commits (ADR 0046).
        await Task.Yield();
        Apply(connection);
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragmas;
        using var reader = command.ExecuteReader();
        string? mode = null;
        long? level = null;
        do
        {
            while (reader.Read())
            {
                switch (reader.GetName(0))
                {
                    case "journal_mode":
                        mode = reader.GetString(0);
                        break;
                    case "synchronous":
                        level = reader.GetInt64(0);
                        break;
                }
            }
        }
        while (reader.NextResult());

        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase) || level != _expectedLevel)
        {
            throw new PersistenceException(
                $"The SQLite connection to {connection.DataSource} runs with journal_mode={mode ?? "?"}, synchronous={level?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}; " +
                $"ActorRealm requires journal_mode=wal and synchronous={_expectedLevel} ({synchronous}). Nothing is written on it.");
        }
    }
}
