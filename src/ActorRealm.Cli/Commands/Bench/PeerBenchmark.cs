using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using ActorRealm.Cli.Commands.Demo;
using ActorRealm.Client;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>
/// The peers' work (../shared/peers) against a realm on loopback: warm-up (excluded), the timed phase through
/// <see cref="PeerDrive"/> (for <c>failover</c> with <c>kill -9</c> of the primary leader's process), the whole
/// channel read back from the primary leader, and one JSON line with the peers' fields and diagnostics.
/// </summary>
internal static class PeerBenchmark
{
    /// <summary>Runs <paramref name="work"/> and returns its JSON line.</summary>
    public static async Task<string> RunAsync(DeployedRealm realm, RealmClient client, PeerWork work, TextWriter progress, CancellationToken cancellationToken)
    {
        var tag = (uint)Random.Shared.Next();
        var channel = string.Create(CultureInfo.InvariantCulture, $"bench.{work.Scenario}.{tag:x8}");
        Task Publish(byte[] body, CancellationToken ct) => client.PublishAsync(channel, body, ct);
        if (work.Warmup > 0)
        {
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"warm-up: {work.Warmup} messages, {work.InFlight} in flight")).ConfigureAwait(false);
            await PeerDrive.RunAsync(Publish, work, work.Warmup, tag, PeerWork.WarmupBase, 60, null, null, cancellationToken).ConfigureAwait(false);
        }

        var leader = await LeaderAsync(realm, null, cancellationToken).ConfigureAwait(false);
        Dictionary<string, object?>? killed = null;
        Action<double>? onTick = work.DurationSeconds is null ? null : seconds =>
        {
            if (killed is null && seconds >= work.KillAfterSeconds)
            {
                var process = realm.Process(leader);
                var pid = process.Id;
                process.Kill();
                killed = new() { ["node"] = leader, ["pid"] = pid, ["at_s"] = Math.Round(seconds, 3) };
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kill -9 of the primary leader {leader} (pid {pid}) at {seconds:0.000} s"));
            }
        };

        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{work.Scenario}: {work.Messages} messages, {work.InFlight} in flight, {work.Size} bytes")).ConfigureAwait(false);
        var timingsBefore = await TimingsAsync(realm, cancellationToken).ConfigureAwait(false);
        using var probe = CpuProbe.Start(ServerPids(realm));
        var result = await PeerDrive.RunAsync(Publish, work, work.Messages, tag, 0, work.MaxSeconds, work.DurationSeconds, onTick, cancellationToken).ConfigureAwait(false);
        var usage = probe.Stop();
        await progress.WriteLineAsync($"publishing done: {result.Done} acknowledged, {result.Retries} retries, last error: {(result.LastError.Length > 0 ? result.LastError : "-")}").ConfigureAwait(false);
        var (p50, p99) = PeerStatistics.Latency(result.LatencyMs, result.Acked, result.Attempted);

        var extra = new Dictionary<string, object?>
        {
            ["connect"] = "client-library",
            ["inflight"] = work.InFlight,
            ["size"] = work.Size,
            ["server_version"] = typeof(PeerBenchmark).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
            ["retries"] = result.Retries,
            ["complete"] = result.Complete,
            ["max_gap_at_s"] = Math.Round(result.MaxGapAtS, 3),
        };
        foreach (var (key, value) in usage)
        {
            extra[key] = value;
        }

        // Along the path: the leader's own view of each publish and of its journal writes over the timed phase.
        if (work.DurationSeconds is null && timingsBefore is not null && await TimingsAsync(realm, cancellationToken).ConfigureAwait(false) is { } timingsAfter)
        {
            foreach (var (key, value) in timingsAfter.Since(timingsBefore, leader))
            {
                extra[key] = value;
            }
        }

        if (result.Errors > 0)
        {
            extra["last_error"] = result.LastError;
        }

        if (killed is not null)
        {
            extra["killed"] = killed;
            extra["new_leader"] = await LeaderAsync(realm, leader, cancellationToken).ConfigureAwait(false);
        }

        int? lost = null;
        try
        {
            var clock = Stopwatch.StartNew();
            var readBack = await ReadBackAsync(client, channel, tag, result.Attempted, cancellationToken).ConfigureAwait(false);
            var (missing, dups, unackedPresent) = PeerStatistics.CompareReadback(result.Acked, result.Attempted, readBack.Seen);
            lost = missing;
            extra["read_back"] = readBack.Read;
            extra["stream_msgs"] = readBack.End;
            extra["dups"] = dups;
            extra["unacked_present"] = unackedPresent;
            extra["readback_s"] = Math.Round(clock.Elapsed.TotalSeconds, 2);
            if (readBack.Foreign > 0)
            {
                extra["foreign"] = readBack.Foreign;
            }
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or RealmRequestRefusedException && !cancellationToken.IsCancellationRequested)
        {
            extra["readback_error"] = e.Message;
        }

        var line = new Dictionary<string, object?>
        {
            ["system"] = "actorrealm",
            ["scenario"] = work.Scenario,
            ["msgs"] = result.Done,
            ["seconds"] = Math.Round(result.Seconds, 3),
            ["msgs_per_s"] = result.Seconds > 0 ? Math.Round(result.Done / result.Seconds) : null,
            ["p50_ms"] = p50 is { } a ? Math.Round(a, 3) : null,
            ["p99_ms"] = p99 is { } b ? Math.Round(b, 3) : null,
            ["max_gap_ms"] = Math.Round(result.MaxGapMs, 3),
            ["lost_acked"] = lost,
        };
        foreach (var (key, value) in extra)
        {
            line[key] = value;
        }

        return JsonSerializer.Serialize(line);
    }

    /// <summary>The current primary leader other than <paramref name="except"/>, by the prime site's realm server, within 30 s.</summary>
    public static async Task<string> LeaderAsync(DeployedRealm realm, string? except, CancellationToken cancellationToken)
    {
        using var admin = realm.Admin(realm.Layout.Nodes.First(n => n.Site == realm.Layout.PrimeSite));
        var deadline = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var (_, view) = await admin.PersistenceAsync(cancellationToken).ConfigureAwait(false);
            if (view.Sets.Single(s => s.Name == RealmLayout.PrimarySet).Leader is { } leader && leader != except)
            {
                return leader;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException(except is null ? "the primary set has no leader" : $"no primary leader other than {except} within 30 s");
    }

    /// <summary>The persistence servers' timings from the prime site's realm server, or null when it does not answer.</summary>
    private static async Task<ServerTimings?> TimingsAsync(DeployedRealm realm, CancellationToken cancellationToken)
    {
        try
        {
            using var admin = realm.Admin(realm.Layout.Nodes.First(n => n.Site == realm.Layout.PrimeSite));
            return ServerTimings.Parse(await admin.MetricsAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static List<int> ServerPids(DeployedRealm realm)
    {
        var pids = new List<int>();
        foreach (var name in realm.Layout.Nodes.Select(n => n.Name).Concat(realm.Layout.PersistenceServers.Select(s => s.Name)))
        {
            try
            {
                pids.Add(realm.Process(name).Id);
            }
            catch (InvalidOperationException)
            {
                // not started (the standby set with --standby off)
            }
        }

        return pids;
    }

    private sealed record ReadBack(int Read, long End, int Foreign, int[] Seen);

    /// <summary>Reads the whole channel from the primary leader (120 s at most) and counts each of this run's ids.</summary>
    private static async Task<ReadBack> ReadBackAsync(RealmClient client, string channel, uint tag, int attempted, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(120));
        var seen = new int[attempted];
        int read = 0, foreign = 0;
        long end = 0;
        await foreach (var page in client.ReadToEndAsync(channel, cancellationToken: limit.Token).ConfigureAwait(false))
        {
            end = page.EndOffset;
            foreach (var message in page.Messages)
            {
                read++;
                if (PeerWork.Parse(message.Data.Span) is not ({ } messageTag, { } id) || messageTag != tag)
                {
                    foreign++;
                }
                else if (id < (uint)attempted)
                {
                    seen[id]++;
                }
                else if (id < PeerWork.WarmupBase)
                {
                    foreign++;
                }
            }
        }

        return new(read, end, foreign, seen);
    }

    /// <summary>CPU seconds of this process and of the realm's server processes over the timed phase, and the load before it.</summary>
    private sealed class CpuProbe : IDisposable
    {
        private readonly Dictionary<int, double> _first = [];
        private readonly Dictionary<int, double> _last = [];
        private readonly List<int> _pids;
        private readonly TimeSpan _clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly double? _loadavg = LoadAverage();
        private readonly Timer _timer;

        private CpuProbe(List<int> pids)
        {
            _pids = pids;
            Sample();
            // Sampled every 250 ms so a server killed mid-run counts up to its last sample, as the peers do.
            _timer = new Timer(_ => Sample(), null, 250, 250);
        }

        public static CpuProbe Start(List<int> pids) => new(pids);

        public void Dispose() => _timer.Dispose();

        public Dictionary<string, object?> Stop()
        {
            _timer.Dispose();
            Sample();
            double servers;
            lock (_first)
            {
                servers = _last.Sum(p => p.Value - _first[p.Key]);
            }

            return new()
            {
                ["client_cpu_s"] = Math.Round((Process.GetCurrentProcess().TotalProcessorTime - _clientCpu).TotalSeconds, 2),
                ["servers_cpu_s"] = Math.Round(servers, 2),
                ["server_processes"] = _pids.Count,
                ["wall_s"] = Math.Round(Stopwatch.GetElapsedTime(_started).TotalSeconds, 2),
                ["loadavg1_before"] = _loadavg is { } load ? Math.Round(load, 2) : null,
            };
        }

        private void Sample()
        {
            lock (_first)
            {
                foreach (var pid in _pids)
                {
                    if (CpuSeconds(pid) is { } seconds)
                    {
                        _first.TryAdd(pid, seconds);
                        _last[pid] = seconds;
                    }
                }
            }
        }

        private static double? CpuSeconds(int pid)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // utime and stime (fields 14 and 15) in clock ticks of 100 per second
                return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
            }
            catch (IOException)
            {
                return null; // gone (killed in failover)
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
        }

        private static double? LoadAverage()
        {
            try
            {
                return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }
}
