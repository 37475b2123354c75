using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorRealm.Persistence.Tests.Support;

/// <summary>Where a test keeps its store (a temp folder for SQLite, a private schema for PostgreSQL) and how to reach into it directly.</summary>
public interface IStoreLocation : IAsyncDisposable
{
    /// <summary>Settings naming this store; <paramref name="adjust"/> changes provider-specific values first.</summary>
    PersistenceSettings Settings(Func<PersistenceSettings, PersistenceSettings>? adjust = null);

    /// <summary>The node data directory to pass (SQLite: the folder; PostgreSQL: none).</summary>
    string? DataDirectory { get; }

    /// <summary>A connection of the test's own, beside the plugins'.</summary>
    Task<DbConnection> OpenAsync();

    /// <summary>Table names qualified for this store.</summary>
    string Table(string name);

    /// <summary>Holds the store's write lock until disposed: every write of the journal waits (and times out).</summary>
    Task<IAsyncDisposable> HoldWritesAsync();

    /// <summary>Makes the database refuse every journal row whose manifest is <paramref name="manifest"/> (a real statement failure).</summary>
    Task InstallFailingInsertAsync(string manifest);
}

public static class StoreLocationExtensions
{
    public static async Task<object?> ScalarAsync(this IStoreLocation location, string sql)
    {
        await using var connection = await location.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    public static async Task<long> CountAsync(this IStoreLocation location, string sql) => Convert.ToInt64(await location.ScalarAsync(sql), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether the journal holds the event, as a separate connection sees committed data.</summary>
    public static bool IsStored(this IStoreLocation location, string persistenceId, long sequenceNr) =>
        location.CountAsync($"SELECT COUNT(*) FROM {location.Table("journal")} WHERE persistence_id = '{persistenceId}' AND sequence_number = {sequenceNr}")
            .GetAwaiter().GetResult() == 1;

    private sealed class Release(Func<Task> release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await release();
    }

    internal static IAsyncDisposable Releasing(Func<Task> release) => new Release(release);
}

public sealed class SqliteLocation : IStoreLocation
{
    private readonly TempDirectory _directory = new();

    public string? DataDirectory => _directory.Path;

    public string FilePath => _directory.File("journal.db");

    public PersistenceSettings Settings(Func<PersistenceSettings, PersistenceSettings>? adjust = null) =>
        (adjust ?? (s => s))(new PersistenceSettings());

    public async Task<DbConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={FilePath};Mode=ReadWrite;Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    public string Table(string name) => name;

    public async Task<IAsyncDisposable> HoldWritesAsync()
    {
        var connection = await OpenAsync();
        await using (var begin = connection.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }

        return StoreLocationExtensions.Releasing(async () =>
        {
            await using (var rollback = connection.CreateCommand())
            {
                rollback.CommandText = "ROLLBACK";
                await rollback.ExecuteNonQueryAsync();
            }

            await connection.DisposeAsync();
        });
    }

    public async Task InstallFailingInsertAsync(string manifest)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE TRIGGER fail_insert BEFORE INSERT ON journal WHEN NEW.manifest = '{manifest}' BEGIN SELECT RAISE(ABORT, 'injected insert failure'); END";
        await command.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed class PostgresLocation(string? schema = null) : IStoreLocation
{
    public string Schema { get; } = schema ?? PostgresTestServer.NewSchemaName();

    public string? DataDirectory => null;

    public PersistenceSettings Settings(Func<PersistenceSettings, PersistenceSettings>? adjust = null)
    {
        var settings = new PersistenceSettings
        {
            Provider = PersistenceProvider.PostgreSql,
            PostgreSql = new() { ConnectionString = PostgresTestServer.ConnectionString!, Schema = Schema },
        };
        return (adjust ?? (s => s))(settings);
    }

    public async Task<DbConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(PostgresTestServer.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public string Table(string name) => $"{Schema}.{name}";

    public async Task<IAsyncDisposable> HoldWritesAsync()
    {
        var connection = (NpgsqlConnection)await OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand($"LOCK TABLE {Table("journal")} IN EXCLUSIVE MODE", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        return StoreLocationExtensions.Releasing(async () =>
        {
            await transaction.RollbackAsync();
            await connection.DisposeAsync();
        });
    }

    public Task InstallFailingInsertAsync(string manifest) => PostgresTestServer.ExecuteAsync(
        $"CREATE FUNCTION {Schema}.fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected insert failure'; END $$; " +
        $"CREATE TRIGGER fail_insert BEFORE INSERT ON {Table("journal")} FOR EACH ROW WHEN (NEW.manifest = '{manifest}') EXECUTE FUNCTION {Schema}.fail_insert();");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await PostgresTestServer.DropSchemaAsync(Schema);
    }
}
