namespace ActorRealm.Persistence.Tests.Support;

/// <summary>
/// Holds a store's writer inside its first transaction, just before COMMIT, so a test can queue requests that must
/// all form the next batch. Later commits run <c>laterCommits</c> (for example to fail them).
/// </summary>
public sealed class WriterGate
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _commits;

    private WriterGate()
    {
    }

    public static WriterGate Install(PersistenceStore store, Action? laterCommits = null)
    {
        var gate = new WriterGate();
        store.Executor!.BeforeCommit = async _ =>
        {
            if (Interlocked.Increment(ref gate._commits) == 1)
            {
                gate._entered.SetResult();
                await gate._release.Task;
                return;
            }

            laterCommits?.Invoke();
        };
        return gate;
    }

    /// <summary>Completes when the first transaction is held (bounded, so a broken writer fails the test).</summary>
    public Task EnteredAsync() => _entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

    public void Release() => _release.SetResult();
}
