namespace ActorRealm.Cli.Commands.Chaos;

/// <summary>The kinds of violation <see cref="ChaosChecker"/> reports, by their JSON names.</summary>
internal static class ViolationKind
{
    /// <summary>An acknowledged publish missing from a read-back, not explained by an async cut-over's export.</summary>
    public const string LostAcked = "lost_acked";

    /// <summary>A message stored twice in a channel.</summary>
    public const string Duplicate = "duplicates";

    /// <summary>Offsets not increasing, a producer's sequences out of order, or a message away from its acknowledged offset.</summary>
    public const string Order = "order_violations";

    /// <summary>A message a subscriber read that was never acknowledged and is in no read-back.</summary>
    public const string VanishedUnacked = "vanished_unacked";

    /// <summary>Two leaders of one set in one epoch and term, in one status sample.</summary>
    public const string TwoLeaders = "two_leaders";

    /// <summary>Servers of two sets serving publishes at once (in one epoch, or for several samples in a row outside a mistaken cut-over's overlap).</summary>
    public const string TwoPrimarySets = "two_primary_sets";

    /// <summary>An async cut-over lost other than what the status reported as not at the standby and what was exported.</summary>
    public const string CutOverLossMismatch = "cutover_loss_mismatch";

    /// <summary>Every kind, in the verdict's order.</summary>
    public static readonly string[] All = [LostAcked, Duplicate, Order, VanishedUnacked, TwoLeaders, TwoPrimarySets, CutOverLossMismatch];
}

/// <summary>One violation: its kind and what it is about, for the operator.</summary>
/// <param name="Kind">One of <see cref="ViolationKind"/>.</param>
/// <param name="Detail">The channel, message, servers or samples concerned.</param>
internal sealed record Violation(string Kind, string Detail);

/// <summary>The checker's findings over a <see cref="ChaosHistory"/>.</summary>
/// <param name="Violations">Every violation found.</param>
/// <param name="CutOverLossExplained">Acknowledged messages that async cut-overs lost as their status and exports said.</param>
internal sealed record ChaosFindings(IReadOnlyList<Violation> Violations, int CutOverLossExplained)
{
    /// <summary>Whether the history broke no rule.</summary>
    public bool Passed => Violations.Count == 0;

    /// <summary>How many violations of <paramref name="kind"/>.</summary>
    public int Count(string kind) => Violations.Count(v => v.Kind == kind);
}

/// <summary>
/// Checks a chaos run's recorded history against what the realm promises: every acknowledged publish is stored once,
/// in its producer's order, at its acknowledged offset, on every source read back (except what an <c>async</c>
/// cut-over lost, which must equal what the status reported as not at the standby and what was exported); a subscriber
/// reads only messages that stay; a set has one leader per term and one set serves at a time. Pure: no clock, no I/O.
/// </summary>
internal static class ChaosChecker
{
    /// <summary>Rounds in a row that servers of two sets in different epochs may both report serving (stale reports while one learns the other's epoch).</summary>
    public const int TwoSetsToleratedRounds = 2;

    /// <summary>Checks <paramref name="history"/>.</summary>
    public static ChaosFindings Check(ChaosHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var violations = new List<Violation>();
        var explained = CheckReadBacks(history, violations);
        CheckDeliveries(history, violations);
        CheckLeaders(history, violations);
        return new ChaosFindings(violations, explained);
    }

    private static int CheckReadBacks(ChaosHistory history, List<Violation> violations)
    {
        var ackedByChannel = history.Acked.GroupBy(a => a.Channel).ToDictionary(g => g.Key, g => g.ToList());
        var cutOvers = history.CutOvers.OrderBy(c => c.AtMs).ToList();
        var explainedKeys = new HashSet<MessageKey>();
        var lostByCutOver = cutOvers.ToDictionary(c => c, _ => new HashSet<MessageKey>());
        foreach (var readBack in history.ReadBacks)
        {
            var where = $"{readBack.Channel} at {readBack.Source}";
            var positions = new Dictionary<MessageKey, long>();
            var lastSeq = new Dictionary<string, long>();
            long previousOffset = -1;
            foreach (var message in readBack.Messages)
            {
                var duplicate = !positions.TryAdd(message.Key, message.Offset);
                if (duplicate)
                {
                    violations.Add(new(ViolationKind.Duplicate, $"{where}: {message.Key} at offsets {positions[message.Key]} and {message.Offset}"));
                }

                if (message.Offset <= previousOffset)
                {
                    violations.Add(new(ViolationKind.Order, $"{where}: offset {message.Offset} after {previousOffset}"));
                }

                if (lastSeq.TryGetValue(message.Key.Producer, out var seq) && message.Key.Seq <= seq && !duplicate)
                {
                    violations.Add(new(ViolationKind.Order, $"{where}: {message.Key} after {message.Key.Producer}#{seq}"));
                }

                previousOffset = message.Offset;
                lastSeq[message.Key.Producer] = Math.Max(seq, message.Key.Seq);
            }

            foreach (var ack in ackedByChannel.GetValueOrDefault(readBack.Channel) ?? [])
            {
                if (positions.TryGetValue(ack.Key, out var offset))
                {
                    if (offset != ack.Offset)
                    {
                        violations.Add(new(ViolationKind.Order, $"{where}: {ack.Key} acknowledged at offset {ack.Offset}, stored at {offset}"));
                    }

                    continue;
                }

                // The first async cut-over after the acknowledgement (or whose mistaken overlap it falls in) is the only
                // thing allowed to lose it.
                if (cutOvers.FirstOrDefault(c => c.LosesUntilMs >= ack.AtMs && ack.Epoch < c.NewEpoch) is { } cutOver)
                {
                    lostByCutOver[cutOver].Add(ack.Key);
                    continue;
                }

                violations.Add(new(ViolationKind.LostAcked, $"{where}: {ack.Key} acknowledged at offset {ack.Offset} in epoch {ack.Epoch}, at {ack.AtMs} ms"));
            }
        }

        var ackEpochs = history.Acked.GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.Min(a => a.Epoch));
        foreach (var cutOver in cutOvers)
        {
            var lost = lostByCutOver[cutOver];
            var exported = cutOver.Exported.Where(ackEpochs.ContainsKey).ToHashSet();
            var unexported = lost.Where(k => !exported.Contains(k)).ToList();
            foreach (var key in unexported)
            {
                violations.Add(new(ViolationKind.LostAcked, $"{key} lost by the cut-over to epoch {cutOver.NewEpoch} and not exported"));
            }

            // Acknowledged before the cut-over yet kept by the new primary: the export claims a loss that did not happen.
            // One acknowledged in the new epoch was published again (its old copy went unacknowledged): both are right.
            var kept = exported.Where(k => ackEpochs[k] < cutOver.NewEpoch && !lost.Contains(k)).ToList();
            if (kept.Count > 0)
            {
                violations.Add(new(ViolationKind.CutOverLossMismatch, $"cut-over to epoch {cutOver.NewEpoch}: {kept.Count} message(s) acknowledged before it exported as lost but still stored (first {kept[0]})"));
            }

            if (lost.Count > cutOver.ReportedNotAtStandby)
            {
                violations.Add(new(ViolationKind.CutOverLossMismatch, $"cut-over to epoch {cutOver.NewEpoch}: {lost.Count} acknowledged message(s) lost, the status reported at most {cutOver.ReportedNotAtStandby} not at the standby"));
            }

            explainedKeys.UnionWith(lost.Where(exported.Contains));
        }

        return explainedKeys.Count;
    }

    private static void CheckDeliveries(ChaosHistory history, List<Violation> violations)
    {
        var acked = history.Acked.Select(a => a.Key).ToHashSet();
        var stored = history.ReadBacks
            .GroupBy(r => r.Channel)
            .ToDictionary(g => g.Key, g => g.SelectMany(r => r.Messages).Select(m => m.Key).ToHashSet());
        foreach (var seen in history.Deliveries.DistinctBy(d => (d.Channel, d.Key)))
        {
            if (!acked.Contains(seen.Key) && !(stored.GetValueOrDefault(seen.Channel)?.Contains(seen.Key) ?? false))
            {
                violations.Add(new(ViolationKind.VanishedUnacked, $"{seen.Channel}: {seen.Subscriber} read {seen.Key} at offset {seen.Offset} ({seen.AtMs} ms); never acknowledged, stored nowhere at the end"));
            }
        }
    }

    private static void CheckLeaders(ChaosHistory history, List<Violation> violations)
    {
        var twoSetsInARow = 0;
        foreach (var round in history.Samples.GroupBy(s => s.Round).OrderBy(g => g.Key))
        {
            // One report per server and round (a server reports to one realm server; the newest counts).
            var servers = round.GroupBy(s => s.Server).Select(g => g.MaxBy(s => s.Term)!).ToList();
            foreach (var term in servers.Where(s => s.Role == "leader").GroupBy(s => (s.Set, s.Epoch, s.Term)).Where(g => g.Count() > 1))
            {
                violations.Add(new(ViolationKind.TwoLeaders, $"round {round.Key} ({round.First().AtMs} ms): {string.Join(" and ", term.Select(s => s.Server))} lead {term.Key.Set} in epoch {term.Key.Epoch}, term {term.Key.Term}"));
            }

            var serving = servers.Where(s => s.Serving).ToList();
            var sets = serving.Select(s => s.Set).Distinct().Count();
            twoSetsInARow = sets > 1 ? twoSetsInARow + 1 : 0;
            var sameEpoch = serving.GroupBy(s => s.Epoch).Any(g => g.Select(s => s.Set).Distinct().Count() > 1);
            // During a mistaken cut-over's overlap both sides serve in different epochs: detected, then converged.
            var at = round.First().AtMs;
            if (history.CutOvers.Any(c => c.MistakenUntilMs is { } until && at >= c.AtMs && at <= until))
            {
                twoSetsInARow = 0;
            }

            if (sets > 1 && (sameEpoch || twoSetsInARow == TwoSetsToleratedRounds + 1))
            {
                violations.Add(new(ViolationKind.TwoPrimarySets, $"round {round.Key} ({round.First().AtMs} ms): {string.Join(", ", serving.Select(s => $"{s.Server} ({s.Set}, epoch {s.Epoch})"))} serve{(sameEpoch ? " in one epoch" : $" for {twoSetsInARow} samples in a row")}"));
            }
        }
    }
}
