using System.Data.Common;
using ActorRealm.Persistence.Snapshots;

namespace ActorRealm.Persistence.Storage;

/// <summary>
/// The group-commit transaction shared by both providers: begin, read the highest sequence numbers of the ids in the
/// batch, plan, insert the accepted events, apply deletions and snapshot writes in queue order, commit. Providers
/// supply the connection, the highest-number query and the event insert (where their fast paths differ).
/// Any failure rolls back, drops the connection (reopened for the next batch) and fails the whole batch.
/// </summary>
internal abstract class SqlBatchExecutor(SqlStatements statements) : BatchExecutor
{
    private DbConnection? _connection;

    protected SqlStatements Statements { get; } = statements;

    public override async Task<BatchPlan> ExecuteAsync(IReadOnlyList<WriteRequest> batch)
    {
        _connection ??= await OpenWriteConnectionAsync().ConfigureAwait(false);
        try
        {
            var transaction = await _connection.BeginTransactionAsync().ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var ids = BatchPlanner.PersistenceIdsToCheck(batch);
                var highest = ids.Count == 0
                    ? new Dictionary<string, long>()
                    : await LoadHighestAsync(_connection, transaction, ids).ConfigureAwait(false);
                var plan = BatchPlanner.Plan(batch, highest);
                if (plan.Appends.Count > 0)
                {
                    await InsertEventsAsync(_connection, transaction, plan.Appends, DateTimeOffset.UtcNow.ToUnixMs()).ConfigureAwait(false);
                }

                await DeleteEventsAsync(transaction, plan).ConfigureAwait(false);
                await WriteSnapshotsAsync(transaction, plan).ConfigureAwait(false);
                await BeforeCommitAsync(batch).ConfigureAwait(false);
                await transaction.CommitAsync().ConfigureAwait(false);
                return plan;
            }
        }
        catch
        {
            await DropConnectionAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await DropConnectionAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Opens and configures the write connection (durability settings).</summary>
    protected abstract Task<DbConnection> OpenWriteConnectionAsync();

    /// <summary>The highest stored sequence number of each id (ids without events may be left out).</summary>
    protected abstract Task<Dictionary<string, long>> LoadHighestAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<string> ids);

    /// <summary>Inserts every event of <paramref name="appends"/>, and their tags, stamped <paramref name="writtenAtMs"/>.</summary>
    protected abstract Task InsertEventsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<AppendRequest> appends, long writtenAtMs);

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
