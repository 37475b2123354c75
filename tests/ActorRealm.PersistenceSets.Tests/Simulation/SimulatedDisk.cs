using ActorRealm.PersistenceSets.Replication;

namespace ActorRealm.PersistenceSets.Tests.Simulation;

/// <summary>
/// A server's storage: what is durable, and the writes still queued (in order). A crash makes a random prefix of
/// the queue durable (written, but the acknowledgement never arrived) and loses the rest.
/// </summary>
internal sealed class SimulatedDisk(string server, HardState initial)
{
    private readonly Queue<StorageWrite> _queued = new();

    public HardState Hard { get; private set; } = initial;

    /// <summary>The stored entries after <see cref="Snapshot"/>.</summary>
    public List<LogEntry> Log { get; } = [];

    public LogSnapshot Snapshot { get; private set; } = LogSnapshot.Empty;

    public List<ExportSuffix> Exports { get; } = [];

    public long BusyUntil { get; set; }

    public long SlowUntil { get; set; }

    public int Queued => _queued.Count;

    public void Enqueue(StorageWrite write) => _queued.Enqueue(write);

    /// <summary>Makes the oldest queued write durable and returns its id.</summary>
    public long CompleteOne()
    {
        var write = _queued.Dequeue();
        Apply(write);
        return write.WriteId;
    }

    public void Crash(int keep)
    {
        for (var i = 0; i < keep && _queued.Count > 0; i++)
        {
            Apply(_queued.Dequeue());
        }

        _queued.Clear();
        BusyUntil = 0;
    }

    public DurableState Stored() => new(Hard, [.. Log], Snapshot);

    private void Apply(StorageWrite write)
    {
        switch (write)
        {
            case PersistEntries p:
                if (p.FromIndex != Snapshot.Index + Log.Count + 1)
                {
                    throw new InvalidOperationException($"{server}: append at {p.FromIndex} onto a stored log of {Log.Count} entries after {Snapshot.Index}");
                }

                Log.AddRange(p.Entries);
                break;
            case TruncateFrom t:
                if (t.Index <= Snapshot.Index)
                {
                    throw new InvalidOperationException($"{server}: truncation from {t.Index} into the stored snapshot (up to {Snapshot.Index})");
                }

                var keep = (int)Math.Min(t.Index - 1 - Snapshot.Index, Log.Count);
                Log.RemoveRange(keep, Log.Count - keep);
                break;
            case CompactLog c:
                Log.RemoveRange(0, (int)Math.Clamp(c.Snapshot.Index - Snapshot.Index, 0, Log.Count));
                if (Log.Count > 0 && Log[0].Index != c.Snapshot.Index + 1)
                {
                    throw new InvalidOperationException($"{server}: a snapshot at {c.Snapshot.Index} leaves a stored log from {Log[0].Index}");
                }

                Snapshot = c.Snapshot;
                break;
            case PersistHardState h:
                Hard = h.State;
                break;
            case ExportSuffix e:
                Exports.Add(e);
                break;
        }
    }
}
