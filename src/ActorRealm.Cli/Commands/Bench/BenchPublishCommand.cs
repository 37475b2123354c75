using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ActorRealm.Cli.Commands.Demo;
using ActorRealm.Client;
using ActorRealm.Persistence.Sqlite;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>
/// <c>actorrealm bench publish</c>: 256-byte messages through the client library to the primary leader of a realm it
/// starts on loopback as a user deploys it (<see cref="DeployedRealm"/>), one in flight (<c>sync</c>) and 256 in flight
/// (<c>window</c>), beside a local durable SQLite append with the same window in the same run (the ratio says what
/// replication costs over one local durable write), in alternating rounds.
/// </summary>
internal static class BenchPublishCommand
{
    private const string Channel = "bench";
    private static readonly string[] BothScenarios = ["sync", "window"];

    public static Command Create()
    {
        var scenario = new Option<string?>("--scenario")
        {
            Description = "sync (1 in flight), window (--window in flight), or failover (1 in flight for --failover-seconds, kill -9 of the primary leader after --kill-after, the longest gap between acknowledgements and a read-back); default: sync and window.",
        };
        scenario.AcceptOnlyFromAmong("sync", "window", "failover");
        var failoverSeconds = new Option<double>("--failover-seconds") { Description = "failover: how long to publish.", DefaultValueFactory = _ => 20 };
        var killAfter = new Option<double>("--kill-after") { Description = "failover: seconds of publishing before the primary leader's process is killed.", DefaultValueFactory = _ => 5 };
        var mode = new Option<string>("--standby-replication") { Description = "The realm's standby replication: async or sync.", DefaultValueFactory = _ => "async" };
        mode.AcceptOnlyFromAmong("async", "sync");
        var standby = new Option<string>("--standby") { Description = "Run the standby set (on) or only the primary set (off; async only).", DefaultValueFactory = _ => "on" };
        standby.AcceptOnlyFromAmong("on", "off");
        var window = new Option<int>("--window") { Description = "Messages in flight in the window scenario.", DefaultValueFactory = _ => 256 };
        var size = new Option<int>("--size") { Description = "Message bytes.", DefaultValueFactory = _ => 256 };
        var seconds = new Option<double>("--seconds") { Description = "Measured seconds per side (publish, baseline) and scenario, in two alternating rounds.", DefaultValueFactory = _ => 6 };
        var json = new Option<bool>("--json")
        {
            Description = "One JSON line per scenario: {\"scenario\":..,\"msgs_per_s\":..,\"p50_ms\":..,\"p99_ms\":..,\"baseline_msgs_per_s\":..,\"ratio\":..,...}.",
        };
        var keep = new Option<bool>("--keep") { Description = "Keep the realm's folder (configuration, certificates, data, every process's log) after the run." };
        var command = new Command("publish", "Publish through the client library to a realm of 2 realm servers and 3+3 persistence servers it starts on loopback; msg/s and acknowledgement p50/p99 against a local durable SQLite append.")
        {
            scenario, mode, standby, window, size, seconds, failoverSeconds, killAfter, json, keep,
        };
        command.Validators.Add(result =>
        {
            // While validators run, an option left out has no value yet: only given values are checked.
            if (result.GetResult(standby) is not null && result.GetValue(standby) == "off" && result.GetResult(mode) is not null && result.GetValue(mode) == "sync")
            {
                result.AddError("--standby off needs --standby-replication async: in sync mode every publish waits for the standby set.");
            }

            if (result.GetResult(window) is not null && result.GetValue(window) is < 1 or > 10_000)
            {
                result.AddError("--window must lie within 1..10000.");
            }

            if (result.GetResult(size) is not null && result.GetValue(size) is < 4 or > 1024 * 1024)
            {
                result.AddError("--size must lie within 4..1048576 bytes (the default message limit; a failover message carries its number in 4 bytes).");
            }

            if ((result.GetResult(failoverSeconds) is not null || result.GetResult(killAfter) is not null)
                && !(result.GetValue(killAfter) > 0 && result.GetValue(killAfter) < result.GetValue(failoverSeconds)))
            {
                result.AddError("--kill-after must be more than 0 and less than --failover-seconds.");
            }
        });
        command.SetAction(async (result, cancellationToken) =>
        {
            var output = result.InvocationConfiguration.Output;
            var asJson = result.GetValue(json);
            var progress = asJson ? TextWriter.Null : output;
            var scenarios = result.GetValue(scenario) is { } one ? [one] : BothScenarios;
            var standbyReplication = result.GetRequiredValue(mode);
            var withStandby = result.GetValue(standby) == "on";
            var duration = TimeSpan.FromSeconds(Math.Max(0.5, result.GetValue(seconds)));
            var payload = new byte[result.GetValue(size)];
            new Random(6).NextBytes(payload);
            var directory = Directory.CreateTempSubdirectory("actorrealm-bench-publish-");
            try
            {
                await progress.WriteLineAsync($"starting 2 realm servers and {(withStandby ? 6 : 3)} persistence servers (standby replication {standbyReplication}) in {directory.FullName}...").ConfigureAwait(false);
                await using var realm = await DeployedRealm.StartAsync(directory.FullName, standbyReplication, withStandby, progress, TimeSpan.FromSeconds(120), cancellationToken).ConfigureAwait(false);
                await using var baseline = await SqliteBaseline.OpenAsync(directory.FullName, SqliteSynchronous.Full).ConfigureAwait(false);
                var files = realm.Files;
                var largest = Math.Max(1, scenarios.Max(s => s == "sync" ? 1 : result.GetValue(window)));
                await using var client = RealmClient.Start(new RealmClientSettings
                {
                    Realm = "bench",
                    ContactPoints = realm.ContactPoints,
                    Tls = new RealmClientTls(files.ClientCertificate!, files.ClientKey!, files.CaCertificate!),
                    Window = largest,
                });

                // Warm-up: connections, the leader found, JIT.
                var warmup = new PublishStats();
                await PublishBenchmark.RunAsync(client, Channel, payload, largest, TimeSpan.FromSeconds(1), warmup, cancellationToken).ConfigureAwait(false);
                if (scenarios is ["failover"])
                {
                    var line = await FailoverBenchmark.RunAsync(
                        realm, client, Channel + ".failover", payload.Length, TimeSpan.FromSeconds(result.GetValue(failoverSeconds)), TimeSpan.FromSeconds(result.GetValue(killAfter)), progress, cancellationToken).ConfigureAwait(false);
                    await output.WriteLineAsync(line).ConfigureAwait(false);
                    return 0;
                }

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

                return 0;
            }
            finally
            {
                if (result.GetValue(keep))
                {
                    await result.InvocationConfiguration.Error.WriteLineAsync($"kept {directory.FullName}").ConfigureAwait(false);
                }
                else
                {
                    directory.Delete(recursive: true);
                }
            }
        });
        return command;
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
