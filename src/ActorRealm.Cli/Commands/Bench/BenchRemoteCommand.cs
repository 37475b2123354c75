using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ActorRealm.Cluster.Admission;
using Akka.Actor;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>
/// <c>actorrealm bench remote</c>: Akka.Remote ping-pong between this process and a second one it starts
/// (<see cref="RemotePeer"/>), beside a raw framed TCP baseline between the same two processes with the
/// same window, payload and TLS setting, measured in alternating rounds.
/// </summary>
internal static class BenchRemoteCommand
{
    private const int PayloadBytes = 64;

    public static Command Create()
    {
        var json = new Option<bool>("--json")
        {
            Description = "Print one JSON line: {\"scenario\":\"remote\",\"msgs_per_s\":..,\"baseline_msgs_per_s\":..,\"ratio\":..,\"p50_us\":..,\"p99_us\":..,...} (window 100 unless --window is given).",
        };
        var tls = new Option<string>("--tls") { Description = "Mutual TLS on both sides: on or off.", DefaultValueFactory = _ => "on" };
        tls.AcceptOnlyFromAmong("on", "off");
        var window = new Option<int?>("--window") { Description = "Messages in flight (1 or 100; default: both)." };
        window.AcceptOnlyFromAmong("1", "100");
        var seconds = new Option<double>("--seconds") { Description = "Measured seconds per side and window (after a short warm-up).", DefaultValueFactory = _ => 4 };
        var peer = new Option<string?>("--peer") { Description = "Run as the benchmark's second process (certificate directory, or - for plaintext).", Hidden = true };
        var command = new Command("remote", "Akka.Remote ping-pong (64-byte payloads) between two processes over loopback against a raw framed TCP baseline; msg/s, RTT p50/p99, ratio.")
        {
            json, tls, window, seconds, peer,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetValue(peer) is { } certificates)
            {
                return await RemotePeer.ServeAsync(certificates, result.InvocationConfiguration.Output);
            }

            var useTls = result.GetValue(tls) == "on";
            var asJson = result.GetValue(json);

            // The JSON line reports one window, so only that one is measured.
            var windows = result.GetValue(window) is { } w ? new[] { w } : asJson ? [100] : [1, 100];
            var duration = TimeSpan.FromSeconds(Math.Max(0.2, result.GetValue(seconds)));
            var output = result.InvocationConfiguration.Output;
            var directory = Directory.CreateTempSubdirectory("actorrealm-bench-");
            try
            {
                var context = useTls ? WriteCertificates(directory.FullName) : null;
                await using var other = await RemotePeer.StartAsync(context is null ? null : directory.FullName, cancellationToken);
                using var system = RemotePingPong.CreateSystem("bench", context);
                var reports = new List<Report>();
                foreach (var size in windows)
                {
                    if (!asJson)
                    {
                        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"measuring window {size}, TLS {(useTls ? "on" : "off")} ({duration.TotalSeconds:0.#} s per side)..."));
                    }

                    reports.Add(await MeasureAsync(system, other, size, context, duration, cancellationToken));
                }

                await system.Terminate();
                await output.WriteLineAsync(asJson ? Json(reports.Single(), useTls) : Text(reports, useTls));
                return 0;
            }
            finally
            {
                directory.Delete(recursive: true);
            }
        });
        return command;
    }

    /// <summary>A CA and one certificate for both processes, as <c>actorrealm certs</c> writes them; the context of this process.</summary>
    private static TlsContext WriteCertificates(string directory)
    {
        using var ca = ClusterCertificates.CreateCa("bench CA");
        using var node = ClusterCertificates.CreateNode(ca, "bench", ["127.0.0.1"]);
        ClusterCertificates.WritePem(ca, Path.Combine(directory, "ca.crt"), Path.Combine(directory, "ca.key"));
        ClusterCertificates.WritePem(node, Path.Combine(directory, "node.crt"), Path.Combine(directory, "node.key"));
        return TlsContext.FromPemFiles(Path.Combine(directory, "node.crt"), Path.Combine(directory, "node.key"), Path.Combine(directory, "ca.crt"));
    }

    /// <summary>Two alternating rounds per side, so drift in machine load hits both alike.</summary>
    private static async Task<Report> MeasureAsync(ActorSystem system, RemotePeer peer, int window, TlsContext? tls, TimeSpan duration, CancellationToken cancellationToken)
    {
        var half = duration / 2;
        var warmup = TimeSpan.FromMilliseconds(300);
        var results = new List<(PingPongResult Remote, PingPongResult Raw)>();
        for (var round = 0; round < 2; round++)
        {
            var raw = await RawTcpPingPong.RunAsync(peer.Echo, window, tls, PayloadBytes, warmup, half, cancellationToken);
            var remote = await RemotePingPong.RunAsync(system, peer.Ponger, window, PayloadBytes, warmup, half, cancellationToken);
            results.Add((remote, raw));
        }

        return new Report(window, Combine(results.Select(r => r.Remote)), Combine(results.Select(r => r.Raw)));
    }

    private static PingPongResult Combine(IEnumerable<PingPongResult> rounds)
    {
        var list = rounds.ToList();
        return new PingPongResult(
            list.Sum(r => r.RoundTrips),
            list.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Elapsed),
            list.Average(r => r.P50Micros),
            list.Max(r => r.P99Micros));
    }

    private static string Json(Report report, bool tls) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["scenario"] = "remote",
        ["msgs_per_s"] = Math.Round(report.Remote.MessagesPerSecond),
        ["baseline_msgs_per_s"] = Math.Round(report.Raw.MessagesPerSecond),
        ["ratio"] = Math.Round(report.Ratio, 3),
        ["p50_us"] = report.Remote.P50Micros,
        ["p99_us"] = report.Remote.P99Micros,
        ["baseline_p50_us"] = report.Raw.P50Micros,
        ["baseline_p99_us"] = report.Raw.P99Micros,
        ["window"] = report.Window,
        ["tls"] = tls,
        ["payload_bytes"] = PayloadBytes,
    });

    private static string Text(IEnumerable<Report> reports, bool tls)
    {
        var lines = new List<string> { string.Create(CultureInfo.InvariantCulture, $"Akka.Remote ping-pong between two processes, {PayloadBytes}-byte payloads, TLS {(tls ? "on" : "off")} (msg/s counts pings and pongs; RTT in µs)") };
        foreach (var r in reports)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"  window {r.Window,3}  Akka.Remote:   {r.Remote.MessagesPerSecond,12:N0} msg/s  p50 {r.Remote.P50Micros,6:0} p99 {r.Remote.P99Micros,7:0}"));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"              raw TCP:       {r.Raw.MessagesPerSecond,12:N0} msg/s  p50 {r.Raw.P50Micros,6:0} p99 {r.Raw.P99Micros,7:0}  (baseline)"));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"              ratio:         {r.Ratio,12:0.000}"));
        }

        lines.Add("(figures on a shared machine are noisy; each ratio is measured in the same run, in alternating rounds)");
        return string.Join(Environment.NewLine, lines);
    }

    private sealed record Report(int Window, PingPongResult Remote, PingPongResult Raw)
    {
        public double Ratio => Raw.MessagesPerSecond == 0 ? 0 : Remote.MessagesPerSecond / Raw.MessagesPerSecond;
    }
}
