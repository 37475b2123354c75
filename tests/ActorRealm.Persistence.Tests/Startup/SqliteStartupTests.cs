using System.Text;
using ActorRealm.Persistence.Sqlite;
using ActorRealm.Persistence.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ActorRealm.Persistence.Tests.Startup;

/// <summary>Bad files and folders are refused at start-up with an error naming them, and are never modified.</summary>
public sealed class SqliteStartupTests : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private readonly SqliteLocation _location = new();

    private string FilePath => _location.FilePath;

    private string DataDirectory => _location.DataDirectory!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _location.DisposeAsync();

    [Fact]
    public async Task A_new_store_file_is_created_whole_in_wal_mode_with_its_tables_and_schema_version()
    {
        var report = await CheckAsync();

        Assert.Equal(FilePath, report.Store);
        Assert.Empty(report.Warnings);
        Assert.False(File.Exists(FilePath + ".creating"));
        Assert.Equal("wal", await ScalarAsync("PRAGMA journal_mode"));
        Assert.Equal(2L, await ScalarAsync("SELECT MAX(version) FROM journal_schema_version"));
        Assert.Equal("journal,journal_schema_version,snapshot,tags", await ScalarAsync(
            "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name)"));

        // A second check of a good store changes nothing and passes.
        await CheckAsync();
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_refused_and_left_untouched()
    {
        Directory.CreateDirectory(DataDirectory);
        var garbage = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("this is not a database. ", 400)));
        await File.WriteAllBytesAsync(FilePath, garbage);

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => CheckAsync());

        Assert.Contains(FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a SQLite database", error.Message, StringComparison.Ordinal);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(FilePath));
    }

    [Fact]
    public async Task A_truncated_store_file_is_refused_and_left_untouched()
    {
        await StoreFiller.FillAsync(this, _location, "a", chunks: 4);
        SqliteConnection.ClearAllPools();
        await using (var stream = new FileStream(FilePath, FileMode.Open))
        {
            stream.SetLength(stream.Length / 2);
        }

        var before = await File.ReadAllBytesAsync(FilePath);

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => CheckAsync());

        Assert.Contains(FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(FilePath));
    }

    [Theory]
    [InlineData(SqliteStartupCheck.Quick)]
    [InlineData(SqliteStartupCheck.Full)]
    public async Task A_store_file_with_a_damaged_page_is_refused_by_the_start_up_check(SqliteStartupCheck check)
    {
        await StoreFiller.FillAsync(this, _location, "a", chunks: 4);
        SqliteConnection.ClearAllPools();
        var bytes = await File.ReadAllBytesAsync(FilePath);
        Array.Fill(bytes, (byte)0xA5, bytes.Length / 2 / 4096 * 4096, 4096);
        await File.WriteAllBytesAsync(FilePath, bytes);

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => CheckAsync(s => s with { Sqlite = s.Sqlite with { StartupCheck = check } }));

        Assert.Contains(FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(FilePath));
    }

    [Fact]
    public async Task An_empty_store_file_is_refused_instead_of_starting_an_empty_store()
    {
        Directory.CreateDirectory(DataDirectory);
        await File.WriteAllBytesAsync(FilePath, []);

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => CheckAsync());

        Assert.Contains(FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("empty (0 bytes)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_from_a_newer_release_is_refused_naming_the_file_and_both_versions()
    {
        await CheckAsync();
        await ScalarAsync("INSERT INTO journal_schema_version (version, description, applied_at) VALUES (7, 'from the future', 0)");

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => CheckAsync());

        Assert.Equal((7, 2), (error.FoundVersion, error.KnownVersion));
        Assert.Contains(FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("version 7", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SchemaVersionException>(() => JournalInspector.InspectAsync(new PersistenceSettings(), DataDirectory));
    }

    [Fact]
    public async Task A_journal_of_the_releases_before_akka_is_refused_and_not_modified()
    {
        await ScalarAsync(
            "CREATE TABLE journal_schema_version (version INTEGER PRIMARY KEY, description TEXT, applied_at INTEGER); " +
            "INSERT INTO journal_schema_version VALUES (1, 'event journal, tags, deletion marks, snapshots', 0); " +
            "CREATE TABLE event_journal (ordering INTEGER PRIMARY KEY, persistence_id TEXT, sequence_nr INTEGER)");

        var error = await Assert.ThrowsAsync<SchemaVersionException>(() => CheckAsync());

        Assert.Equal(1, error.FoundVersion);
        Assert.Contains("before the move to Akka.Persistence.Sql", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE name = 'journal'"));
    }

    [Fact]
    public async Task A_foreign_sqlite_database_is_refused_and_not_modified()
    {
        await ScalarAsync("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => CheckAsync());

        Assert.Contains(FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("customers", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('journal', 'journal_schema_version')"));
        Assert.Equal("delete", await ScalarAsync("PRAGMA journal_mode"));
    }

    [Fact]
    public async Task A_store_sharing_its_file_with_other_tables_is_refused()
    {
        await CheckAsync();
        await ScalarAsync("CREATE TABLE customers (id INTEGER PRIMARY KEY)");

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => CheckAsync());

        Assert.Contains("customers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_created_is_named_in_the_error()
    {
        var blocker = Path.Combine(DataDirectory, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where the data directory should be");
        var dataDirectory = Path.Combine(blocker, "data");

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => PersistenceStartup.CheckAsync(new PersistenceSettings(), dataDirectory));

        Assert.Contains(dataDirectory, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_directory_on_a_read_only_file_system_is_named_in_the_error()
    {
        Assert.True(OperatingSystem.IsLinux(), "ActorRealm nodes and CI run on Linux, where /proc refuses new folders even for root.");
        var dataDirectory = "/proc/actorrealm-" + Guid.NewGuid().ToString("N");

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => PersistenceStartup.CheckAsync(new PersistenceSettings(), dataDirectory));

        Assert.Contains(dataDirectory, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_ahead_log_without_its_store_file_is_refused()
    {
        Directory.CreateDirectory(DataDirectory);
        await File.WriteAllBytesAsync(FilePath + "-wal", [1, 2, 3]);

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => CheckAsync());

        Assert.Contains(FilePath + "-wal", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(FilePath));
    }

    [Fact]
    public async Task Settings_pick_the_folder_and_file_name_and_a_missing_data_directory_is_refused()
    {
        var custom = Path.Combine(DataDirectory, "custom");
        var settings = new PersistenceSettings { Sqlite = new SqliteJournalSettings { DataDirectory = custom, FileName = "node-a.db" } };

        var report = await PersistenceStartup.CheckAsync(settings, "/ignored/because/the/setting/wins");

        Assert.Equal(Path.Combine(custom, "node-a.db"), report.Store);
        Assert.True(File.Exists(Path.Combine(custom, "node-a.db")));
        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => PersistenceStartup.CheckAsync(new PersistenceSettings(), dataDirectory: null));
        Assert.Contains("actorrealm.persistence.sqlite.data-dir", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Synchronous_normal_is_reported_as_a_warning()
    {
        var report = await CheckAsync(s => s with { Sqlite = s.Sqlite with { Synchronous = SqliteSynchronous.Normal } });

        Assert.Contains("synchronous = normal", Assert.Single(report.Warnings), StringComparison.Ordinal);
    }

    private Task<PersistenceStartupReport> CheckAsync(Func<PersistenceSettings, PersistenceSettings>? adjust = null) =>
        PersistenceStartup.CheckAsync(_location.Settings(adjust), DataDirectory);

    private async Task<object?> ScalarAsync(string sql)
    {
        Directory.CreateDirectory(DataDirectory);
        await using var connection = new SqliteConnection($"Data Source={FilePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
