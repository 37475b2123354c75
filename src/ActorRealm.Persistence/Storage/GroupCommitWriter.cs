using System.Threading.Channels;
using ActorRealm.Persistence.Journal;

namespace ActorRealm.Persistence.Storage;

/// <summary>
/// The single writer of a store. Callers queue requests; one task drains everything queued (up to the batch size),
/// writes it in one transaction, and completes each caller only after COMMIT returned. While a transaction commits,
/// new requests accumulate and form the next batch, so batching grows with load without any added delay.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly Channel<WriteRequest> _queue;
    private readonly BatchExecutor _executor;
    private readonly int _maxBatchEvents;
    private readonly string _store;
    private readonly Task _loop;
    private long _transactions;
    private long _failedTransactions;
    private long _appends;
    private long _events;
    private long _rejections;

    public GroupCommitWriter(BatchExecutor executor, int maxBatchEvents, int capacity, string store)
    {
        _executor = executor;
        _maxBatchEvents = maxBatchEvents;
        _store = store;
        _queue = Channel.CreateBounded<WriteRequest>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Run(RunAsync);
    }

    public BatchExecutor Executor => _executor;

    public JournalCounters Counters => new(
        Interlocked.Read(ref _transactions),
        Interlocked.Read(ref _failedTransactions),
        Interlocked.Read(ref _appends),
        Interlocked.Read(ref _events),
        Interlocked.Read(ref _rejections));

    /// <summary>
    /// Queues <paramref name="request"/> and waits for its outcome. <paramref name="cancellationToken"/> only cancels
    /// waiting for queue space: once queued, the request is written or failed, and the caller learns which.
    /// </summary>
    public async Task WriteAsync(WriteRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(_store, $"The store {_store} is closed; nothing was written.");
        }

        await request.Completion.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await _executor.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<WriteRequest>();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            var events = 0;
            while (reader.TryPeek(out var next) && (batch.Count == 0 || events + next.EventCount <= _maxBatchEvents))
            {
                reader.TryRead(out _);
                batch.Add(next);
                events += next.EventCount;
            }

            await CommitAsync(batch).ConfigureAwait(false);
        }
    }

    private async Task CommitAsync(List<WriteRequest> batch)
    {
        BatchPlan plan;
        try
        {
            plan = await _executor.ExecuteAsync(batch).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref _failedTransactions);
            var error = new JournalWriteException(
                $"A write transaction of {batch.Count} request(s) on {_store} failed; none of them is acknowledged (when the connection broke during the commit itself, its outcome is unknown and the events may be found at recovery). Cause: {ex.Message}",
                ex);
            foreach (var request in batch)
            {
                request.Fail(error);
            }

            return;
        }

        Interlocked.Increment(ref _transactions);
        foreach (var request in batch)
        {
            if (plan.Rejections.TryGetValue(request, out var rejection))
            {
                Interlocked.Increment(ref _rejections);
                request.Fail(rejection);
                continue;
            }

            if (request is AppendRequest append)
            {
                Interlocked.Increment(ref _appends);
                Interlocked.Add(ref _events, append.Events.Count);
            }

            request.Succeed();
        }
    }
}
