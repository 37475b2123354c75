using ActorRealm.Cli.Commands.Bench;

namespace ActorRealm.Cli.Tests;

/// <summary>The peers' work and statistics (../shared/peers, bench/common.mjs) as <c>bench publish --scenario</c> does them.</summary>
public sealed class PeerWorkTests
{
    [Fact]
    public void Scenarios_have_the_peers_defaults_and_take_overrides()
    {
        var sync = PeerWork.For("sync", null, null, null, 256, 2000, 300, 20, 5);
        var window = PeerWork.For("window", null, null, null, 256, 2000, 300, 20, 5);
        var failover = PeerWork.For("failover", null, null, null, 256, 2000, 300, 12, 4);
        var shortWindow = PeerWork.For("window", 5_000, 64, 10, 256, 2000, 300, 20, 5);

        Assert.Equal((10_000, 1, 200, (double?)null), (sync.Messages, sync.InFlight, sync.Warmup, sync.DurationSeconds));
        Assert.Equal((200_000, 256, 2_000), (window.Messages, window.InFlight, window.Warmup));
        Assert.Equal((1, 200, (double?)12, 12.0, 4.0), (failover.InFlight, failover.Warmup, failover.DurationSeconds, failover.MaxSeconds, failover.KillAfterSeconds));
        Assert.Equal((5_000, 64, 10), (shortWindow.Messages, shortWindow.InFlight, shortWindow.Warmup));
    }

    [Fact]
    public void A_body_carries_the_run_tag_and_the_id_big_endian_then_filler()
    {
        var body = PeerWork.Body(256, 0xA1B2C3D4, PeerWork.WarmupBase + 7);

        Assert.Equal(256, body.Length);
        Assert.Equal(new byte[] { 0xA1, 0xB2, 0xC3, 0xD4, 0x80, 0, 0, 7 }, body[..8]);
        Assert.All(body[8..], b => Assert.Equal(0x78, b));
        Assert.Equal((0xA1B2C3D4u, PeerWork.WarmupBase + 7), PeerWork.Parse(body));
        Assert.Null(PeerWork.Parse(body.AsSpan(0, 7)));
    }

    [Fact]
    public void Percentiles_take_the_sample_at_rank_ceil_q_n()
    {
        var hundred = Enumerable.Range(1, 100).Select(i => (double)i).ToList();

        Assert.Equal(50, PeerStatistics.Percentile(hundred, 0.50));
        Assert.Equal(99, PeerStatistics.Percentile(hundred, 0.99));
        Assert.Equal(3, PeerStatistics.Percentile([3], 0.99));
        Assert.Null(PeerStatistics.Percentile([], 0.5));
    }

    [Fact]
    public void Latency_counts_only_acknowledged_messages_among_the_attempted()
    {
        double[] latency = [9, 1, 2, 100, 5];
        bool[] acked = [true, true, true, false, true];

        // The fifth was never attempted; the fourth was not acknowledged.
        Assert.Equal(((double?)2, (double?)9), PeerStatistics.Latency(latency, acked, attempted: 4));
    }

    [Fact]
    public void The_read_back_yields_lost_duplicates_and_unacknowledged_present()
    {
        bool[] acked = [true, true, false, true, false];
        int[] seen = [1, 0, 1, 3, 0];

        Assert.Equal((1, 2, 1), PeerStatistics.CompareReadback(acked, attempted: 5, seen));
    }

    [Fact]
    public void The_start_counts_as_an_ack_and_the_end_only_when_time_bound_or_incomplete()
    {
        var count = new AckGaps(0);
        count.Ack(30);
        count.Ack(40);
        count.Stop(500, timeBoundOrIncomplete: false);
        var timed = new AckGaps(0);
        timed.Ack(10);
        timed.Ack(60);
        timed.Stop(500, timeBoundOrIncomplete: true);

        Assert.Equal((30.0, 0.03), (count.MaxGapMs, count.MaxGapAtS));
        Assert.Equal((440.0, 0.5), (timed.MaxGapMs, timed.MaxGapAtS));
    }

    [Fact]
    public async Task A_publish_without_an_ack_in_time_is_awaited_again_not_published_twice()
    {
        // Id 7 is acknowledged after 3 s: far beyond the publish timeout (so even a starved timer queue fires the
        // timeout first), while the client library resends it.
        var (result, sent) = await DriveAsync((id, _, ct) => id == 7 ? Task.Delay(3000, ct) : Task.CompletedTask);

        Assert.Equal((20, 20, true), (result.Done, result.Attempted, result.Complete));
        Assert.Single(sent, id => id == 7);
        Assert.InRange(result.LatencyMs[7], 2_900, 30_000);
        // One wait of the 100 ms publish timeout per retry: as many as fit in id 7's latency, which a starved timer
        // queue stretches beyond the 3 s (a CI run counted 49; timers may fire a few ms early).
        Assert.InRange(result.Retries, 1, (int)(result.LatencyMs[7] / 90) + 1);
    }

    [Fact]
    public async Task A_failed_publish_is_published_again_with_the_same_id()
    {
        // Id 7's first attempt fails.
        var (result, sent) = await DriveAsync((id, first, _) => id == 7 && first ? Task.FromException(new InvalidOperationException("refused")) : Task.CompletedTask);

        Assert.Equal((20, 20, 1, true), (result.Done, result.Attempted, result.Retries, result.Complete));
        Assert.Equal(2, sent.Count(id => id == 7));
        Assert.Equal("refused", result.LastError);
        // From the first send, so it spans the failed attempt and the 20 ms pause (timers may fire a few ms early).
        Assert.InRange(result.LatencyMs[7], 15, 30_000);
        Assert.All(result.Acked, Assert.True);
    }

    /// <summary>Drives 20 ids, 16 in flight, a 100 ms publish timeout; <paramref name="publish"/> gets the id and whether it is its first send.</summary>
    private static async Task<(PeerDriveResult Result, List<uint> Sent)> DriveAsync(Func<uint, bool, CancellationToken, Task> publish)
    {
        var work = PeerWork.For("window", 20, 4, 0, 16, publishTimeoutMs: 100, maxSeconds: 30, 20, 5);
        var sent = new List<uint>();
        var result = await PeerDrive.RunAsync(
            (body, ct) =>
            {
                var id = PeerWork.Parse(body)!.Value.Id;
                bool first;
                lock (sent)
                {
                    first = !sent.Contains(id);
                    sent.Add(id);
                }

                return publish(id, first, ct);
            },
            work,
            work.Messages,
            tag: 1,
            firstId: 0,
            work.MaxSeconds,
            durationSeconds: null,
            onTick: null,
            CancellationToken.None);
        return (result, sent);
    }
}

/// <summary>The persistence servers' timings read from a realm server's /metrics, as a difference of two readings.</summary>
public sealed class ServerTimingsTests
{
    private static string Metrics(double leaderPublishSum, long leaderPublishes, double leaderJournalSum, long leaderWrites, double memberJournalSum, long memberWrites) => string.Join('\n', [
        "# TYPE actorrealm_persistence_publish_latency_seconds histogram",
        $"actorrealm_persistence_publish_latency_seconds_bucket{{set=\"_setA\",server=\"a1\",le=\"0.001\"}} {leaderPublishes}",
        FormattableString.Invariant($"actorrealm_persistence_publish_latency_seconds_sum{{set=\"_setA\",server=\"a1\"}} {leaderPublishSum}"),
        $"actorrealm_persistence_publish_latency_seconds_count{{set=\"_setA\",server=\"a1\"}} {leaderPublishes}",
        FormattableString.Invariant($"actorrealm_persistence_journal_write_seconds_sum{{set=\"_setA\",server=\"a1\"}} {leaderJournalSum}"),
        $"actorrealm_persistence_journal_write_seconds_count{{set=\"_setA\",server=\"a1\"}} {leaderWrites}",
        FormattableString.Invariant($"actorrealm_persistence_journal_write_seconds_sum{{set=\"_setA\",server=\"a2\"}} {memberJournalSum}"),
        $"actorrealm_persistence_journal_write_seconds_count{{set=\"_setA\",server=\"a2\"}} {memberWrites}",
        "actorrealm_persistence_publishes_acknowledged_total{set=\"_setA\",server=\"a1\"} 7",
    ]);

    [Fact]
    public void The_difference_gives_means_and_the_batching_at_the_leader()
    {
        var before = ServerTimings.Parse(Metrics(1.0, 100, 0.5, 100, 0.2, 50));
        var after = ServerTimings.Parse(Metrics(1.5, 300, 0.9, 150, 0.5, 150));

        var since = after.Since(before, "a1");

        Assert.Equal(2.5, since["leader_publish_mean_ms"]);
        Assert.Equal(8.0, since["leader_journal_write_mean_ms"]);
        Assert.Equal(4.0, since["leader_publishes_per_journal_write"]);
        Assert.Equal(3.0, since["members_journal_write_mean_ms"]);
    }
}
