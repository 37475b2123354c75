namespace ActorRealm.Persistence.Storage;

/// <summary>
/// Writes one planned batch in one database transaction for a provider. Used only by the single writer task, so an
/// implementation owns its write connection without locking.
/// </summary>
internal abstract class BatchExecutor : IAsyncDisposable
{
    /// <summary>
    /// Test seam for failure injection: runs inside the transaction just before COMMIT; an exception it throws fails
    /// the whole batch exactly like a failed COMMIT would.
    /// </summary>
    internal Func<IReadOnlyList<WriteRequest>, Task>? BeforeCommit { get; set; }

    /// <summary>
    /// Plans and writes <paramref name="batch"/> in one transaction and commits it. Returns the plan (whose rejections
    /// were not written) after COMMIT returned; throws when the transaction failed, in which case nothing was written.
    /// </summary>
    public abstract Task<BatchPlan> ExecuteAsync(IReadOnlyList<WriteRequest> batch);

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();

    /// <summary>Runs <see cref="BeforeCommit"/> if set.</summary>
    protected Task BeforeCommitAsync(IReadOnlyList<WriteRequest> batch) => BeforeCommit?.Invoke(batch) ?? Task.CompletedTask;
}
