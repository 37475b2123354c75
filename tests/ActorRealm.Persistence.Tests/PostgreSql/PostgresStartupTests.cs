using ActorRealm.Persistence.PostgreSql;
using ActorRealm.Persistence.Tests.Support;
using Npgsql;

namespace ActorRealm.Persistence.Tests.PostgreSql;

/// <summary>Bad connection settings and foreign schemas are refused at start-up with an error naming the server, never the password.</summary>
public sealed class PostgresStartupTests : IAsyncLifetime
{
    private readonly string _schema = PostgresTestServer.NewSchemaName();

    private PostgresLocation Location => new(_schema);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (PostgresTestServer.ConnectionString is not null)
        {
            await PostgresTestServer.DropSchemaAsync(_schema);
        }
    }

    [Fact]
    public async Task An_empty_connection_string_is_refused_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => CheckAsync(string.Empty));

        Assert.Contains("actorrealm.persistence.postgresql.connection-string", error.Message, StringComparison.Ordinal);
        Assert.Throws<PersistenceStartupException>(() => AkkaPersistenceSetup.Build(Settings(string.Empty), null));
    }

    [Fact]
    public async Task A_malformed_connection_string_is_refused_without_echoing_it()
    {
        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => CheckAsync("Host=db;Pasword=secret-value;Frobnicate=1"));

        Assert.Contains("connection string", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_named_in_the_error()
    {
        // Port 1 on the loopback address: nothing listens there, so the connection is refused at once.
        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => CheckAsync("Host=127.0.0.1;Port=1;Username=u;Password=secret-value;Database=d;Timeout=5"));

        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task A_wrong_password_is_refused_naming_the_server_and_user_but_not_the_password()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresTestServer.ConnectionString) { Password = "wrong-password-value" };

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => CheckAsync(builder.ConnectionString));

        Assert.Contains($"{builder.Host}:{builder.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"user '{builder.Username}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("password authentication failed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-value", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task A_missing_database_is_named_in_the_error()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresTestServer.ConnectionString) { Database = "no_such_database_here" };

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => CheckAsync(builder.ConnectionString));

        Assert.Contains("no_such_database_here", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task A_new_schema_is_created_with_its_tables_and_schema_version()
    {
        var report = await PersistenceStartup.CheckAsync(Location.Settings(), null);

        Assert.Contains($"schema '{Location.Schema}'", report.Store, StringComparison.Ordinal);
        Assert.Equal(2, await PostgresTestServer.ScalarAsync($"SELECT MAX(version) FROM {Location.Schema}.journal_schema_version"));
        Assert.Equal("journal,journal_schema_version,snapshot,tags", await PostgresTestServer.ScalarAsync(
            $"SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = '{Location.Schema}'"));
    }

    [PostgresFact]
    public async Task A_schema_from_a_newer_release_is_refused_naming_the_server_and_both_versions()
    {
        await PersistenceStartup.CheckAsync(Location.Settings(), null);
        await PostgresTestServer.ExecuteAsync($"INSERT INTO {Location.Schema}.journal_schema_version VALUES (4, 'from the future', 0)");

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => PersistenceStartup.CheckAsync(Location.Settings(), null));

        Assert.Equal((4, 2), (error.FoundVersion, error.KnownVersion));
        Assert.Contains("PostgreSQL server", error.Message, StringComparison.Ordinal);
        Assert.Contains($"schema '{Location.Schema}'", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Tables_of_the_store_without_a_version_table_are_refused_but_other_applications_tables_are_left_alone()
    {
        await PostgresTestServer.ExecuteAsync($"CREATE SCHEMA {Location.Schema}; CREATE TABLE {Location.Schema}.invoices (id int)");
        await PersistenceStartup.CheckAsync(Location.Settings(), null);

        var other = new PostgresLocation();
        try
        {
            await PostgresTestServer.ExecuteAsync($"CREATE SCHEMA {other.Schema}; CREATE TABLE {other.Schema}.journal (id int)");
            var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => PersistenceStartup.CheckAsync(other.Settings(), null));
            Assert.Contains("journal", error.Message, StringComparison.Ordinal);
            Assert.Equal(0L, await PostgresTestServer.ScalarAsync($"SELECT COUNT(*) FROM pg_tables WHERE schemaname = '{other.Schema}' AND tablename = 'journal_schema_version'"));
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task Nodes_starting_together_create_the_schema_once()
    {
        var reports = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PersistenceStartup.CheckAsync(Location.Settings(), null)));

        Assert.All(reports, r => Assert.Empty(r.Warnings));
        Assert.Equal(1L, await PostgresTestServer.ScalarAsync($"SELECT COUNT(*) FROM {Location.Schema}.journal_schema_version"));
    }

    [Fact]
    public void The_connection_string_gets_synchronous_commit_and_a_bounded_pool_unless_the_user_chose_one()
    {
        var built = PostgresConnection.Build(new PostgresJournalSettings { ConnectionString = "Host=db;Username=u;Password=p;Options=-c synchronous_commit=off", CommandTimeout = TimeSpan.FromSeconds(7) });
        var chosen = PostgresConnection.Build(new PostgresJournalSettings { ConnectionString = "Host=db;Username=u;Maximum Pool Size=80" });

        Assert.Equal("-c synchronous_commit=off -c synchronous_commit=on", built.Options);
        Assert.Equal((PostgresConnection.DefaultMaxPoolSize, 7), (built.MaxPoolSize, built.CommandTimeout));
        Assert.Equal(80, chosen.MaxPoolSize);
        Assert.DoesNotContain("Password", AkkaPersistenceSetup.Build(Settings("Host=db;Username=u;Password=hidden-value"), null).Hocon, StringComparison.OrdinalIgnoreCase);
    }

    private static PersistenceSettings Settings(string connectionString) =>
        new() { Provider = PersistenceProvider.PostgreSql, PostgreSql = new PostgresJournalSettings { ConnectionString = connectionString } };

    private static Task<PersistenceStartupReport> CheckAsync(string connectionString) => PersistenceStartup.CheckAsync(Settings(connectionString), null);
}
