using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json;
using ActorRealm.Cli.Commands.Demo;
using ActorRealm.Client;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>
/// The <c>failover</c> scenario of <c>actorrealm bench publish</c>, the same work as the peers' (../shared/peers):
/// publishing with one in flight for a while, <c>kill -9</c> of the primary leader's process after a few seconds, the
/// longest time between two acknowledgements (the start and the end of the phase count as acknowledgements), then the
/// whole channel read back from the new leader: acknowledged messages missing, duplicates, unacknowledged ones stored.
/// </summary>
internal static class FailoverBenchmark
{
    /// <summary>Runs the scenario and returns its JSON line (the peers' fields).</summary>
    public static async Task<string> RunAsync(DeployedRealm realm, RealmClient client, string channel, int size, TimeSpan duration, TimeSpan killAfter, TextWriter progress, CancellationToken cancellationToken)
    {
        var leader = await LeaderAsync(realm, null, cancellationToken).ConfigureAwait(false);
        var acked = new HashSet<int>();
        var sent = 0;
        var latency = new LatencyHistogram();
        var start = Stopwatch.GetTimestamp();
        var lastAck = start;
        var maxGap = 0L;
        var killed = false;
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end && !cancellationToken.IsCancellationRequested)
        {
            if (!killed && Stopwatch.GetElapsedTime(start) >= killAfter)
            {
                await progress.WriteLineAsync($"kill -9 of the primary leader {leader}").ConfigureAwait(false);
                realm.Process(leader).Kill();
                killed = true;
            }

            var id = ++sent;
            var body = new byte[size];
            BinaryPrimitives.WriteInt32BigEndian(body, id);
            var published = Stopwatch.GetTimestamp();
            await client.PublishAsync(channel, body, cancellationToken).ConfigureAwait(false);
            var now = Stopwatch.GetTimestamp();
            latency.Record(published, now);
            maxGap = Math.Max(maxGap, now - lastAck);
            lastAck = now;
            acked.Add(id);
        }

        var stop = Stopwatch.GetTimestamp();
        maxGap = Math.Max(maxGap, stop - lastAck);
        var newLeader = await LeaderAsync(realm, leader, cancellationToken).ConfigureAwait(false);
        var stored = await ReadBackAsync(client, channel, cancellationToken).ConfigureAwait(false);
        var seconds = (stop - start) / (double)Stopwatch.Frequency;
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["system"] = "actorrealm",
            ["scenario"] = "failover",
            ["msgs"] = acked.Count,
            ["seconds"] = Math.Round(seconds, 3),
            ["msgs_per_s"] = Math.Round(acked.Count / seconds),
            ["p50_ms"] = Math.Round(latency.Percentile(0.50) / 1000.0, 3),
            ["p99_ms"] = Math.Round(latency.Percentile(0.99) / 1000.0, 3),
            ["max_gap_ms"] = Math.Round(maxGap * 1000.0 / Stopwatch.Frequency, 3),
            ["lost_acked"] = acked.Count(id => !stored.Contains(id)),
            ["dups"] = stored.Count - stored.Distinct().Count(),
            ["unacked_present"] = stored.Distinct().Count(id => !acked.Contains(id)),
            ["killed"] = leader,
            ["new_leader"] = newLeader,
            ["size"] = size,
        });
    }

    private static async Task<string> LeaderAsync(DeployedRealm realm, string? except, CancellationToken cancellationToken)
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

    /// <summary>The message numbers the primary leader holds on <paramref name="channel"/>, in offset order.</summary>
    private static async Task<List<int>> ReadBackAsync(RealmClient client, string channel, CancellationToken cancellationToken)
    {
        var numbers = new List<int>();
        long offset = 0;
        while (true)
        {
            var read = await client.ReadAsync(channel, offset, 1000, cancellationToken).ConfigureAwait(false);
            numbers.AddRange(read.Messages.Select(m => BinaryPrimitives.ReadInt32BigEndian(m.Data.Span)));
            if (read.Messages.IsEmpty)
            {
                return numbers;
            }

            offset = read.NextOffset;
        }
    }
}
