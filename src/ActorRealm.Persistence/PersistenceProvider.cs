namespace ActorRealm.Persistence;

/// <summary>The storage behind the journal and snapshot store.</summary>
public enum PersistenceProvider
{
    /// <summary>An embedded SQLite database file per node (the default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (production deployments that keep storage off the node).</summary>
    PostgreSql,
}
