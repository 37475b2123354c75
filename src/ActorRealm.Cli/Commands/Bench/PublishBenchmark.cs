using System.Diagnostics;
using ActorRealm.Client;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>What one side of a publish benchmark measured: messages acknowledged, time, latency percentiles.</summary>
internal sealed class PublishStats
{
    private readonly LatencyHistogram _latency = new();

    public long Messages { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    public double MessagesPerSecond => Elapsed > TimeSpan.Zero ? Messages / Elapsed.TotalSeconds : 0;

    public double P50Ms => _latency.Percentile(0.50) / 1000.0;

    public double P99Ms => _latency.Percentile(0.99) / 1000.0;

    public void Record(long started, long acknowledged) => _latency.Record(started, acknowledged);

    public void AddRound(long messages, TimeSpan elapsed)
    {
        Messages += messages;
        Elapsed += elapsed;
    }
}

/// <summary>
/// Publishes 256-byte messages through the client library to the primary leader with a given number in flight, for a
/// given time, recording each acknowledgement's latency (from the call to the acknowledgement: the application's view).
/// </summary>
internal static class PublishBenchmark
{
    /// <summary>Publishes to <paramref name="channel"/> until <paramref name="duration"/> has passed, <paramref name="window"/> in flight.</summary>
    public static async Task RunAsync(RealmClient client, string channel, byte[] payload, int window, TimeSpan duration, PublishStats stats, CancellationToken cancellationToken)
    {
        var inFlight = new Queue<(long Started, Task<PublishAck> Ack)>(window);
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long acknowledged = 0;
        while (Stopwatch.GetTimestamp() < deadline && !cancellationToken.IsCancellationRequested)
        {
            while (inFlight.Count < window)
            {
                inFlight.Enqueue((Stopwatch.GetTimestamp(), client.PublishAsync(channel, payload, cancellationToken)));
            }

            await AwaitOldestAsync().ConfigureAwait(false);
        }

        while (inFlight.Count > 0)
        {
            await AwaitOldestAsync().ConfigureAwait(false);
        }

        stats.AddRound(acknowledged, Stopwatch.GetElapsedTime(started));

        async Task AwaitOldestAsync()
        {
            // Acknowledgements arrive in publish order: the oldest is the next one.
            var (sent, ack) = inFlight.Dequeue();
            await ack.ConfigureAwait(false);
            stats.Record(sent, Stopwatch.GetTimestamp());
            acknowledged++;
        }
    }

    /// <summary>The baseline: one local durable SQLite append per message (synchronous = FULL), the same window and payload.</summary>
    /// <returns>The next sequence number to append.</returns>
    public static async Task<long> RunBaselineAsync(IAppendTarget baseline, byte[] payload, int window, TimeSpan duration, PublishStats stats, long firstSequenceNr)
    {
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long acknowledged = 0;
        var next = await baseline.RunWriterAsync("bench-baseline", firstSequenceNr, payload, window, deadline, (_, latencyTicks) =>
        {
            stats.Record(0, latencyTicks);
            acknowledged++;
        }).ConfigureAwait(false);
        stats.AddRound(acknowledged, Stopwatch.GetElapsedTime(started));
        return next;
    }
}
