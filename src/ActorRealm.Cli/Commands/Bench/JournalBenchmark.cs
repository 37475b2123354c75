using System.Diagnostics;
using System.Globalization;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>Shape of a journal benchmark run.</summary>
/// <param name="Writers">Concurrent writers, one persistence id each.</param>
/// <param name="EventSize">Payload bytes per event.</param>
/// <param name="Duration">Measured time per scenario (journal, baseline), split over the rounds.</param>
/// <param name="Rounds">Alternating journal/baseline rounds, so background noise hits both sides alike.</param>
/// <param name="PrintAcks">Print <c>ack &lt;persistenceId&gt; &lt;sequenceNr&gt;</c> the moment each journal append is acknowledged.</param>
/// <param name="InFlight">Appends each writer keeps in flight: 1 waits for each acknowledgement (Persist), more pipeline them (PersistAsync).</param>
internal sealed record JournalBenchOptions(int Writers, int EventSize, TimeSpan Duration, int Rounds, bool PrintAcks, int InFlight = 1);

/// <summary>
/// Runs <see cref="JournalBenchOptions.Writers"/> writers, each appending to its own persistence id with
/// <see cref="JournalBenchOptions.InFlight"/> appends awaiting acknowledgement, alternately against the journal and
/// the baseline.
/// </summary>
internal sealed class JournalBenchmark(JournalBenchOptions options, TextWriter output, TextWriter progress)
{
    private readonly Lock _outputLock = new();

    public async Task<(PhaseStats Journal, PhaseStats Baseline)> RunAsync(IAppendTarget journal, IAppendTarget baseline, CancellationToken cancellationToken)
    {
        var payload = new byte[options.EventSize];
        new Random(6).NextBytes(payload);
        var ids = Enumerable.Range(0, options.Writers).Select(i => $"bench-{i:00}").ToArray();
        var journalNext = new long[ids.Length];
        var baselineNext = new long[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            journalNext[i] = await journal.HighestAsync(ids[i]) + 1;
            baselineNext[i] = await baseline.HighestAsync(ids[i]) + 1;
        }

        var journalStats = new PhaseStats();
        var baselineStats = new PhaseStats();
        var phase = options.Duration / options.Rounds;
        for (var round = 1; round <= options.Rounds && !cancellationToken.IsCancellationRequested; round++)
        {
            var label = $"round {round}/{options.Rounds}";
            await RunPhaseAsync($"journal  {label}", journal, ids, journalNext, payload, phase, journalStats, options.PrintAcks);
            await RunPhaseAsync($"baseline {label}", baseline, ids, baselineNext, payload, phase, baselineStats, printAcks: false);
        }

        return (journalStats, baselineStats);
    }

    private async Task RunPhaseAsync(
        string label,
        IAppendTarget target,
        string[] ids,
        long[] next,
        byte[] payload,
        TimeSpan duration,
        PhaseStats stats,
        bool printAcks)
    {
        var started = Stopwatch.GetTimestamp();
        var deadline = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var latencies = new List<long>[ids.Length];
        long events = 0;
        var writers = Enumerable.Range(0, ids.Length).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<long>(4096);
            next[w] = await target.RunWriterAsync(ids[w], next[w], payload, options.InFlight, deadline, (sequenceNr, latency) =>
            {
                mine.Add(latency);
                if (printAcks)
                {
                    PrintAck(ids[w], sequenceNr);
                }

                Interlocked.Increment(ref events);
            });
        })).ToList();

        var all = Task.WhenAll(writers);
        using (var timer = new PeriodicTimer(TimeSpan.FromSeconds(1)))
        {
            while (!all.IsCompleted && await Task.WhenAny(all, timer.WaitForNextTickAsync(CancellationToken.None).AsTask()) != all)
            {
                await ReportAsync(label, started, Interlocked.Read(ref events), string.Empty);
            }
        }

        await all;
        await ReportAsync(label, started, events, "  done");
        stats.Add(events, Stopwatch.GetElapsedTime(started), latencies.SelectMany(l => l ?? []));
    }

    private Task ReportAsync(string label, long started, long events, string suffix)
    {
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{label}  {seconds,5:F1} s  {events,10:N0} events  {events / seconds,10:N0} events/s{suffix}"));
    }

    private void PrintAck(string persistenceId, long sequenceNr)
    {
        lock (_outputLock)
        {
            output.WriteLine($"ack {persistenceId} {sequenceNr}");
            output.Flush();
        }
    }
}

/// <summary>What one side of the benchmark achieved over all its rounds.</summary>
internal sealed class PhaseStats
{
    private readonly List<long> _latencyTicks = [];

    public long Events { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    public double EventsPerSecond => Elapsed > TimeSpan.Zero ? Events / Elapsed.TotalSeconds : 0;

    public void Add(long events, TimeSpan elapsed, IEnumerable<long> latencyTicks)
    {
        Events += events;
        Elapsed += elapsed;
        _latencyTicks.AddRange(latencyTicks);
        _latencyTicks.Sort();
    }

    /// <summary>The latency below which <paramref name="fraction"/> of the appends completed, in milliseconds.</summary>
    public double PercentileMs(double fraction)
    {
        if (_latencyTicks.Count == 0)
        {
            return 0;
        }

        var index = Math.Clamp((int)Math.Ceiling(fraction * _latencyTicks.Count) - 1, 0, _latencyTicks.Count - 1);
        return _latencyTicks[index] * 1000.0 / Stopwatch.Frequency;
    }
}
