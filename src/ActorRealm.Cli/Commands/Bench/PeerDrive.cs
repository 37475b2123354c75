using System.Diagnostics;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>What <see cref="PeerDrive.RunAsync"/> measured.</summary>
internal sealed record PeerDriveResult(
    double Seconds,
    int Done,
    int Attempted,
    int Retries,
    int Errors,
    string LastError,
    double MaxGapMs,
    double MaxGapAtS,
    double[] LatencyMs,
    bool[] Acked,
    bool Complete);

/// <summary>
/// The peers' publish driver (bench/common.mjs <c>drive</c>): <c>inflight</c> workers, each taking the next id and
/// publishing it until acknowledged; an attempt without an acknowledgement within the publish timeout, or failing, is
/// tried again with the same id after 20 ms, at most until the phase deadline. Latency is from the first send to the
/// acknowledgement, retries included.
/// </summary>
/// <remarks>
/// "The same id" is the client library's producer sequence: an attempt that timed out is not published again (that
/// would be a new message with a new sequence, a duplicate once the first is stored) but awaited again, while the
/// library sends it again with its sequence, which the servers store once. A failed attempt is published again.
/// </remarks>
internal static class PeerDrive
{
    /// <summary>Publishes ids <paramref name="firstId"/>.. (count-bound, or time-bound with <see cref="PeerWork.DurationSeconds"/>).</summary>
    /// <param name="publishOnce">Completes when the system acknowledged the body as durably replicated; throws on failure.</param>
    /// <param name="work">The in-flight count, message size and publish timeout.</param>
    /// <param name="count">How many ids at most (the phase's messages, or the warm-up's).</param>
    /// <param name="tag">The run tag in every body.</param>
    /// <param name="firstId">The first id (0 for the timed phase, <see cref="PeerWork.WarmupBase"/> for the warm-up).</param>
    /// <param name="maxSeconds">The phase deadline: no new id and no retry after it.</param>
    /// <param name="durationSeconds">Set for a time-bound phase (failover): no new id after it.</param>
    /// <param name="onTick">Called about every 50 ms with the seconds since the start (the failover kill).</param>
    /// <param name="cancellationToken">Stops the phase.</param>
    public static async Task<PeerDriveResult> RunAsync(
        Func<byte[], CancellationToken, Task> publishOnce, PeerWork work, int count, uint tag, uint firstId, double maxSeconds, double? durationSeconds, Action<double>? onTick, CancellationToken cancellationToken)
    {
        var latency = new double[count];
        var acked = new bool[count];
        var gate = new Lock();
        var nextIndex = -1;
        int done = 0, retries = 0, errors = 0;
        var lastError = "";
        var t0 = Stopwatch.GetTimestamp();
        var gaps = new AckGaps(0);
        var deadline = maxSeconds * 1000;
        var stopAt = durationSeconds is { } d ? d * 1000 : double.PositiveInfinity;
        var timeout = TimeSpan.FromMilliseconds(work.PublishTimeoutMs);
        using var ticking = new CancellationTokenSource();
        var ticker = onTick is null ? Task.CompletedTask : TickAsync(onTick, ticking.Token);
        try
        {
            var workers = new Task[work.InFlight];
            for (var i = 0; i < workers.Length; i++)
            {
                workers[i] = Task.Run(WorkerAsync, cancellationToken);
            }

            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        finally
        {
            await ticking.CancelAsync().ConfigureAwait(false);
            await ticker.ConfigureAwait(false);
        }

        var stop = Ms();
        var attempted = Math.Min(count, Volatile.Read(ref nextIndex) + 1);
        var complete = durationSeconds is not null || done == count;
        // A count-bound run that finished ends at its last acknowledgement; otherwise at the stop.
        gaps.Stop(stop, durationSeconds is not null || done < count);
        var end = durationSeconds is not null || done < count ? stop : gaps.LastAckMs;
        return new(end / 1000, done, attempted, retries, errors, lastError, gaps.MaxGapMs, gaps.MaxGapAtS, latency, acked, complete);

        double Ms() => Stopwatch.GetElapsedTime(t0).TotalMilliseconds;

        async Task WorkerAsync()
        {
            while (true)
            {
                var now = Ms();
                if (now >= deadline || now >= stopAt || cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                var index = Interlocked.Increment(ref nextIndex);
                if (index >= count)
                {
                    return;
                }

                var body = PeerWork.Body(work.Size, tag, firstId + (uint)index);
                var start = Ms();
                Task? attempt = null;
                while (true)
                {
                    try
                    {
                        attempt ??= publishOnce(body, cancellationToken);
                        await attempt.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
                        var t = Ms();
                        lock (gate)
                        {
                            gaps.Ack(t);
                            latency[index] = t - start;
                            acked[index] = true;
                            done++;
                        }

                        break;
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                    {
                        if (attempt is { IsCompleted: true })
                        {
                            attempt = null;
                        }

                        lock (gate)
                        {
                            errors++;
                            lastError = e.Message.Length > 200 ? e.Message[..200] : e.Message;
                        }

                        if (Ms() >= deadline)
                        {
                            return;
                        }

                        Interlocked.Increment(ref retries);
                        await Task.Delay(PeerWork.RetryPause, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }

        async Task TickAsync(Action<double> tick, CancellationToken token)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            try
            {
                while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
                {
                    tick(Ms() / 1000);
                }
            }
            catch (OperationCanceledException)
            {
                // the phase ended
            }
        }
    }
}
