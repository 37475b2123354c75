using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>
/// <c>actorrealm bench actors</c>: Akka.NET actor ping-pong throughput beside the same pattern over raw
/// <see cref="System.Threading.Channels"/>, actor spawn rate, and retained bytes per idle actor.
/// </summary>
internal static class BenchActorsCommand
{
    public static Command Create()
    {
        var seconds = new Option<double>("--seconds") { Description = "Measured seconds of ping-pong per side (actors and channels each), split over alternating rounds.", DefaultValueFactory = _ => 4 };
        var json = new Option<bool>("--json") { Description = "Print one JSON line: {\"scenario\":\"actors\",\"pingpong_msgs_per_s\":..,\"baseline_msgs_per_s\":..,\"ratio\":..,\"spawn_per_s\":..,\"bytes_per_actor\":..}." };
        var actors = new Option<int>("--actors") { Description = "Idle actors created for the spawn-rate and memory measurement (about 2 KB each on Akka.NET).", DefaultValueFactory = _ => 200_000 };
        var pairs = new Option<int>("--pairs") { Description = "Ping-pong pairs (default 2 x cores).", DefaultValueFactory = _ => 2 * Environment.ProcessorCount };
        var inFlight = new Option<int>("--in-flight") { Description = "Messages in flight per pair.", DefaultValueFactory = _ => 100 };
        var command = new Command("actors", "Actor ping-pong against a raw System.Threading.Channels baseline, spawn rate and bytes per idle actor.");
        foreach (var option in new Option[] { seconds, json, actors, pairs, inFlight })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var options = new ActorsBenchmark.Options(
                TimeSpan.FromSeconds(Math.Max(0.2, result.GetValue(seconds))),
                Math.Max(1, result.GetValue(pairs)),
                Math.Max(1, result.GetValue(inFlight)),
                Math.Max(1000, result.GetValue(actors)));
            var asJson = result.GetValue(json);
            var output = result.InvocationConfiguration.Output;
            var progress = asJson ? TextWriter.Null : output;
            var report = await ActorsBenchmark.RunAsync(options, progress, cancellationToken);
            if (asJson)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["scenario"] = "actors",
                    ["pingpong_msgs_per_s"] = Math.Round(report.ActorMessagesPerSecond),
                    ["baseline_msgs_per_s"] = Math.Round(report.BaselineMessagesPerSecond),
                    ["ratio"] = Math.Round(report.Ratio, 3),
                    ["spawn_per_s"] = Math.Round(report.SpawnPerSecond),
                    ["bytes_per_actor"] = Math.Round(report.BytesPerActor, 1),
                }));
            }
            else
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""
                    ping-pong ({options.Pairs} pairs, {options.InFlight} in flight each, {options.Duration.TotalSeconds:0.#} s per side)
                      actors:   {report.ActorMessagesPerSecond,14:N0} msg/s
                      channels: {report.BaselineMessagesPerSecond,14:N0} msg/s (baseline)
                      ratio:    {report.Ratio,14:0.000}
                    spawn:      {report.SpawnPerSecond,14:N0} actors/s ({options.IdleActors:N0} actors)
                    memory:     {report.BytesPerActor,14:0.0} bytes per idle actor (GC.GetTotalMemory(true) delta over {options.IdleActors:N0} ReceiveActors with one Receive<T> handler each, before any message)
                                {report.BytesPerActorAfterMessage,14:0.0} bytes per idle actor after each processed one message
                    (figures on a shared machine are noisy; the ratio is measured in the same run)
                    """));
            }

            return 0;
        });
        return command;
    }
}
