namespace ActorRealm.Persistence.Storage;

/// <summary>
/// The SQL both providers share. SQLite and PostgreSQL accept the same text here (<c>@name</c> parameters,
/// <c>ON CONFLICT</c> upserts, <c>LIMIT</c>); only the table prefix differs (a PostgreSQL schema).
/// </summary>
/// <param name="prefix">Prepended to every table name: empty for SQLite, <c>schema.</c> for PostgreSQL.</param>
internal sealed class SqlStatements(string prefix)
{
    public string SchemaVersionTable { get; } = prefix + "journal_schema_version";

    public string JournalTable { get; } = prefix + "event_journal";

    public string TagTable { get; } = prefix + "event_tag";

    public string MetadataTable { get; } = prefix + "journal_metadata";

    public string SnapshotTable { get; } = prefix + "snapshot_store";

    public string ReadRange =>
        $"SELECT {Rows.EventColumns} FROM {JournalTable} WHERE persistence_id = @pid AND sequence_nr >= @from AND sequence_nr <= @to " +
        "ORDER BY sequence_nr LIMIT @limit";

    public string ReadAll => $"SELECT {Rows.EventColumns} FROM {JournalTable} WHERE ordering > @after ORDER BY ordering LIMIT @limit";

    public string ReadTag =>
        $"SELECT j.ordering, j.persistence_id, j.sequence_nr, j.manifest, j.payload, j.tags, j.written_at FROM {TagTable} t " +
        $"JOIN {JournalTable} j ON j.ordering = t.ordering WHERE t.tag = @tag AND t.ordering > @after ORDER BY t.ordering LIMIT @limit";

    /// <summary>Highest sequence number of @pid: the larger of the newest stored event and the deleted-to mark.</summary>
    public string Highest =>
        "SELECT CASE WHEN a >= b THEN a ELSE b END FROM (SELECT " +
        $"COALESCE((SELECT MAX(sequence_nr) FROM {JournalTable} WHERE persistence_id = @pid), 0) AS a, " +
        $"COALESCE((SELECT deleted_to FROM {MetadataTable} WHERE persistence_id = @pid), 0) AS b) x";

    public string ListPersistenceIds =>
        "SELECT persistence_id, MAX(h) FROM (" +
        $"SELECT persistence_id, MAX(sequence_nr) AS h FROM {JournalTable} GROUP BY persistence_id " +
        $"UNION ALL SELECT persistence_id, deleted_to AS h FROM {MetadataTable}) x GROUP BY persistence_id";

    public string InsertEvent =>
        $"INSERT INTO {JournalTable} (persistence_id, sequence_nr, manifest, payload, tags, written_at) " +
        "VALUES (@pid, @seq, @manifest, @payload, @tags, @at)";

    public string InsertTag => $"INSERT INTO {TagTable} (tag, ordering) VALUES (@tag, @ordering)";

    public string DeleteTagsUpTo =>
        $"DELETE FROM {TagTable} WHERE ordering IN (SELECT ordering FROM {JournalTable} WHERE persistence_id = @pid AND sequence_nr <= @to)";

    public string DeleteEventsUpTo => $"DELETE FROM {JournalTable} WHERE persistence_id = @pid AND sequence_nr <= @to";

    public string RaiseDeletedTo =>
        $"INSERT INTO {MetadataTable} AS m (persistence_id, deleted_to) VALUES (@pid, @to) ON CONFLICT (persistence_id) " +
        "DO UPDATE SET deleted_to = CASE WHEN excluded.deleted_to > m.deleted_to THEN excluded.deleted_to ELSE m.deleted_to END";

    public string SaveSnapshot =>
        $"INSERT INTO {SnapshotTable} ({Rows.SnapshotColumns}) VALUES (@pid, @seq, @at, @manifest, @payload) " +
        "ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET created_at = excluded.created_at, manifest = excluded.manifest, payload = excluded.payload";

    public string LoadSnapshot =>
        $"SELECT {Rows.SnapshotColumns} FROM {SnapshotTable} WHERE {SnapshotCriteria} ORDER BY sequence_nr DESC, created_at DESC LIMIT 1";

    public string DeleteSnapshots => $"DELETE FROM {SnapshotTable} WHERE {SnapshotCriteria}";

    private static string SnapshotCriteria =>
        "persistence_id = @pid AND sequence_nr >= @minSeq AND sequence_nr <= @maxSeq AND created_at >= @minAt AND created_at <= @maxAt";
}
