namespace ActorRealm.PersistenceSets.Replication;

// Log compaction (docs/persistence-sets.md, "Retention and compaction"): the shell asks to compact what no readable
// message needs; the machine compacts only entries that every later log holds, so that nothing a cut-over would
// export, and nothing a member or the standby set still needs from this log, is lost with them. A member or standby
// leader that needs compacted entries gets the snapshot instead.
public sealed partial class ReplicationServer
{
    // For a member: how far its leader said it may compact (in the primary set, what the standby set holds).
    private long _compactable;

    /// <summary>How far the members of this leader's set may compact.</summary>
    private long CompactableByMembers => IsPrimaryLeader ? Math.Min(_commitIndex, _standbyCommitted) : _commitIndex;

    /// <summary>How far this server may compact now.</summary>
    private long CompactableIndex()
    {
        var limit = Math.Min(_commitIndex, _durableIndex);
        if (SetIsPrimary && _switches.CompactOnlyWhatStandbyHolds)
        {
            // An entry the standby set lacks is what a cut-over exports from this log: it must stay an entry.
            limit = Math.Min(limit, _role == SetRole.Leader ? _standbyCommitted : _compactable);
        }

        if (HandedOver)
        {
            limit = Math.Min(limit, _handover!.Value.Index - 1);
        }

        return limit;
    }

    private void OnCompact(Compact c)
    {
        var through = Math.Min(c.ThroughIndex, CompactableIndex());
        if (through - _log.Snapshot.Index < Math.Max(1, c.MinEntries))
        {
            return;
        }

        var snapshot = _log.CompactThrough(through);
        Write(w => new CompactLog(w, snapshot));
        Emit(new LogCompacted(snapshot.Index));
    }

    /// <summary>
    /// Replaces the log with a leader's snapshot at <paramref name="prevIndex"/> when the log does not match there;
    /// false when there is no usable snapshot (the append is refused as usual).
    /// </summary>
    private bool InstallSnapshot(LogSnapshot? snapshot, long prevIndex)
    {
        if (snapshot is null || snapshot.Index != prevIndex || snapshot.Index <= _log.Snapshot.Index)
        {
            return false;
        }

        // What this server holds beyond its commit index leaves only through an export (it may be an earlier
        // leader's, or copies of what the snapshot holds: this server cannot tell).
        var keptCommitted = Math.Max(_commitIndex, _log.Snapshot.Index);
        if (_log.LastIndex > keptCommitted)
        {
            TruncateLocal(keptCommitted + 1, SuffixReason.Replaced, CurrentEpoch.Epoch);
        }

        _log.Install(snapshot);
        var id = Write(w => new CompactLog(w, snapshot));
        _pendingAppends.Add((id, snapshot.Index));
        _commitIndex = Math.Max(_commitIndex, snapshot.Index);
        _outputs.Add(new CommitAdvanced(_commitIndex));
        FindHandover();
        Emit(new SnapshotInstalled(snapshot.Index));
        return true;
    }
}
