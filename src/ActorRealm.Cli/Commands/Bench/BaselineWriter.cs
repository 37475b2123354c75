using System.Diagnostics;
using System.Threading.Channels;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>
/// The baseline of the journal benchmark: no journal code, just what any batching writer does. Writers queue rows;
/// one loop takes everything queued (up to 1000 rows), inserts it in one transaction through the same driver with
/// the same durability settings as the journal, commits, and completes the writers.
/// </summary>
internal abstract class BaselineWriter : IAppendTarget
{
    private const int MaxBatch = 1000;
    private readonly Channel<Row> _queue = Channel.CreateUnbounded<Row>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _loop;

    public Task<long> HighestAsync(string persistenceId) => Task.FromResult(0L);

    public async Task<long> RunWriterAsync(string persistenceId, long firstSequenceNr, byte[] payload, int inFlight, long deadline, Action<long, long> acknowledged)
    {
        var next = firstSequenceNr;
        var pending = new Queue<(Task Done, long SequenceNr, long Sent)>();
        do
        {
            while (pending.Count < inFlight && (pending.Count == 0 || Stopwatch.GetTimestamp() < deadline))
            {
                pending.Enqueue((AppendAsync(persistenceId, next, payload), next, Stopwatch.GetTimestamp()));
                next++;
            }

            // One writer's rows are committed in the order it queued them.
            var (done, sequenceNr, sent) = pending.Dequeue();
            await done.ConfigureAwait(false);
            acknowledged(sequenceNr, Stopwatch.GetTimestamp() - sent);
        }
        while (pending.Count > 0 || Stopwatch.GetTimestamp() < deadline);
        return next;
    }

    private Task AppendAsync(string persistenceId, long sequenceNr, byte[] payload)
    {
        var row = new Row(persistenceId, sequenceNr, payload, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _queue.Writer.TryWrite(row);
        return row.Done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        await DisposeCoreAsync().ConfigureAwait(false);
    }

    /// <summary>Starts the writer loop once the table exists.</summary>
    protected void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Inserts <paramref name="rows"/> in one transaction and commits.</summary>
    protected abstract Task WriteAsync(IReadOnlyList<Row> rows);

    protected abstract ValueTask DisposeCoreAsync();

    private async Task RunAsync()
    {
        var rows = new List<Row>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            rows.Clear();
            while (rows.Count < MaxBatch && _queue.Reader.TryRead(out var row))
            {
                rows.Add(row);
            }

            try
            {
                await WriteAsync(rows).ConfigureAwait(false);
                rows.ForEach(r => r.Done.TrySetResult());
            }
            catch (Exception e)
            {
                rows.ForEach(r => r.Done.TrySetException(e));
            }
        }
    }

    /// <summary>One queued event.</summary>
    protected sealed record Row(string PersistenceId, long SequenceNr, byte[] Payload, TaskCompletionSource Done);
}
