using ActorRealm.Persistence.Sqlite;
using ActorRealm.TestKit;
using Microsoft.Data.Sqlite;

namespace ActorRealm.Persistence.Tests.Support;

/// <summary>Where a conformance test keeps its store: a temp folder (SQLite) or a private schema (PostgreSQL).</summary>
public interface IStoreLocation : IAsyncDisposable
{
    Task<PersistenceStore> OpenAsync(PersistenceSettings settings);

    /// <summary>Makes every insert of an event with <paramref name="manifest"/> fail inside the database (a real statement failure).</summary>
    Task InstallFailingInsertAsync(string manifest);
}

public sealed class SqliteLocation : IStoreLocation
{
    private readonly TempDirectory _directory = new();

    public string DataDirectory => _directory.Path;

    public string FilePath => _directory.File("journal.db");

    public Task<PersistenceStore> OpenAsync(PersistenceSettings settings) =>
        PersistenceStore.OpenAsync(settings with { Provider = PersistenceProvider.Sqlite }, _directory.Path);

    public async Task InstallFailingInsertAsync(string manifest)
    {
        await using var connection = new SqliteConnection(SqliteStore.ConnectionString(FilePath, SqliteOpenMode.ReadWrite, pooling: false, new SqliteJournalSettings()));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"CREATE TRIGGER fail_insert BEFORE INSERT ON event_journal WHEN NEW.manifest = '{manifest}' BEGIN SELECT RAISE(ABORT, 'injected insert failure'); END";
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

    public PersistenceSettings Apply(PersistenceSettings settings) => settings with
    {
        Provider = PersistenceProvider.PostgreSql,
        PostgreSql = settings.PostgreSql with { ConnectionString = PostgresTestServer.ConnectionString!, Schema = Schema },
    };

    public Task<PersistenceStore> OpenAsync(PersistenceSettings settings) => PersistenceStore.OpenAsync(Apply(settings), null);

    public Task InstallFailingInsertAsync(string manifest) => PostgresTestServer.ExecuteAsync(
        $"CREATE FUNCTION {Schema}.fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected insert failure'; END $$; " +
        $"CREATE TRIGGER fail_insert BEFORE INSERT ON {Schema}.event_journal FOR EACH ROW WHEN (NEW.manifest = '{manifest}') EXECUTE FUNCTION {Schema}.fail_insert();");

    public async ValueTask DisposeAsync() => await PostgresTestServer.DropSchemaAsync(Schema);
}
