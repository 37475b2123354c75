using ActorRealm.Persistence.PostgreSql;
using ActorRealm.Persistence.Sqlite;

namespace ActorRealm.Persistence;

/// <summary>
/// Settings of the persistence layer (<c>actorrealm.persistence</c>), mapped onto Akka.Persistence.Sql by
/// <see cref="AkkaPersistenceSetup"/>. Defaults are the values in the module's <c>reference.conf</c>.
/// </summary>
public sealed partial record PersistenceSettings
{
    /// <summary>Which storage to use. Default <see cref="PersistenceProvider.Sqlite"/>.</summary>
    public PersistenceProvider Provider { get; init; } = PersistenceProvider.Sqlite;

    /// <summary>Events fetched per query while an actor recovers (the journal's <c>replay-batch-size</c>). Default 1000.</summary>
    public int ReplayBatchSize { get; init; } = 1000;

    /// <summary>
    /// Most events of different writes combined into one transaction (the journal's <c>batch-size</c>). One atomic
    /// write larger than this is committed whole. Default 1000.
    /// </summary>
    public int WriteBatchSize { get; init; } = 1000;

    /// <summary>Writes queued in the journal before further writes fail (the journal's <c>buffer-size</c>). Default 16384.</summary>
    public int MaxPendingWrites { get; init; } = 16384;

    /// <summary>Settings of the SQLite provider.</summary>
    public SqliteJournalSettings Sqlite { get; init; } = new();

    /// <summary>Settings of the PostgreSQL provider.</summary>
    public PostgresJournalSettings PostgreSql { get; init; } = new();

    /// <summary>Checks every value and throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public PersistenceSettings Validate()
    {
        RequirePositive(ReplayBatchSize, "replay-batch-size");
        RequirePositive(WriteBatchSize, "write-batch-size");
        RequirePositive(MaxPendingWrites, "max-pending-writes");
        Sqlite.Validate();
        PostgreSql.Validate();
        return this;
    }

    internal static void RequirePositive(long value, string key)
    {
        if (value <= 0)
        {
            throw new ArgumentException($"actorrealm.persistence: {key} must be positive, got {value}.", key);
        }
    }
}
