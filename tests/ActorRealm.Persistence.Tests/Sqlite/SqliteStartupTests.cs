using System.Text;
using ActorRealm.Persistence.Sqlite;
using ActorRealm.Persistence.Tests.Support;
using ActorRealm.TestKit;
using Microsoft.Data.Sqlite;

namespace ActorRealm.Persistence.Tests.Sqlite;

/// <summary>Bad files and folders are refused at start-up with an error naming them, and are never modified.</summary>
public sealed class SqliteStartupTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    private string FilePath => _directory.File("journal.db");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_new_journal_file_is_created_in_wal_mode_with_the_current_schema_version()
    {
        await using (await OpenAsync())
        {
        }

        Assert.True(File.Exists(FilePath));
        Assert.False(File.Exists(FilePath + ".creating"));
        Assert.Equal("wal", await ScalarAsync("PRAGMA journal_mode"));
        Assert.Equal(1L, await ScalarAsync("SELECT MAX(version) FROM journal_schema_version"));
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_refused_and_left_untouched()
    {
        var garbage = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("this is not a database. ", 400)));
        await File.WriteAllBytesAsync(FilePath, garbage);

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(OpenAsync);

        Assert.Contains(FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a SQLite database", error.Message, StringComparison.Ordinal);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(FilePath));
    }

    [Fact]
    public async Task A_truncated_journal_file_is_refused_and_left_untouched()
    {
        await CreateJournalWithEventsAsync();
        await using (var stream = new FileStream(FilePath, FileMode.Open))
        {
            stream.SetLength(stream.Length / 2);
        }

        var before = await File.ReadAllBytesAsync(FilePath);

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(OpenAsync);

        Assert.Contains(FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(FilePath));
    }

    [Fact]
    public async Task A_journal_file_with_a_damaged_page_is_refused_by_the_start_up_check()
    {
        await CreateJournalWithEventsAsync();
        var bytes = await File.ReadAllBytesAsync(FilePath);
        Array.Fill(bytes, (byte)0xA5, bytes.Length / 2 / 4096 * 4096, 4096);
        await File.WriteAllBytesAsync(FilePath, bytes);

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(OpenAsync);

        Assert.Contains(FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(FilePath));
    }

    [Fact]
    public async Task An_empty_journal_file_is_refused_instead_of_starting_an_empty_journal()
    {
        await File.WriteAllBytesAsync(FilePath, []);

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(OpenAsync);

        Assert.Contains(FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("empty (0 bytes)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_from_a_newer_release_is_refused_naming_the_file_and_both_versions()
    {
        await using (await OpenAsync())
        {
        }

        await ExecuteAsync("INSERT INTO journal_schema_version (version, description, applied_at) VALUES (7, 'from the future', 0)");

        var error = await Assert.ThrowsAsync<SchemaVersionException>(OpenAsync);

        Assert.Equal((7, 1), (error.FoundVersion, error.KnownVersion));
        Assert.Contains(FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("version 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("version 1", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SchemaVersionException>(() => PersistenceStore.OpenReadOnlyAsync(new PersistenceSettings(), _directory.Path));
    }

    [Fact]
    public async Task A_foreign_sqlite_database_is_refused_and_not_modified()
    {
        await ExecuteAsync("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(OpenAsync);

        Assert.Contains(FilePath, error.Message, StringComparison.Ordinal);
        Assert.Contains("customers", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM sqlite_master WHERE name = 'event_journal'"));
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_created_is_named_in_the_error()
    {
        var blocker = _directory.File("not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file where the data directory should be");
        var dataDirectory = Path.Combine(blocker, "data");

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => PersistenceStore.OpenAsync(new PersistenceSettings(), dataDirectory));

        Assert.Contains(dataDirectory, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_directory_on_a_read_only_file_system_is_named_in_the_error()
    {
        Assert.True(OperatingSystem.IsLinux(), "ActorRealm nodes and CI run on Linux, where /proc refuses new folders even for root.");
        var dataDirectory = "/proc/actorrealm-" + Guid.NewGuid().ToString("N");

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(() => PersistenceStore.OpenAsync(new PersistenceSettings(), dataDirectory));

        Assert.Contains(dataDirectory, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_write_ahead_log_without_its_journal_file_is_refused()
    {
        await File.WriteAllBytesAsync(FilePath + "-wal", [1, 2, 3]);

        var error = await Assert.ThrowsAsync<PersistenceStartupException>(OpenAsync);

        Assert.Contains(FilePath + "-wal", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(FilePath));
    }

    [Fact]
    public async Task Opening_read_only_creates_nothing_and_refuses_writes()
    {
        var missing = await Assert.ThrowsAsync<PersistenceStartupException>(() => PersistenceStore.OpenReadOnlyAsync(new PersistenceSettings(), _directory.Path));
        Assert.Contains(FilePath, missing.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(FilePath));

        await CreateJournalWithEventsAsync();
        await using var store = await PersistenceStore.OpenReadOnlyAsync(new PersistenceSettings(), _directory.Path);
        Assert.Equal(2000, await store.Journal.HighestSequenceNrAsync("a"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.Journal.AppendAsync("a", 2001, [StoreTestBase.Event("x")]));
    }

    [Fact]
    public async Task Settings_pick_the_folder_file_name_and_durability()
    {
        var settings = new PersistenceSettings
        {
            Sqlite = new SqliteJournalSettings { DataDirectory = _directory.File("custom"), FileName = "node-a.db", Synchronous = SqliteSynchronous.Normal },
        };

        await using (var store = await PersistenceStore.OpenAsync(settings, "/ignored/because/the/setting/wins"))
        {
            await store.Journal.AppendAsync("a", 1, [StoreTestBase.Event("x")]);
            Assert.Equal(_directory.File("custom/node-a.db"), store.Description);
        }

        Assert.True(File.Exists(_directory.File("custom/node-a.db")));
        Assert.Throws<ArgumentException>(() => (settings with { Sqlite = settings.Sqlite with { FileName = "../escape.db" } }).Validate());
        await Assert.ThrowsAsync<PersistenceStartupException>(() => PersistenceStore.OpenAsync(new PersistenceSettings(), nodeDataDirectory: null));
    }

    [Fact]
    public async Task Appends_are_acknowledged_on_a_write_connection_with_synchronous_full_by_default()
    {
        await using (var store = await OpenAsync())
        {
            await store.Journal.AppendAsync("a", 1, [StoreTestBase.Event("x")]);
            Assert.Equal(2L, ((SqliteBatchExecutor)store.Executor!).WriteConnectionSynchronous);
        }

        var normal = new PersistenceSettings { Sqlite = new SqliteJournalSettings { Synchronous = SqliteSynchronous.Normal } };
        await using (var store = await PersistenceStore.OpenAsync(normal, _directory.Path))
        {
            await store.Journal.AppendAsync("a", 2, [StoreTestBase.Event("y")]);
            Assert.Equal(1L, ((SqliteBatchExecutor)store.Executor!).WriteConnectionSynchronous);
        }
    }

    private Task<PersistenceStore> OpenAsync() => PersistenceStore.OpenAsync(new PersistenceSettings(), _directory.Path);

    private async Task CreateJournalWithEventsAsync()
    {
        await using var store = await OpenAsync();
        var payload = new string('x', 256);
        for (var first = 1; first <= 2000; first += 500)
        {
            await store.Journal.AppendAsync("a", first, Enumerable.Range(0, 500).Select(_ => StoreTestBase.Event(payload)).ToList());
        }
    }

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={FilePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private Task<object?> ExecuteAsync(string sql) => ScalarAsync(sql);
}
