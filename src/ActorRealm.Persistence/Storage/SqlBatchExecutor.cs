using System.Data.Common;
using ActorRealm.Persistence.Snapshots;

namespace ActorRealm.Persistence.Storage;

/// <summary>
/// The group-commit transaction shared by both providers: begin, learn the highest sequence numbers of the ids in
/// the batch, plan, insert the accepted events, apply deletions and snapshot writes in queue order, commit.
/// Providers supply the connection, the highest-number query and the event insert (where their fast paths differ).
/// Any failure rolls back, drops the connection (reopened for the next batch) and fails the whole batch.
/// </summary>
/// <remarks>
/// Highest sequence numbers this writer committed are remembered (<see cref="HighestSequenceCache"/>), so a steady
/// stream of appends costs no query per batch. The cache is only trusted to accept: a rejection decided on a
/// remembered number is re-checked against the database first, and an append accepted on a stale number (another
/// process appended to the same id) collides with the unique (persistence_id, sequence_nr) constraint, which rolls
/// the batch back and runs it once more on numbers read in the transaction.
/// </remarks>
internal abstract class SqlBatchExecutor(SqlStatements statements) : BatchExecutor
{
    private readonly HighestSequenceCache _known = new();
    private DbConnection? _connection;

    protected SqlStatements Statements { get; } = statements;

    public override async Task<BatchPlan> ExecuteAsync(IReadOnlyList<WriteRequest> batch)
    {
        try
        {
            return await ExecuteOnceAsync(batch, trustCache: true).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUniqueViolation(e))
        {
            return await ExecuteOnceAsync(batch, trustCache: false).ConfigureAwait(false);
        }
    }

    private async Task<BatchPlan> ExecuteOnceAsync(IReadOnlyList<WriteRequest> batch, bool trustCache)
    {
        _connection ??= await OpenWriteConnectionAsync().ConfigureAwait(false);
        try
        {
            var transaction = await _connection.BeginTransactionAsync().ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var ids = BatchPlanner.PersistenceIdsToCheck(batch);
                var highest = trustCache ? _known.Known(ids) : [];
                var fresh = ids.Where(id => !highest.ContainsKey(id)).ToHashSet(StringComparer.Ordinal);
                await LoadAsync(_connection, transaction, fresh, highest).ConfigureAwait(false);
                var plan = BatchPlanner.Plan(batch, highest);
                var recheck = BatchPlanner.RejectedOnCachedNumbers(plan, fresh);
                if (recheck.Count > 0)
                {
                    await LoadAsync(_connection, transaction, recheck, highest).ConfigureAwait(false);
                    plan = BatchPlanner.Plan(batch, highest);
                }

                if (plan.Appends.Count > 0)
                {
                    await InsertEventsAsync(_connection, transaction, plan.Appends, DateTimeOffset.UtcNow.ToUnixMs()).ConfigureAwait(false);
                }

                await DeleteEventsAsync(transaction, plan).ConfigureAwait(false);
                await WriteSnapshotsAsync(transaction, plan).ConfigureAwait(false);
                await BeforeCommitAsync(batch).ConfigureAwait(false);
                await transaction.CommitAsync().ConfigureAwait(false);
                _known.Remember(plan.Highest);
                return plan;
            }
        }
        catch
        {
            _known.Clear();
            await DropConnectionAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await DropConnectionAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Whether <paramref name="error"/> is a violation of a unique constraint (a sequence number already taken).</summary>
    protected abstract bool IsUniqueViolation(Exception error);

    /// <summary>Opens and configures the write connection (durability settings).</summary>
    protected abstract Task<DbConnection> OpenWriteConnectionAsync();

    /// <summary>The highest stored sequence number of each id (ids without events may be left out).</summary>
    protected abstract Task<Dictionary<string, long>> LoadHighestAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> ids);

    /// <summary>Inserts every event of <paramref name="appends"/>, and their tags, stamped <paramref name="writtenAtMs"/>.</summary>
    protected abstract Task InsertEventsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AppendRequest> appends, long writtenAtMs);

    private async Task LoadAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<string> ids, Dictionary<string, long> into)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var loaded = await LoadHighestAsync(connection, transaction, [.. ids]).ConfigureAwait(false);
        foreach (var id in ids)
        {
            into[id] = loaded.GetValueOrDefault(id);
        }
    }

    private async Task DeleteEventsAsync(DbTransaction transaction, BatchPlan plan)
    {
        foreach (var (request, toSequenceNr) in plan.EventDeletes)
        {
            if (toSequenceNr <= 0)
            {
                continue;
            }

            var parameters = new (string, object?)[] { ("@pid", request.PersistenceId), ("@to", toSequenceNr) };
            await transaction.ExecuteAsync(Statements.DeleteTagsUpTo, CancellationToken.None, parameters).ConfigureAwait(false);
            await transaction.ExecuteAsync(Statements.DeleteEventsUpTo, CancellationToken.None, parameters).ConfigureAwait(false);
            await transaction.ExecuteAsync(Statements.RaiseDeletedTo, CancellationToken.None, parameters).ConfigureAwait(false);
        }
    }

    private async Task WriteSnapshotsAsync(DbTransaction transaction, BatchPlan plan)
    {
        foreach (var request in plan.SnapshotWrites)
        {
            switch (request)
            {
                case SaveSnapshotRequest save:
                    await transaction.ExecuteAsync(
                        Statements.SaveSnapshot,
                        CancellationToken.None,
                        ("@pid", save.Metadata.PersistenceId),
                        ("@seq", save.Metadata.SequenceNr),
                        ("@at", save.Metadata.Timestamp.ToUnixMs()),
                        ("@manifest", save.Manifest),
                        ("@payload", save.Payload)).ConfigureAwait(false);
                    break;
                case DeleteSnapshotsRequest delete:
                    await transaction.ExecuteAsync(Statements.DeleteSnapshots, CancellationToken.None, CriteriaParameters(delete.PersistenceId, delete.Criteria)).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>The parameters of <see cref="SqlStatements.LoadSnapshot"/> and <see cref="SqlStatements.DeleteSnapshots"/>.</summary>
    internal static (string, object?)[] CriteriaParameters(string persistenceId, SnapshotSelectionCriteria criteria) =>
    [
        ("@pid", persistenceId),
        ("@minSeq", criteria.MinSequenceNr),
        ("@maxSeq", criteria.MaxSequenceNr),
        ("@minAt", criteria.MinTimestamp.ToUnixMs()),
        ("@maxAt", criteria.MaxTimestamp.ToUnixMs()),
    ];

    private async Task DropConnectionAsync()
    {
        var connection = _connection;
        _connection = null;
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
