using ActorRealm.PersistenceSets.Replication;

namespace ActorRealm.PersistenceSets.Tests.Simulation;

// After the final heal: one epoch, one serving primary leader, and every server's log equal to its committed log.
internal sealed partial class ClusterSimulation
{
    private string? Converged()
    {
        if (_servers.Values.FirstOrDefault(s => s.Machine is null) is { } down)
        {
            return $"{down.Name} is down";
        }

        var machines = _servers.Values.Select(s => s.Machine!).ToList();
        var leader = machines.Where(m => m.IsServing).ToList();
        if (leader.Count != 1)
        {
            return $"{leader.Count} servers serve";
        }

        var last = leader[0].Status.LastIndex;
        var lagging = machines.FirstOrDefault(m =>
            m.CurrentEpoch != leader[0].CurrentEpoch || m.Status.LastIndex != last || m.CommitIndex != last
            || m.Status.DurableIndex != last || (last >= Math.Max(m.LogStart, leader[0].LogStart) && !Same(m.EntryAt(last), leader[0].EntryAt(last))));
        return lagging is null ? null : $"{lagging.Name} is not in step with {leader[0].Name}: {lagging.Status}";
    }

    private void CheckFinal()
    {
        var leader = _servers.Values.Select(s => s.Machine!).Single(m => m.IsServing);
        var log = leader.Log;
        var history = Committed(leader.CurrentEpoch.Epoch);
        foreach (var m in _servers.Values.Select(s => s.Machine!))
        {
            // Where both hold entries they are equal; a compacted entry must be the epoch's committed one there.
            for (var i = 1L; i <= leader.Status.LastIndex; i++)
            {
                var mine = i >= m.LogStart ? m.EntryAt(i) : null;
                var theirs = i >= leader.LogStart ? leader.EntryAt(i) : null;
                if (mine is not null && theirs is not null && !Same(mine, theirs))
                {
                    throw new SimulationViolation($"{m.Name}'s log differs from {leader.Name}'s at {i}: {mine} vs {theirs}");
                }

                if ((mine ?? theirs) is { } held && i <= history.Count && !Same(history[(int)i - 1], held))
                {
                    throw new SimulationViolation($"{m.Name} or {leader.Name} holds {held} at {i}, where the epoch committed {history[(int)i - 1]}");
                }
            }

            if (m.LogStart > 1 && m.LogStart - 1 <= history.Count && !history[(int)m.LogStart - 2].SameIdAs(new LogEntry(m.Snapshot.Index, m.Snapshot.Epoch, m.Snapshot.Term, new LeaderNoop())))
            {
                throw new SimulationViolation($"{m.Name}'s snapshot ends at {m.Snapshot.Index} ({m.Snapshot.Epoch}.{m.Snapshot.Term}), where the epoch committed {history[(int)m.LogStart - 2]}");
            }
        }

        var seen = new HashSet<(string, long)>();
        foreach (var p in log.Select(e => e.Payload).OfType<Publish>())
        {
            if (!seen.Add((p.ProducerId, p.ProducerSeq)))
            {
                throw new SimulationViolation($"{p.ProducerId}/{p.ProducerSeq} is stored twice in the final log");
            }
        }

        foreach (var ack in _acks)
        {
            CheckAck(ack, leader.CurrentEpoch.Epoch, ack.Entry.Index <= leader.Status.LastIndex ? EntryOf(leader, ack.Entry.Index) : null);
        }

        var exported = _servers.Values.SelectMany(s => s.Disk.Exports).Where(x => x.Reason == SuffixReason.OldEpoch).SelectMany(x => x.Entries).ToList();
        var unexported = _lostAcks.FirstOrDefault(a => !exported.Any(x => Same(x, a.Entry)));
        if (unexported is not null)
        {
            throw new SimulationViolation($"acknowledged {unexported.Entry} was lost in a cut-over but nobody exported it");
        }
    }

    /// <summary>What a run ended with, to compare two runs of one seed: time, events, every server's log and status.</summary>
    public string Fingerprint() =>
        $"{Now} {_traced} " + string.Join('|', _servers.Values.Select(s => $"{s.Machine?.Status} {string.Join(',', s.Machine?.Log.Select(e => $"{e.Index}.{e.Epoch}.{e.Term}") ?? [])}"));
}
