using ActorRealm.Persistence.Storage;

namespace ActorRealm.Persistence.Sqlite;

/// <summary>The SQLite journal schema and its migrations. Append a migration for every change; never edit a released one.</summary>
internal static class SqliteSchema
{
    public static readonly SqlStatements Statements = new(string.Empty);

    public static readonly IReadOnlyList<SchemaMigration> Migrations =
    [
        new(1, "event journal, tags, deletion marks, snapshots",
        [
            $"CREATE TABLE {Statements.SchemaVersionTable} (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at INTEGER NOT NULL)",
            // AUTOINCREMENT: an ordering is never reused, even after the newest events are deleted, so a reader
            // resuming from an ordering never misses later events.
            $"CREATE TABLE {Statements.JournalTable} (ordering INTEGER PRIMARY KEY AUTOINCREMENT, persistence_id TEXT NOT NULL, " +
            "sequence_nr INTEGER NOT NULL, manifest TEXT NOT NULL, payload BLOB NOT NULL, tags TEXT NULL, written_at INTEGER NOT NULL, " +
            "UNIQUE (persistence_id, sequence_nr))",
            $"CREATE TABLE {Statements.TagTable} (tag TEXT NOT NULL, ordering INTEGER NOT NULL, PRIMARY KEY (tag, ordering)) WITHOUT ROWID",
            $"CREATE TABLE {Statements.MetadataTable} (persistence_id TEXT NOT NULL PRIMARY KEY, deleted_to INTEGER NOT NULL)",
            $"CREATE TABLE {Statements.SnapshotTable} (persistence_id TEXT NOT NULL, sequence_nr INTEGER NOT NULL, created_at INTEGER NOT NULL, " +
            "manifest TEXT NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (persistence_id, sequence_nr))",
        ]),
    ];

    public static int KnownVersion => Migrations[^1].Version;

}
