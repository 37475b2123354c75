namespace ActorRealm.Cli.Commands.Bench;

/// <summary>
/// One scenario of the peers' benchmark work (../shared/peers, bench/common.mjs), with their defaults: 256-byte
/// messages; <c>sync</c> 10,000 messages with one in flight after 200 warm-up ones; <c>window</c> 200,000 with 256 in
/// flight after 2,000; <c>failover</c> one in flight for a fixed time with a kill of the primary leader. A publish not
/// acknowledged within <see cref="PublishTimeoutMs"/> is tried again with the same id after 20 ms (see <see cref="PeerDrive"/>).
/// </summary>
internal sealed record PeerWork(
    string Scenario,
    int Messages,
    int InFlight,
    int Warmup,
    int Size,
    int PublishTimeoutMs,
    double MaxSeconds,
    double? DurationSeconds,
    double KillAfterSeconds)
{
    /// <summary>Message ids at and above this are warm-up messages, never counted (the peers' WARMUP_BASE).</summary>
    public const uint WarmupBase = 0x80000000;

    /// <summary>The pause before a failed publish is sent again.</summary>
    public static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(20);

    /// <summary>The scenario's work, the peers' defaults unless given.</summary>
    public static PeerWork For(string scenario, int? messages, int? inFlight, int? warmup, int size, int publishTimeoutMs, double maxSeconds, double failoverSeconds, double killAfterSeconds) => scenario switch
    {
        "sync" => new(scenario, messages ?? 10_000, inFlight ?? 1, warmup ?? 200, size, publishTimeoutMs, maxSeconds, null, 0),
        "window" => new(scenario, messages ?? 200_000, inFlight ?? 256, warmup ?? 2_000, size, publishTimeoutMs, maxSeconds, null, 0),
        // As the peers: the count only bounds the id space, the time ends the phase.
        "failover" => new(scenario, messages ?? 2_000_000, inFlight ?? 1, warmup ?? 200, size, publishTimeoutMs, failoverSeconds, failoverSeconds, killAfterSeconds),
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, "sync, window or failover"),
    };

    /// <summary>A message body: bytes 0-3 the run tag, 4-7 the id (both big-endian), the rest filler (0x78), as the peers'.</summary>
    public static byte[] Body(int size, uint tag, uint id)
    {
        var body = new byte[size];
        body.AsSpan(8).Fill(0x78);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(body, tag);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(4), id);
        return body;
    }

    /// <summary>The run tag and id of a body, or null when it is shorter than 8 bytes.</summary>
    public static (uint Tag, uint Id)? Parse(ReadOnlySpan<byte> body) => body.Length < 8
        ? null
        : (System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(body), System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(body[4..]));
}

/// <summary>The peers' statistics (bench/common.mjs), kept apart from the driver so they are tested on their own.</summary>
internal static class PeerStatistics
{
    /// <summary>The sample at rank ceil(q·n) of the sorted samples (the peers' percentile), or null with none.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        var i = Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(q * sorted.Count) - 1));
        return sorted[i];
    }

    /// <summary>p50 and p99 of the acknowledged messages' latencies among the first <paramref name="attempted"/>.</summary>
    public static (double? P50, double? P99) Latency(double[] latencyMs, bool[] acked, int attempted)
    {
        var values = new List<double>(attempted);
        for (var i = 0; i < attempted; i++)
        {
            if (acked[i])
            {
                values.Add(latencyMs[i]);
            }
        }

        values.Sort();
        return (Percentile(values, 0.50), Percentile(values, 0.99));
    }

    /// <summary>
    /// Acknowledged ids missing from the read-back, extra copies, and ids never acknowledged but stored, over the
    /// first <paramref name="attempted"/> ids; <paramref name="seen"/> counts each id's copies read back.
    /// </summary>
    public static (int Lost, int Dups, int UnackedPresent) CompareReadback(bool[] acked, int attempted, int[] seen)
    {
        int lost = 0, dups = 0, unackedPresent = 0;
        for (var i = 0; i < attempted; i++)
        {
            if (acked[i] && seen[i] == 0)
            {
                lost++;
            }

            if (seen[i] > 1)
            {
                dups += seen[i] - 1;
            }

            if (!acked[i] && seen[i] > 0)
            {
                unackedPresent++;
            }
        }

        return (lost, dups, unackedPresent);
    }
}

/// <summary>
/// The longest time between two consecutive acknowledgements, as the peers define it: the start of the phase counts as
/// an acknowledgement, and so does its end when the phase is bounded by time or did not finish (a trailing outage).
/// Times are in milliseconds from any common origin.
/// </summary>
internal sealed class AckGaps(double startMs)
{
    private readonly double _start = startMs;
    private double _lastAck = startMs;

    /// <summary>The longest gap so far.</summary>
    public double MaxGapMs { get; private set; }

    /// <summary>When the longest gap ended, in seconds from the start.</summary>
    public double MaxGapAtS { get; private set; }

    /// <summary>The last acknowledgement (the start while there is none).</summary>
    public double LastAckMs => _lastAck;

    /// <summary>An acknowledgement at <paramref name="nowMs"/>.</summary>
    public void Ack(double nowMs)
    {
        Extend(nowMs);
        _lastAck = nowMs;
    }

    /// <summary>The phase stopped at <paramref name="stopMs"/>; a trailing gap counts when it was time-bound or incomplete.</summary>
    public void Stop(double stopMs, bool timeBoundOrIncomplete)
    {
        if (timeBoundOrIncomplete)
        {
            Extend(stopMs);
        }
    }

    private void Extend(double nowMs)
    {
        var gap = nowMs - _lastAck;
        if (gap > MaxGapMs)
        {
            MaxGapMs = gap;
            MaxGapAtS = (nowMs - _start) / 1000;
        }
    }
}
