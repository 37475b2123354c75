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

        var log = leader[0].Log;
        var lagging = machines.FirstOrDefault(m =>
            m.CurrentEpoch != leader[0].CurrentEpoch || m.Log.Count != log.Count || m.CommitIndex != log.Count
            || m.Status.DurableIndex != log.Count || (log.Count > 0 && !Same(m.Log[^1], log[^1])));
        return lagging is null ? null : $"{lagging.Name} is not in step with {leader[0].Name}: {lagging.Status}";
    }

    private void CheckFinal()
    {
        var leader = _servers.Values.Select(s => s.Machine!).Single(m => m.IsServing);
        var log = leader.Log;
        foreach (var m in _servers.Values.Select(s => s.Machine!))
        {
            var differs = Enumerable.Range(0, log.Count).FirstOrDefault(i => !Same(m.Log[i], log[i]), -1);
            if (differs >= 0)
            {
                throw new SimulationViolation($"{m.Name}'s log differs from {leader.Name}'s at {differs + 1}: {m.Log[differs]} vs {log[differs]}");
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
            CheckAck(ack, leader.CurrentEpoch.Epoch, ack.Entry.Index <= log.Count ? log[(int)ack.Entry.Index - 1] : null);
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
