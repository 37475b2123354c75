using System.Collections.Concurrent;
using ActorRealm.Remote.Wire;

namespace ActorRealm.Remote.Transport;

/// <summary>
/// The send side of <see cref="TcpConnection"/>: a bounded queue and a writer scheduled like an actor
/// mailbox. The first frame queued while the writer is idle schedules it on the thread pool, preferring
/// the current thread's local queue, so a sending actor's whole turn is written by one writer run right
/// after it on the same thread, with a single flush, and no thread hand-off.
/// </summary>
internal sealed partial class TcpConnection : IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Scheduled = 1;
    private const int Retired = 2;

    private readonly ConcurrentQueue<Frame> _queue = new();
    private int _queued;
    private int _writerState;
    private volatile bool _sendClosed;
    private volatile bool _draining;
    private Task _writing = Task.CompletedTask;
    private TaskCompletionSource? _drained;
    private CloseReason? _drainReason;

    public SendStatus TrySend(Frame frame)
    {
        if (_sendClosed)
        {
            return SendStatus.Closed;
        }

        if (Interlocked.Increment(ref _queued) > _settings.SendQueueSize)
        {
            Interlocked.Decrement(ref _queued);
            return SendStatus.QueueFull;
        }

        _queue.Enqueue(frame);
        ScheduleWriter();
        return SendStatus.Accepted;
    }

    /// <summary>Stops taking frames, writes those queued (waiting at most <paramref name="timeout"/>), then closes.</summary>
    public async Task DrainAndCloseAsync(TimeSpan timeout, CloseReason reason)
    {
        Volatile.Write(ref _drainReason, reason);
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _drained, drained);
        _draining = true;
        _sendClosed = true;
        ScheduleWriter();
        if (Volatile.Read(ref _writerState) == Idle && _queue.IsEmpty)
        {
            drained.TrySetResult();
        }

        try
        {
            await drained.Task.WaitAsync(timeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Give up on the rest: at-most-once delivery allows it, and shutdown must not hang.
        }

        Close(reason);
        await Completion.ConfigureAwait(false);
    }

    void IThreadPoolWorkItem.Execute() => Volatile.Write(ref _writing, WriteAsync());

    private void ScheduleWriter()
    {
        if (Interlocked.CompareExchange(ref _writerState, Scheduled, Idle) == Idle)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        }
    }

    private async Task WriteAsync()
    {
        try
        {
            while (true)
            {
                while (Volatile.Read(ref _closed) == 0 && _queue.TryDequeue(out var frame))
                {
                    Interlocked.Decrement(ref _queued);
                    WriteFrame(frame);
                    if (_writer.UnflushedBytes >= FlushThreshold)
                    {
                        await FlushAsync().ConfigureAwait(false);
                    }
                }

                if (Volatile.Read(ref _closed) == 0 && _writer.UnflushedBytes > 0)
                {
                    await FlushAsync().ConfigureAwait(false);
                }

                // Going idle; a frame queued meanwhile either sees Idle and schedules, or is seen here.
                Volatile.Write(ref _writerState, Idle);
                if (_queue.IsEmpty || Volatile.Read(ref _closed) != 0 || Interlocked.CompareExchange(ref _writerState, Scheduled, Idle) != Idle)
                {
                    if (_draining && _queue.IsEmpty)
                    {
                        Volatile.Read(ref _drained)?.TrySetResult();
                    }

                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            Close(new CloseReason(CloseKind.Lost, $"write failed: {e.Message}"));
            Volatile.Write(ref _writerState, Idle);
        }
    }

    private async ValueTask FlushAsync()
    {
        if ((await _writer.FlushAsync().ConfigureAwait(false)).IsCompleted)
        {
            throw new InvalidOperationException("the output pipe was completed");
        }
    }

    /// <summary>After close: waits for a running or scheduled writer to finish, then keeps any from starting.</summary>
    private async Task RetireWriterAsync()
    {
        while (Interlocked.CompareExchange(ref _writerState, Retired, Idle) != Idle)
        {
            if (Volatile.Read(ref _writerState) == Retired)
            {
                return;
            }

            // A writer is scheduled or running; it sees the close and stops soon.
            await Volatile.Read(ref _writing).ConfigureAwait(false);
            await Task.Yield();
        }
    }
}
