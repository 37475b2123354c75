namespace ActorRealm.Persistence.Plugins;

/// <summary>
/// How the Akka.Persistence.Sql journal batches writes for a store: the <c>akka.persistence.journal.sql</c> settings
/// that follow from ActorRealm's settings and the provider. The measurements behind the choices are in ADR 0046.
/// </summary>
/// <param name="BatchSize">Most rows combined into one transaction (<c>batch-size</c>); one atomic write larger than this is still written whole.</param>
/// <param name="BufferSize">Writes (one per actor batch) queued in the journal before further writes fail (<c>buffer-size</c>).</param>
/// <param name="Parallelism">Transactions the journal runs at once (<c>parallelism</c>).</param>
/// <param name="ReplayBatchSize">Rows fetched per query while recovering (<c>replay-batch-size</c>).</param>
internal sealed record JournalWriteSettings(int BatchSize, int BufferSize, int Parallelism, int ReplayBatchSize)
{
    /// <summary>
    /// SQLite has one write lock per file: a second concurrent transaction only waits for it (busy retries), so one
    /// transaction at a time, batching everything that arrives meanwhile, is the fastest durable path.
    /// </summary>
    public const int SqliteParallelism = 1;

    /// <summary>
    /// PostgreSQL overlaps one transaction's commit (the WAL flush) with the next one's statements; more
    /// transactions in flight only split the batches smaller (ADR 0046).
    /// </summary>
    public const int PostgresParallelism = 2;

    public static JournalWriteSettings For(PersistenceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new JournalWriteSettings(
            BatchSize: settings.WriteBatchSize,
            BufferSize: settings.MaxPendingWrites,
            Parallelism: settings.Provider == PersistenceProvider.PostgreSql ? PostgresParallelism : SqliteParallelism,
            ReplayBatchSize: settings.ReplayBatchSize);
    }
}
