using ActorRealm.Persistence.Sqlite;
using ActorRealm.Persistence.Storage;
using ActorRealm.TestKit;
using Microsoft.Data.Sqlite;

namespace ActorRealm.Persistence.Tests.Storage;

/// <summary>The schema-versioning decision (pure) and its application: what a later release's migration will go through.</summary>
public sealed class SchemaMigratorTests
{
    private const string Store = "/data/journal.db";

    private static readonly SchemaMigration[] History =
    [
        new(1, "journal", ["CREATE TABLE t1 (x INTEGER)"]),
        new(2, "tags", ["CREATE TABLE t2 (x INTEGER)"]),
        new(3, "index", ["CREATE INDEX t2_x ON t2 (x)"]),
    ];

    private static readonly string[] NoTables = [];

    [Fact]
    public void An_empty_database_gets_every_migration_in_order()
    {
        Assert.Equal([1, 2, 3], SchemaMigrator.Pending(Store, null, NoTables, History, readOnly: false).Select(m => m.Version));
    }

    [Fact]
    public void An_older_schema_gets_only_the_later_migrations_and_a_current_one_none()
    {
        Assert.Equal([2, 3], SchemaMigrator.Pending(Store, 1, NoTables, History, readOnly: false).Select(m => m.Version));
        Assert.Empty(SchemaMigrator.Pending(Store, 3, NoTables, History, readOnly: false));
        Assert.Empty(SchemaMigrator.Pending(Store, 3, NoTables, History, readOnly: true));
    }

    [Fact]
    public void A_newer_schema_is_refused_naming_the_store_and_both_versions()
    {
        var e = Assert.Throws<SchemaVersionException>(() => SchemaMigrator.Pending(Store, 4, NoTables, History, readOnly: false));
        Assert.Equal((Store, 4, 3), (e.Store, e.FoundVersion, e.KnownVersion));
        Assert.Contains("newer ActorRealm release", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_only_opening_never_migrates_and_never_creates()
    {
        var older = Assert.Throws<SchemaVersionException>(() => SchemaMigrator.Pending(Store, 2, NoTables, History, readOnly: true));
        Assert.Equal((2, 3), (older.FoundVersion, older.KnownVersion));
        var empty = Assert.Throws<PersistenceStartupException>(() => SchemaMigrator.Pending(Store, null, NoTables, History, readOnly: true));
        Assert.Contains("holds no ActorRealm journal", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Foreign_tables_without_a_version_table_are_refused_naming_them()
    {
        var e = Assert.Throws<PersistenceStartupException>(() => SchemaMigrator.Pending(Store, null, ["orders", "customers"], History, readOnly: false));
        Assert.Contains("orders, customers", e.Message, StringComparison.Ordinal);
        Assert.Contains(Store, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Applying_a_later_migration_runs_its_statements_and_records_the_new_version()
    {
        using var directory = new TempDirectory();
        await using var connection = new SqliteConnection($"Data Source={directory.File("m.db")};Pooling=False");
        await connection.OpenAsync();
        var statements = SqliteSchema.Statements;
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = $"CREATE TABLE {statements.SchemaVersionTable} (version INTEGER PRIMARY KEY, description TEXT, applied_at INTEGER)";
            await create.ExecuteNonQueryAsync();
        }

        await using (var first = await connection.BeginTransactionAsync())
        {
            await SchemaMigrator.ApplyAsync(first, statements, SchemaMigrator.Pending(Store, null, NoTables, History[..1], readOnly: false), CancellationToken.None);
            await first.CommitAsync();
        }

        Assert.Equal(1, await SchemaMigrator.ReadVersionAsync(connection, null, statements, CancellationToken.None));

        // A later release ships migrations 2 and 3: only they run.
        await using (var second = await connection.BeginTransactionAsync())
        {
            var pending = SchemaMigrator.Pending(Store, 1, NoTables, History, readOnly: false);
            await SchemaMigrator.ApplyAsync(second, statements, pending, CancellationToken.None);
            await second.CommitAsync();
        }

        Assert.Equal(3, await SchemaMigrator.ReadVersionAsync(connection, null, statements, CancellationToken.None));
        await using var check = connection.CreateCommand();
        check.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('t1', 't2', 't2_x')";
        Assert.Equal(3L, await check.ExecuteScalarAsync());
    }
}
