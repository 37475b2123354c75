using ActorRealm.PersistenceSets.Replication;

namespace ActorRealm.PersistenceSets.Tests.Simulation;

// The checks made after every step, and at the end. Committed entries are collected per epoch (as seen by
// servers following that epoch): within an epoch they never change; below an epoch's first index they equal the
// previous epoch's; an acknowledged entry is lost only in async mode, at a cut-over, beyond what the primary's
// status showed as standby-committed, and then it must be exported.
internal sealed partial class ClusterSimulation
{
    private readonly Dictionary<(string Set, long Term), string> _leaders = [];
    private readonly Dictionary<long, string> _servingSet = [];
    private readonly Dictionary<long, List<LogEntry>> _history = [];
    private readonly Dictionary<long, HashSet<(string Producer, long Seq)>> _publishedIn = [];
    private readonly Dictionary<long, (long FirstIndex, EpochChange Change)> _epochStarts = [];
    private readonly Dictionary<long, long> _standbyShown = [];
    private readonly List<Ack> _acks = [];
    private readonly HashSet<Ack> _lostAcks = [];

    private static bool Same(LogEntry a, LogEntry b) => a.SameIdAs(b) && a.Payload.Equals(b.Payload);

    private void CheckAfterStep(SimServer server)
    {
        var m = server.Machine;
        if (m is null)
        {
            return;
        }

        var epoch = m.CurrentEpoch;
        if (m.Role == SetRole.Leader && !_leaders.TryAdd((m.SetName, m.Term), m.Name) && _leaders[(m.SetName, m.Term)] != m.Name)
        {
            throw new SimulationViolation($"two leaders of {m.SetName} in term {m.Term}: {_leaders[(m.SetName, m.Term)]} and {m.Name}");
        }

        if (m.IsServing && !_servingSet.TryAdd(epoch.Epoch, m.SetName) && _servingSet[epoch.Epoch] != m.SetName)
        {
            throw new SimulationViolation($"two sets serve as primary in epoch {epoch.Epoch}: {_servingSet[epoch.Epoch]} and {m.SetName} ({m.Name})");
        }

        if (m.StandbyCommittedShown > _standbyShown.GetValueOrDefault(epoch.Epoch))
        {
            _standbyShown[epoch.Epoch] = m.StandbyCommittedShown;
        }

        CheckCommitted(server, m, epoch);
        CheckFenced(m, epoch);
    }

    private void CheckCommitted(SimServer server, ReplicationServer m, EpochRecord epoch)
    {
        if (server.CheckedEpoch != epoch.Epoch)
        {
            server.CheckedEpoch = epoch.Epoch;
            server.CheckedUpTo = 0;
        }

        // A compacted prefix was checked where it was committed (it holds only entries every later log holds).
        for (var i = Math.Max(server.CheckedUpTo + 1, m.LogStart); i <= m.CommitIndex; i++)
        {
            AddCommitted(epoch, m.EntryAt(i), m.Name);
        }

        server.CheckedUpTo = Math.Max(server.CheckedUpTo, m.CommitIndex);
    }

    /// <summary>A server that follows epoch e holds no entry of an older epoch at or after e's first index.</summary>
    private static void CheckFenced(ReplicationServer m, EpochRecord epoch)
    {
        var log = m.Log;
        var last = m.LogStart + log.Count - 1;
        if (epoch.FirstIndex < m.LogStart)
        {
            if (log.Count > 0 && log[^1].Epoch < epoch.Epoch && epoch.FirstIndex <= last)
            {
                throw new SimulationViolation($"{m.Name} follows epoch {epoch.Epoch} (from index {epoch.FirstIndex}) but its log after its snapshot at {m.LogStart - 1} ends with {log[^1]}");
            }

            return;
        }

        if (last >= epoch.FirstIndex && (m.EntryAt(epoch.FirstIndex).Epoch < epoch.Epoch || log[^1].Epoch < epoch.Epoch))
        {
            throw new SimulationViolation($"{m.Name} follows epoch {epoch.Epoch} (from index {epoch.FirstIndex}) but holds older entries there: {m.EntryAt(epoch.FirstIndex)} ... {log[^1]}");
        }
    }

    private void AddCommitted(EpochRecord epoch, LogEntry entry, string by)
    {
        var h = Committed(epoch.Epoch);
        var i = (int)entry.Index;
        // A server whose log starts after a snapshot adds the first committed entries of an epoch it follows above
        // index 1: below the epoch's first index they are the previous epoch's.
        while (h.Count + 1 < i && EarlierCommitted(epoch, h.Count + 1) is { } inherited)
        {
            h.Add(inherited);
        }

        if (i > h.Count + 1)
        {
            return;
        }

        if (i <= h.Count)
        {
            if (!Same(h[i - 1], entry))
            {
                throw new SimulationViolation($"committed entry {i} changed in epoch {epoch.Epoch}: {h[i - 1]} then {entry} at {by}");
            }

            return;
        }

        var earlier = _history.Keys.Where(e => e < epoch.Epoch && _history[e].Count >= i).DefaultIfEmpty(-1).Max();
        if (entry.Index < epoch.FirstIndex && earlier >= 0 && !Same(_history[earlier][i - 1], entry))
        {
            throw new SimulationViolation($"entry {i} below epoch {epoch.Epoch}'s start differs from epoch {earlier}'s: {_history[earlier][i - 1]} vs {entry} at {by}");
        }

        if (entry.Payload is Publish p && !_publishedIn[epoch.Epoch].Add((p.ProducerId, p.ProducerSeq)))
        {
            throw new SimulationViolation($"{p.ProducerId}/{p.ProducerSeq} committed twice in epoch {epoch.Epoch} (again at {i}, {by})");
        }

        if (entry.Payload is EpochStart s)
        {
            _epochStarts[s.Epoch] = (entry.Index, s.Reason);
        }

        h.Add(entry);
        foreach (var ack in _acks.Where(a => a.Entry.Index == entry.Index && a.Epoch <= epoch.Epoch))
        {
            CheckAck(ack, epoch.Epoch, entry);
        }
    }

    private LogEntry? EarlierCommitted(EpochRecord epoch, long index) =>
        index >= epoch.FirstIndex ? null
            : _history.Where(p => p.Key < epoch.Epoch && p.Value.Count >= index).OrderByDescending(p => p.Key).Select(p => p.Value[(int)index - 1]).FirstOrDefault();

    /// <summary>The entry at <paramref name="index"/> of <paramref name="m"/>'s log, from the committed history when it is compacted there.</summary>
    private LogEntry? EntryOf(ReplicationServer m, long index) =>
        index >= m.LogStart ? m.EntryAt(index)
            : _history.Where(p => p.Key <= m.CurrentEpoch.Epoch && p.Value.Count >= index).OrderByDescending(p => p.Key).Select(p => p.Value[(int)index - 1]).FirstOrDefault();

    private List<LogEntry> Committed(long epoch)
    {
        if (!_history.TryGetValue(epoch, out var h))
        {
            _history[epoch] = h = [];
            _publishedIn[epoch] = [];
        }

        return h;
    }

    private void RecordAck(SimServer server, ClientRequestId id, Acknowledged ack)
    {
        var m = server.Machine!;
        var entry = EntryOf(m, ack.Index) ?? throw new SimulationViolation($"{m.Name} acknowledged {id} with {ack} for a compacted entry nobody saw committed");
        var client = _clients.First(c => c.Name == id.Client);
        var right = entry.Payload switch
        {
            Publish p => p.ProducerId == client.Producer,
            SubscriptionPosition s => s.Subscription == client.Name,
            _ => false,
        };
        if (!right || ack.Epoch != m.CurrentEpoch.Epoch || ack.Index > m.CommitIndex)
        {
            throw new SimulationViolation($"{m.Name} acknowledged {id} with {ack} for {entry} (commit {m.CommitIndex}, epoch {m.CurrentEpoch.Epoch})");
        }

        var recorded = new Ack(id, ack.Epoch, entry);
        _acks.Add(recorded);
        foreach (var (epoch, h) in _history.Where(p => p.Key >= ack.Epoch && p.Value.Count >= ack.Index))
        {
            CheckAck(recorded, epoch, h[(int)ack.Index - 1]);
        }
    }

    /// <summary>Checks an acknowledged entry against what epoch <paramref name="epoch"/> holds at its index (null: nothing).</summary>
    private void CheckAck(Ack ack, long epoch, LogEntry? found)
    {
        if (found is not null && Same(found, ack.Entry))
        {
            return;
        }

        var lossAllowed = Config.Mode == StandbyMode.Async
            && _epochStarts.TryGetValue(ack.Epoch + 1, out var next) && next.Change == EpochChange.CutOver
            && ack.Entry.Index >= next.FirstIndex && ack.Entry.Index > _standbyShown.GetValueOrDefault(ack.Epoch);
        if (epoch == ack.Epoch || !lossAllowed)
        {
            throw new SimulationViolation(
                $"acknowledged {ack.Entry} ({ack.Id}, epoch {ack.Epoch}) lost: epoch {epoch} holds {found?.ToString() ?? "nothing"} there; " +
                $"standby-committed shown {_standbyShown.GetValueOrDefault(ack.Epoch)}, next epoch {(_epochStarts.TryGetValue(ack.Epoch + 1, out var n) ? n : "none")}");
        }

        _lostAcks.Add(ack);
    }

    private sealed record Ack(ClientRequestId Id, long Epoch, LogEntry Entry);
}
