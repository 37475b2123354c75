using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ActorRealm.Cli.Commands.Demo;
using ActorRealm.Client;
using ActorRealm.Persistence.Sqlite;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>
/// <c>actorrealm bench publish</c> against a realm it starts on loopback as a user deploys it (<see cref="DeployedRealm"/>).
/// With <c>--scenario sync|window|failover</c> it does the peers' work (../shared/peers, <see cref="PeerBenchmark"/>)
/// and prints their JSON line. Without a scenario, or with <c>--baseline</c>, it publishes for a time with one
/// (<c>sync</c>) and 256 (<c>window</c>) in flight beside a local durable SQLite append with the same window in the same
/// run (the ratio says what replication costs over one local durable write), in alternating rounds.
/// </summary>
internal static class BenchPublishCommand
{
    private const string Channel = "bench";
    private static readonly string[] BothScenarios = ["sync", "window"];

    public static Command Create()
    {
        var scenario = new Option<string?>("--scenario")
        {
            Description = "The peers' work (../shared/peers): sync (--msgs 10000, 1 in flight), window (--msgs 200000, --window 256 in flight) or failover (1 in flight for --failover-seconds, kill -9 of the primary leader after --kill-after), each after a warm-up, with a read-back; one JSON line of the peers' shape with --json. Default: sync and window in --baseline mode.",
        };
        scenario.AcceptOnlyFromAmong("sync", "window", "failover");
        var failoverSeconds = new Option<double>("--failover-seconds") { Description = "failover: how long to publish.", DefaultValueFactory = _ => 20 };
        var killAfter = new Option<double>("--kill-after") { Description = "failover: seconds of publishing before the primary leader's process is killed.", DefaultValueFactory = _ => 5 };
        var mode = new Option<string>("--standby-replication") { Description = "The realm's standby replication: async or sync.", DefaultValueFactory = _ => "async" };
        mode.AcceptOnlyFromAmong("async", "sync");
        var standby = new Option<string>("--standby") { Description = "Run the standby set (on) or only the primary set (off; async only).", DefaultValueFactory = _ => "on" };
        standby.AcceptOnlyFromAmong("on", "off");
        var window = new Option<int>("--window", "--inflight") { Description = "Messages in flight in the window scenario.", DefaultValueFactory = _ => 256 };
        var msgs = new Option<int?>("--msgs") { Description = "Peers' work: messages in the timed phase (default: sync 10000, window 200000)." };
        var warmup = new Option<int?>("--warmup") { Description = "Peers' work: warm-up messages, excluded from every figure (default: sync and failover 200, window 2000)." };
        var publishTimeout = new Option<int>("--publish-timeout-ms") { Description = "Peers' work: a publish without an acknowledgement for this long is tried again (here the client library resends it with its producer sequence, stored once).", DefaultValueFactory = _ => 2000 };
        var maxSeconds = new Option<double>("--max-seconds") { Description = "Peers' work: the longest sync or window phase (the run is then reported as not complete).", DefaultValueFactory = _ => 300 };
        var baselineMode = new Option<bool>("--baseline") { Description = "Publish for --seconds per side beside a local durable SQLite append (sync and window only), instead of the peers' work." };
        var size = new Option<int>("--size") { Description = "Message bytes.", DefaultValueFactory = _ => 256 };
        var seconds = new Option<double>("--seconds") { Description = "--baseline: measured seconds per side (publish, baseline) and scenario, in two alternating rounds.", DefaultValueFactory = _ => 6 };
        var json = new Option<bool>("--json")
        {
            Description = "One JSON line per scenario: the peers' fields ({\"system\":\"actorrealm\",\"scenario\":..,\"msgs\":..,\"msgs_per_s\":..,\"p50_ms\":..,\"p99_ms\":..,\"max_gap_ms\":..,\"lost_acked\":..,...}), or with --baseline {..,\"baseline_msgs_per_s\":..,\"ratio\":..}.",
        };
        var keep = new Option<bool>("--keep") { Description = "Keep the realm's folder (configuration, certificates, data, every process's log) after the run." };
        var command = new Command("publish", "Publish through the client library to a realm of 2 realm servers and 3+3 persistence servers it starts on loopback: the peers' work (--scenario) or msg/s and acknowledgement p50/p99 against a local durable SQLite append (--baseline).")
        {
            scenario, mode, standby, window, msgs, warmup, publishTimeout, maxSeconds, size, seconds, failoverSeconds, killAfter, baselineMode, json, keep,
        };
        command.Validators.Add(result =>
        {
            // While validators run, an option left out has no value yet: only given values are checked.
            if (result.GetResult(standby) is not null && Value(result, standby) == "off" && result.GetResult(mode) is not null && Value(result, mode) == "sync")
            {
                result.AddError("--standby off needs --standby-replication async: in sync mode every publish waits for the standby set.");
            }

            if (result.GetResult(window) is not null && Value(result, window) is < 1 or > 10_000)
            {
                result.AddError("--window must lie within 1..10000.");
            }

            if (result.GetResult(size) is not null && Value(result, size) is < 8 or > 1024 * 1024)
            {
                result.AddError("--size must lie within 8..1048576 bytes (the default message limit; a message carries its run tag and number in 8 bytes, as the peers').");
            }

            if (result.GetResult(msgs) is not null && Value(result, msgs) is not (>= 1 and <= 5_000_000))
            {
                result.AddError("--msgs must lie within 1..5000000.");
            }

            if (result.GetResult(warmup) is not null && Value(result, warmup) is not (>= 0 and <= 1_000_000))
            {
                result.AddError("--warmup must lie within 0..1000000.");
            }

            if (result.GetResult(publishTimeout) is not null && Value(result, publishTimeout) is < 1 or > 600_000)
            {
                result.AddError("--publish-timeout-ms must lie within 1..600000.");
            }

            if (result.GetResult(maxSeconds) is not null && Value(result, maxSeconds) is not (> 0 and <= 86_400))
            {
                result.AddError("--max-seconds must be more than 0 and at most 86400.");
            }

            var peerOnly = new Option[] { msgs, warmup, publishTimeout, maxSeconds };
            if (Value(result, baselineMode) && peerOnly.FirstOrDefault(o => result.GetResult(o) is not null) is { } given)
            {
                result.AddError($"{given.Name} is for the peers' work: --baseline publishes for --seconds.");
            }

            if (Value(result, baselineMode) && result.GetResult(scenario) is not null && Value(result, scenario) == "failover")
            {
                result.AddError("--baseline measures sync and window only: failover is the peers' work.");
            }

            if (result.GetResult(scenario) is null && !Value(result, baselineMode) && peerOnly.FirstOrDefault(o => result.GetResult(o) is not null) is { } withoutScenario)
            {
                result.AddError($"{withoutScenario.Name} needs --scenario sync|window|failover (without one the command measures the --baseline mode).");
            }

            if ((result.GetResult(failoverSeconds) is not null || result.GetResult(killAfter) is not null)
                && !(Value(result, killAfter) > 0 && Value(result, killAfter) < Value(result, failoverSeconds)))
            {
                result.AddError("--kill-after must be more than 0 and less than --failover-seconds.");
            }
        });
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var asJson = result.GetValue(json);
            var scenarios = result.GetValue(scenario) is { } one ? [one] : BothScenarios;
            // Without a scenario the command keeps its original meaning: both scenarios beside the SQLite baseline.
            var asBaseline = result.GetValue(baselineMode) || result.GetValue(scenario) is null;
            // The peers log to stderr beside their JSON line; the baseline mode's JSON stays alone.
            var progress = !asJson ? output : asBaseline ? TextWriter.Null : result.InvocationConfiguration.Error;
            var standbyReplication = result.GetRequiredValue(mode);
            var withStandby = result.GetValue(standby) == "on";
            var duration = TimeSpan.FromSeconds(Math.Max(0.5, result.GetValue(seconds)));
            var payload = new byte[result.GetValue(size)];
            new Random(6).NextBytes(payload);
            var directory = Directory.CreateTempSubdirectory("actorrealm-bench-publish-");
            var finished = false;
            try
            {
                await progress.WriteLineAsync($"starting 2 realm servers and {(withStandby ? 6 : 3)} persistence servers (standby replication {standbyReplication}) in {directory.FullName}...").ConfigureAwait(false);
                await using var realm = await DeployedRealm.StartAsync(directory.FullName, standbyReplication, withStandby, progress, TimeSpan.FromSeconds(120), cancellationToken).ConfigureAwait(false);
                var files = realm.Files;
                var largest = Math.Max(1, scenarios.Max(s => s == "sync" ? 1 : result.GetValue(window)));
                var clientSettings = new RealmClientSettings
                {
                    Realm = "bench",
                    ContactPoints = realm.ContactPoints,
                    Tls = new RealmClientTls(files.ClientCertificate!, files.ClientKey!, files.CaCertificate!),
                    Window = largest,
                };
                // The peers' rule: no acknowledgement within the publish timeout, try again. The client's resend (same
                // producer sequence) is that retry, so it waits as long as the peers' clients do.
                await using var client = RealmClient.Start(asBaseline ? clientSettings : clientSettings with { RequestTimeout = TimeSpan.FromMilliseconds(result.GetValue(publishTimeout)) });

                if (!asBaseline)
                {
                    var name = scenarios.Single();
                    var work = PeerWork.For(
                        name,
                        result.GetValue(msgs),
                        name == "window" ? result.GetValue(window) : null,
                        result.GetValue(warmup),
                        payload.Length,
                        result.GetValue(publishTimeout),
                        result.GetValue(maxSeconds),
                        result.GetValue(failoverSeconds),
                        result.GetValue(killAfter));
                    var line = await PeerBenchmark.RunAsync(realm, client, work, progress, cancellationToken).ConfigureAwait(false);
                    await output.WriteLineAsync(line).ConfigureAwait(false);
                    finished = true;
                    return 0;
                }

                // Warm-up: connections, the leader found, JIT.
                var warmupStats = new PublishStats();
                await PublishBenchmark.RunAsync(client, Channel, payload, largest, TimeSpan.FromSeconds(1), warmupStats, cancellationToken).ConfigureAwait(false);
                await using var baseline = await SqliteBaseline.OpenAsync(directory.FullName, SqliteSynchronous.Full).ConfigureAwait(false);
                long nextBaseline = 1;
                foreach (var name in scenarios)
                {
                    var inFlight = name == "sync" ? 1 : result.GetValue(window);
                    await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"measuring {name} ({inFlight} in flight), {duration.TotalSeconds:0.#} s per side...")).ConfigureAwait(false);
                    var published = new PublishStats();
                    var local = new PublishStats();
                    for (var round = 0; round < 2; round++)
                    {
                        nextBaseline = await PublishBenchmark.RunBaselineAsync(baseline, payload, inFlight, duration / 2, local, nextBaseline).ConfigureAwait(false);
                        await PublishBenchmark.RunAsync(client, Channel, payload, inFlight, duration / 2, published, cancellationToken).ConfigureAwait(false);
                    }

                    var report = new Report(name, inFlight, payload.Length, standbyReplication, withStandby, published, local);
                    await output.WriteLineAsync(asJson ? report.Json() : report.Text()).ConfigureAwait(false);
                }

                finished = true;
                return 0;
            }
            finally
            {
                if (result.GetValue(keep))
                {
                    await result.InvocationConfiguration.Error.WriteLineAsync($"kept {directory.FullName}").ConfigureAwait(false);
                }
                else if (!finished && !cancellationToken.IsCancellationRequested)
                {
                    // A run that failed keeps what tells why: every process's log.
                    await result.InvocationConfiguration.Error.WriteLineAsync($"the run failed; kept its folder (every process's log in logs/) at {directory.FullName}").ConfigureAwait(false);
                }
                else
                {
                    directory.Delete(recursive: true);
                }
            }
        });
        return command;
    }

    /// <summary>An option's value while validators run, or its default when it did not parse (that error is reported already).</summary>
    private static T? Value<T>(System.CommandLine.Parsing.CommandResult result, Option<T> option)
    {
        try
        {
            return result.GetValue(option);
        }
        catch (InvalidOperationException)
        {
            return default;
        }
    }

    private sealed record Report(string Scenario, int Window, int Size, string StandbyReplication, bool WithStandby, PublishStats Published, PublishStats Baseline)
    {
        private double Ratio => Baseline.MessagesPerSecond == 0 ? 0 : Published.MessagesPerSecond / Baseline.MessagesPerSecond;

        public string Json() => JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["system"] = "actorrealm",
            ["scenario"] = Scenario,
            ["msgs_per_s"] = Math.Round(Published.MessagesPerSecond),
            ["p50_ms"] = Math.Round(Published.P50Ms, 3),
            ["p99_ms"] = Math.Round(Published.P99Ms, 3),
            ["messages"] = Published.Messages,
            ["baseline"] = "sqlite-append-full-sync",
            ["baseline_msgs_per_s"] = Math.Round(Baseline.MessagesPerSecond),
            ["baseline_p50_ms"] = Math.Round(Baseline.P50Ms, 3),
            ["baseline_p99_ms"] = Math.Round(Baseline.P99Ms, 3),
            ["ratio"] = Math.Round(Ratio, 3),
            ["window"] = Window,
            ["size"] = Size,
            ["standby_replication"] = StandbyReplication,
            ["standby_set"] = WithStandby,
        });

        public string Text() => string.Join(Environment.NewLine, [
            string.Create(CultureInfo.InvariantCulture, $"{Scenario}: {Window} in flight, {Size}-byte messages, standby replication {StandbyReplication}, standby set {(WithStandby ? "running" : "not running")}"),
            string.Create(CultureInfo.InvariantCulture, $"  publish (client -> primary leader, majority durable): {Published.MessagesPerSecond,10:N0} msg/s  p50 {Published.P50Ms,7:0.000} ms  p99 {Published.P99Ms,7:0.000} ms  ({Published.Messages:N0} messages)"),
            string.Create(CultureInfo.InvariantCulture, $"  local SQLite append, FULL sync (baseline):           {Baseline.MessagesPerSecond,10:N0} msg/s  p50 {Baseline.P50Ms,7:0.000} ms  p99 {Baseline.P99Ms,7:0.000} ms"),
            string.Create(CultureInfo.InvariantCulture, $"  ratio publish/baseline: {Ratio:0.000}   (same run, alternating rounds; figures on a shared machine are noisy)"),
        ]);
    }
}
