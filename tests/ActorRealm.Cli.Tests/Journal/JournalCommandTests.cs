using System.Text.Json;
using ActorRealm.Cli.Commands.Bench;
using ActorRealm.Persistence;
using ActorRealm.TestSupport;
using Npgsql;

namespace ActorRealm.Cli.Tests.Journal;

public sealed class JournalCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string DataDirectory => _directory.File("data");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Inspect_lists_persistence_ids_with_their_highest_sequence_numbers()
    {
        await PersistAsync(new PersistenceSettings(), DataDirectory, ("order-2", 2), ("order-1", 1));

        var (exit, json, _) = CliRunner.Run("journal", "inspect", "--data-dir", DataDirectory, "--json");
        var (textExit, text, _) = CliRunner.Run("journal", "inspect", "--data-dir", DataDirectory);

        Assert.Equal(0, exit);
        Assert.Equal("""[{"persistenceId":"order-1","highestSequenceNr":1},{"persistenceId":"order-2","highestSequenceNr":2}]""", json.Trim());
        Assert.Equal(0, textExit);
        Assert.Contains("2 persistence id(s), 3 events appended in total, 3 stored", text, StringComparison.Ordinal);
        Assert.Matches(@"order-2\s+2\s+2", text);
    }

    [Fact]
    public void Inspect_of_a_missing_journal_fails_naming_the_file_and_creates_nothing()
    {
        var (exit, _, error) = CliRunner.Run("journal", "inspect", "--data-dir", DataDirectory);

        Assert.Equal(1, exit);
        Assert.Contains(Path.Combine(DataDirectory, "journal.db"), error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataDirectory));
    }

    [Fact]
    public void Inspect_of_a_corrupt_file_fails_naming_it()
    {
        Directory.CreateDirectory(DataDirectory);
        File.WriteAllText(Path.Combine(DataDirectory, "journal.db"), new string('x', 8192));

        var (exit, _, error) = CliRunner.Run("journal", "inspect", "--data-dir", DataDirectory);

        Assert.Equal(1, exit);
        Assert.Contains("journal.db is corrupt or not a SQLite database", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_journal_ends_with_the_json_line_of_the_issue()
    {
        var (exit, output, error) = CliRunner.Run("bench", "journal", "--seconds", "0.6", "--rounds", "1", "--writers", "4", "--json", "--data-dir", DataDirectory);

        Assert.True(exit == 0, error);
        using var report = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var root = report.RootElement;
        Assert.Equal(
            ["scenario", "events_per_s", "baseline_events_per_s", "ratio", "p50_ms", "p99_ms"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("journal", root.GetProperty("scenario").GetString());
        Assert.True(root.GetProperty("events_per_s").GetDouble() > 0);
        Assert.True(root.GetProperty("baseline_events_per_s").GetDouble() > 0);
        Assert.True(root.GetProperty("p99_ms").GetDouble() >= root.GetProperty("p50_ms").GetDouble());
        Assert.Contains("journal  round 1/1", error, StringComparison.Ordinal);
        Assert.Contains("ratio", error, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Bench_and_inspect_work_against_postgresql_and_the_benchmark_cleans_up_its_schemas()
    {
        var schema = TestPostgres.NewSchemaName();
        var settings = new PersistenceSettings
        {
            Provider = PersistenceProvider.PostgreSql,
            PostgreSql = new() { ConnectionString = TestPostgres.ConnectionString!, Schema = schema },
        };
        try
        {
            await PersistAsync(settings, null, ("pg-1", 2));

            var (inspectExit, inspected, inspectError) = CliRunner.Run(
                "journal", "inspect", "--provider", "postgresql", "--connection-string", TestPostgres.ConnectionString!, "--schema", schema, "--json");
            var (benchExit, benched, benchError) = CliRunner.Run(
                "bench", "journal", "--provider", "postgresql", "--connection-string", TestPostgres.ConnectionString!, "--seconds", "0.5", "--rounds", "1", "--writers", "4", "--json");

            Assert.True(inspectExit == 0, inspectError);
            Assert.Equal("""[{"persistenceId":"pg-1","highestSequenceNr":2}]""", inspected.Trim());
            Assert.True(benchExit == 0, benchError);
            using var report = JsonDocument.Parse(benched.Trim().Split('\n')[^1]);
            Assert.True(report.RootElement.GetProperty("events_per_s").GetDouble() > 0);
            var benchSchema = System.Text.RegularExpressions.Regex.Match(benchError, "schema '(actorrealm_bench_[0-9a-f]+)'").Groups[1].Value;
            Assert.NotEmpty(benchSchema);
            Assert.False(await SchemaExistsAsync(benchSchema));
            Assert.False(await SchemaExistsAsync(benchSchema + "_baseline"));
        }
        finally
        {
            await ExecuteAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE");
        }
    }

    [Fact]
    public void Bench_journal_with_postgresql_needs_a_connection_string()
    {
        var (exit, _, error) = CliRunner.Run("bench", "journal", "--provider", "postgresql", "--connection-string", "");

        Assert.Equal(2, exit);
        Assert.Contains("--connection-string", error, StringComparison.Ordinal);
    }

    /// <summary>Persists events through the benchmark's persistent actors (Akka.Persistence.Sql, configured as a node does).</summary>
    private static async Task PersistAsync(PersistenceSettings settings, string? dataDirectory, params (string Id, int Events)[] writes)
    {
        await using var target = await AkkaJournalTarget.StartAsync(settings, dataDirectory, CancellationToken.None);
        foreach (var (id, events) in writes)
        {
            for (var seq = 1L; seq <= events; seq++)
            {
                // A deadline already passed: exactly one event per run.
                await target.RunWriterAsync(id, seq, [1, 2, 3], inFlight: 1, deadline: 0, acknowledged: (_, _) => { });
            }
        }
    }

    private static async Task<bool> SchemaExistsAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(TestPostgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT 1 FROM pg_namespace WHERE nspname = @schema", connection);
        command.Parameters.AddWithValue("schema", schema);
        return await command.ExecuteScalarAsync() is not null;
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestPostgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
