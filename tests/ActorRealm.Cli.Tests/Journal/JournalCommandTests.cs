using System.Text.Json;
using ActorRealm.Persistence;
using ActorRealm.Persistence.Journal;

namespace ActorRealm.Cli.Tests.Journal;

public sealed class JournalCommandTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "actorrealm-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Inspect_lists_persistence_ids_with_their_highest_sequence_numbers()
    {
        await using (var store = await PersistenceStore.OpenAsync(new PersistenceSettings(), _dataDirectory))
        {
            await store.Journal.AppendAsync("order-2", 1, [new EventData([1], "m"), new EventData([2], "m")]);
            await store.Journal.AppendAsync("order-1", 1, [new EventData([1], "m")]);
        }

        var (exit, json, _) = CliRunner.Run("journal", "inspect", "--data-dir", _dataDirectory, "--json");
        var (textExit, text, _) = CliRunner.Run("journal", "inspect", "--data-dir", _dataDirectory);

        Assert.Equal(0, exit);
        Assert.Equal("""[{"persistenceId":"order-1","highestSequenceNr":1},{"persistenceId":"order-2","highestSequenceNr":2}]""", json.Trim());
        Assert.Equal(0, textExit);
        Assert.Contains("2 persistence id(s), 3 events", text, StringComparison.Ordinal);
        Assert.Matches(@"order-2\s+2", text);
    }

    [Fact]
    public void Inspect_of_a_missing_journal_fails_naming_the_file_and_creates_nothing()
    {
        var (exit, _, error) = CliRunner.Run("journal", "inspect", "--data-dir", _dataDirectory);

        Assert.Equal(1, exit);
        Assert.Contains(Path.Combine(_dataDirectory, "journal.db"), error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dataDirectory));
    }

    [Fact]
    public void Inspect_of_a_corrupt_file_fails_naming_it()
    {
        Directory.CreateDirectory(_dataDirectory);
        File.WriteAllText(Path.Combine(_dataDirectory, "journal.db"), new string('x', 8192));

        var (exit, _, error) = CliRunner.Run("journal", "inspect", "--data-dir", _dataDirectory);

        Assert.Equal(1, exit);
        Assert.Contains("journal.db is corrupt or not a SQLite database", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_journal_ends_with_the_json_line_of_the_issue()
    {
        var (exit, output, error) = CliRunner.Run("bench", "journal", "--seconds", "0.6", "--rounds", "1", "--writers", "4", "--json", "--data-dir", _dataDirectory);

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

    [Fact]
    public void Bench_journal_with_postgresql_needs_a_connection_string()
    {
        var (exit, _, error) = CliRunner.Run("bench", "journal", "--provider", "postgresql", "--connection-string", "");

        Assert.Equal(2, exit);
        Assert.Contains("--connection-string", error, StringComparison.Ordinal);
    }
}
