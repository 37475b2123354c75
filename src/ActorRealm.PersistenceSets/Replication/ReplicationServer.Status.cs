namespace ActorRealm.PersistenceSets.Replication;

// The status projection the admin API shows.
public sealed partial class ReplicationServer
{
    /// <summary>
    /// What a realm server must learn at once when it changes (role, set role, term, epoch, leader), without building
    /// the whole <see cref="Status"/> (whose standby lag sums the bytes of the unreplicated entries).
    /// </summary>
    public (SetRole Role, bool SetIsPrimary, long Term, long Epoch, string? Leader) Standing => (_role, SetIsPrimary, _term, CurrentEpoch.Epoch, _leader);

    /// <summary>This server's replication state now.</summary>
    public ReplicationStatus Status => new(
        Name,
        _mySet.Name,
        _mySet.Site,
        _role,
        SetIsPrimary,
        Serving,
        _leader,
        _term,
        CurrentEpoch.Epoch,
        _log.LastIndex,
        _durableIndex,
        _commitIndex,
        _role == SetRole.Member ? Math.Max(0, _leaderCommitSeen - _durableIndex) : 0,
        IsPrimaryLeader ? CurrentStandbyLag() : null,
        _migration is not null || (IsPrimaryLeader && HandedOver),
        _lastExport,
        _realmQuorum,
        _log.Snapshot.Index);

    private StandbyLag CurrentStandbyLag()
    {
        var held = Math.Min(_standbyCommitted, _commitIndex);
        var bytes = _log.Slice(Math.Max(held + 1, _log.FirstIndex), _commitIndex).Sum(e => (long)e.Payload.ByteCount);
        return new StandbyLag(_standbyFound ? _standbyTarget : null, held, _commitIndex - held, bytes, _now - _standbyLastHeard, OldestUnreplicatedTicks(held));
    }

    /// <summary>For the simulator's checks, without building a status.</summary>
    internal SetRole Role => _role;

    internal long Term => _term;

    internal bool IsServing => Serving;

    internal string SetName => _mySet.Name;

    /// <summary>What the status shows as standby-committed (0 unless this is the primary leader).</summary>
    internal long StandbyCommittedShown => IsPrimaryLeader ? Math.Min(_standbyCommitted, _commitIndex) : 0;
}
