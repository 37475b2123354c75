using ActorRealm.Persistence.Journal;
using ActorRealm.Persistence.PostgreSql;
using ActorRealm.Persistence.Tests.Support;
using ActorRealm.TestKit;
using Npgsql;

namespace ActorRealm.Persistence.Tests.PostgreSql;

/// <summary>Bad connection settings and foreign schemas are refused at start-up with an error naming the server.</summary>
public sealed class PostgresStartupTests : IAsyncLifetime
{
    private readonly string _schema = PostgresTestServer.NewSchemaName();

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
        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => OpenAsync(string.Empty));

        Assert.Contains("actorrealm.persistence.postgresql.connection-string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_connection_string_is_refused_without_echoing_it()
    {
        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => OpenAsync("Host=db;Pasword=secret-value;Frobnicate=1"));

        Assert.Contains("connection string", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_named_in_the_error()
    {
        // Port 1 on the loopback address: nothing listens there, so the connection is refused at once.
        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => OpenAsync("Host=127.0.0.1;Port=1;Username=u;Password=secret-value;Database=d;Timeout=5"));

        Assert.Contains("127.0.0.1:1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task A_wrong_password_is_refused_naming_the_server_and_user_but_not_the_password()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresTestServer.ConnectionString) { Password = "wrong-password-value" };

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => OpenAsync(builder.ConnectionString));

        Assert.Contains($"{builder.Host}:{builder.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"user '{builder.Username}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("password authentication failed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-value", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task A_missing_database_is_named_in_the_error()
    {
        var builder = new NpgsqlConnectionStringBuilder(PostgresTestServer.ConnectionString) { Database = "no_such_database_here" };

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => OpenAsync(builder.ConnectionString));

        Assert.Contains("no_such_database_here", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task A_schema_from_a_newer_release_is_refused_naming_the_server_and_both_versions()
    {
        await using (await Location.OpenAsync(new PersistenceSettings()))
        {
        }

        await PostgresTestServer.ExecuteAsync($"INSERT INTO {Location.Schema}.journal_schema_version VALUES (4, 'from the future', 0)");

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => Location.OpenAsync(new PersistenceSettings()));

        Assert.Equal((4, 1), (error.FoundVersion, error.KnownVersion));
        Assert.Contains("PostgreSQL server", error.Message, StringComparison.Ordinal);
        Assert.Contains($"schema '{Location.Schema}'", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Journal_tables_without_a_version_table_are_refused()
    {
        await PostgresTestServer.ExecuteAsync($"CREATE SCHEMA {Location.Schema}; CREATE TABLE {Location.Schema}.event_journal (id int)");

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => Location.OpenAsync(new PersistenceSettings()));

        Assert.Contains("event_journal", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Nodes_starting_together_create_the_schema_once()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Location.OpenAsync(new PersistenceSettings())));
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        await using var check = await Location.OpenAsync(new PersistenceSettings());
        Assert.Equal(0, await check.Journal.HighestSequenceNrAsync("x"));
    }

    [PostgresFact]
    public async Task Two_stores_appending_to_the_same_id_race_safely_through_the_unique_constraint()
    {
        await using var first = await Location.OpenAsync(new PersistenceSettings());
        await using var second = await Location.OpenAsync(new PersistenceSettings());

        var outcomes = new List<bool>();
        for (var round = 1; round <= 20; round++)
        {
            var seq = round;
            var results = await Task.WhenAll(new[] { first, second }.Select(async store =>
            {
                try
                {
                    await store.Journal.AppendAsync("shared", await store.Journal.HighestSequenceNrAsync("shared") + 1, [StoreTestBase.Event($"{seq}")]);
                    return true;
                }
                catch (SequenceConflictException)
                {
                    return false;
                }
            }));
            outcomes.AddRange(results);
        }

        var events = await first.Journal.ReadAsync("shared").ToListAsync();
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.SequenceNr));
        Assert.Equal(outcomes.Count(won => won), events.Count);
        Assert.InRange(events.Count, 20, 40);
    }

    [PostgresFact]
    public async Task A_commit_refused_by_the_server_fails_every_append_of_the_batch()
    {
        await using var store = await Location.OpenAsync(new PersistenceSettings());
        // A deferred constraint trigger fails at COMMIT itself, after every statement of the batch succeeded.
        await PostgresTestServer.ExecuteAsync(
            $"CREATE FUNCTION {Location.Schema}.fail_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected commit failure'; END $$; " +
            $"CREATE CONSTRAINT TRIGGER fail_commit AFTER INSERT ON {Location.Schema}.event_journal DEFERRABLE INITIALLY DEFERRED " +
            $"FOR EACH ROW WHEN (NEW.manifest = 'poison') EXECUTE FUNCTION {Location.Schema}.fail_commit();");
        var gate = WriterGate.Install(store);
        var blocker = store.Journal.AppendAsync("blocker", 1, [StoreTestBase.Event("b")]);
        await gate.EnteredAsync();
        var good = Enumerable.Range(0, 5).Select(i => store.Journal.AppendAsync($"good-{i}", 1, [StoreTestBase.Event("fine")])).ToList();
        var poisoned = store.Journal.AppendAsync("bad", 1, [new EventData([1], "poison")]);
        gate.Release();
        await blocker;

        Assert.Contains("injected commit failure", (await Assert.ThrowsAsync<JournalWriteException>(() => poisoned)).Message, StringComparison.Ordinal);
        foreach (var append in good)
        {
            await Assert.ThrowsAsync<JournalWriteException>(() => append);
        }

        Assert.Equal(["blocker"], (await store.Journal.ListPersistenceIdsAsync()).Select(i => i.PersistenceId));
    }

    private PostgresLocation Location => new(_schema);

    private static Task<PersistenceStore> OpenAsync(string connectionString) => PersistenceStore.OpenAsync(
        new PersistenceSettings { Provider = PersistenceProvider.PostgreSql, PostgreSql = new PostgresJournalSettings { ConnectionString = connectionString } },
        null);
}
