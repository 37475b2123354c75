namespace ActorRealm.Persistence.Startup;

/// <summary>What to do with a store found at start-up.</summary>
internal enum SchemaAction
{
    /// <summary>Nothing there yet: create the version table and the plugin tables.</summary>
    Create,

    /// <summary>A store of this release: make sure every plugin table exists (creation is idempotent).</summary>
    Use,
}

/// <summary>
/// Decides from the recorded schema version and the tables present whether a store may be created, used, or must be
/// refused. Pure, and shared by both providers and by the read-only inspector.
/// </summary>
internal static class SchemaDecision
{
    /// <param name="store">The file or server, for messages.</param>
    /// <param name="foundVersion">The newest version in the version table; null when there is no version table.</param>
    /// <param name="tables">Every table present (system tables excluded).</param>
    /// <param name="readOnly">Inspecting: nothing may be created.</param>
    /// <exception cref="SchemaVersionException">A schema of another release.</exception>
    /// <exception cref="PersistenceStartupException">A foreign or damaged database, or (read-only) no store at all.</exception>
    public static SchemaAction Decide(string store, int? foundVersion, IReadOnlyCollection<string> tables, bool readOnly)
    {
        var foreign = tables.Where(t => !StoreLayout.OwnTables.Contains(t, StringComparer.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList();
        switch (foundVersion)
        {
            case null when tables.Count == 0:
                return readOnly
                    ? throw new PersistenceStartupException($"{store} holds no ActorRealm store (no tables).")
                    : SchemaAction.Create;
            case null:
                throw new PersistenceStartupException(
                    $"{store} holds tables ({string.Join(", ", tables.Order(StringComparer.Ordinal))}) but no ActorRealm schema version table " +
                    $"({StoreLayout.VersionTable}): it is not an ActorRealm store, or it was damaged. Nothing was changed.");
            case > StoreLayout.SchemaVersion:
                throw new SchemaVersionException(store, foundVersion.Value, StoreLayout.SchemaVersion,
                    "It was written by a newer ActorRealm release; run that release, or restore a backup made by this one. Nothing was changed.");
            case 1:
                throw new SchemaVersionException(store, 1, StoreLayout.SchemaVersion,
                    "It is the journal of an ActorRealm release before the move to Akka.Persistence.Sql, whose event format this release " +
                    "cannot read. Keep it for the release that wrote it, or move it away to start with an empty store. Nothing was changed.");
            case < StoreLayout.SchemaVersion:
                throw new PersistenceStartupException(
                    $"{store} records no usable schema version ({StoreLayout.VersionTable} is empty or damaged). Nothing was changed.");
        }

        if (foreign.Count > 0)
        {
            throw new PersistenceStartupException(
                $"{store} holds tables that are not ActorRealm's ({string.Join(", ", foreign)}) beside its store: it is shared with something " +
                "else, or it was damaged. Give ActorRealm a database (PostgreSQL: a schema) of its own. Nothing was changed.");
        }

        return SchemaAction.Use;
    }
}
