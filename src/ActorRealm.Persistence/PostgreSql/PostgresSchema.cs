using ActorRealm.Persistence.Storage;

namespace ActorRealm.Persistence.PostgreSql;

/// <summary>The PostgreSQL journal schema and its migrations. Append a migration for every change; never edit a released one.</summary>
internal static class PostgresSchema
{
    public static SqlStatements Statements(string schema) => new(schema + ".");

    public static IReadOnlyList<SchemaMigration> Migrations(SqlStatements s) =>
    [
        new(1, "event journal, tags, deletion marks, snapshots",
        [
            $"CREATE TABLE {s.SchemaVersionTable} (version INTEGER NOT NULL PRIMARY KEY, description TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            $"CREATE TABLE {s.JournalTable} (ordering BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, persistence_id TEXT NOT NULL, " +
            "sequence_nr BIGINT NOT NULL, manifest TEXT NOT NULL, payload BYTEA NOT NULL, tags TEXT NULL, written_at BIGINT NOT NULL, " +
            "CONSTRAINT event_journal_persistence_id_sequence_nr UNIQUE (persistence_id, sequence_nr))",
            $"CREATE TABLE {s.TagTable} (tag TEXT NOT NULL, ordering BIGINT NOT NULL, PRIMARY KEY (tag, ordering))",
            $"CREATE TABLE {s.MetadataTable} (persistence_id TEXT NOT NULL PRIMARY KEY, deleted_to BIGINT NOT NULL)",
            $"CREATE TABLE {s.SnapshotTable} (persistence_id TEXT NOT NULL, sequence_nr BIGINT NOT NULL, created_at BIGINT NOT NULL, " +
            "manifest TEXT NOT NULL, payload BYTEA NOT NULL, PRIMARY KEY (persistence_id, sequence_nr))",
        ]),
    ];

    /// <summary>Every table the schema owns (unqualified names).</summary>
    public static IReadOnlyList<string> OwnTables { get; } =
        ["journal_schema_version", "event_journal", "event_tag", "journal_metadata", "snapshot_store"];
}
