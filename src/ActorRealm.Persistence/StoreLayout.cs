namespace ActorRealm.Persistence;

/// <summary>
/// The tables of an ActorRealm store: Akka.Persistence.Sql's journal, tag and snapshot tables (its "default" table
/// mapping, written out so the start-up check, the inspector and the plugin configuration name the same tables), and
/// ActorRealm's schema version table.
/// </summary>
internal static class StoreLayout
{
    /// <summary>The schema this release writes: 1 was the journal of the releases before Akka.Persistence.Sql.</summary>
    public const int SchemaVersion = 2;

    public const string SchemaDescription = "Akka.Persistence.Sql tables (journal, tags, snapshot)";

    public const string VersionTable = "journal_schema_version";

    public const string JournalTable = "journal";

    public const string TagTable = "tags";

    public const string SnapshotTable = "snapshot";

    /// <summary>Every table an ActorRealm store may hold; any other table makes a database foreign.</summary>
    public static IReadOnlyList<string> OwnTables { get; } = [VersionTable, JournalTable, TagTable, SnapshotTable];

    /// <summary>The tables of the pre-Akka journal (schema version 1), named when such a store is refused.</summary>
    public static IReadOnlyList<string> LegacyTables { get; } = ["event_journal", "event_tag", "journal_metadata", "snapshot_store"];
}
