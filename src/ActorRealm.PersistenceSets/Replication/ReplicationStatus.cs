namespace ActorRealm.PersistenceSets.Replication;

/// <summary>A server's role in its set.</summary>
public enum SetRole
{
    /// <summary>Follows the set's leader.</summary>
    Member,

    /// <summary>Asks for votes.</summary>
    Candidate,

    /// <summary>Leads the set.</summary>
    Leader,
}

/// <summary>How far the standby set is behind the primary leader: the live recovery point in async mode.</summary>
/// <param name="StandbyLeader">The standby leader the primary leader talks to, or null if it has found none.</param>
/// <param name="StandbyCommitted">The highest index known durable on a majority of the standby set.</param>
/// <param name="Entries">Committed entries not yet standby-committed.</param>
/// <param name="Bytes">Their payload bytes.</param>
/// <param name="TicksSinceHeard">Ticks since the standby server it targets last answered (reset when it moves on to the next one).</param>
/// <param name="OldestTicks">Ticks since the oldest of the <paramref name="Entries"/> was committed (at the latest, since this leader took over); 0 when there are none: the lag in time.</param>
public sealed record StandbyLag(string? StandbyLeader, long StandbyCommitted, long Entries, long Bytes, long TicksSinceHeard, long OldestTicks);

/// <summary>The last suffix this server exported (and then removed from its log).</summary>
/// <param name="FromIndex">The first exported index.</param>
/// <param name="Count">How many entries.</param>
/// <param name="Reason">Why.</param>
/// <param name="NewEpoch">The epoch that caused it.</param>
public sealed record ExportInfo(long FromIndex, int Count, SuffixReason Reason, long NewEpoch);

/// <summary>A server's replication state, as the admin API shows it.</summary>
/// <param name="Server">The server.</param>
/// <param name="Set">Its set.</param>
/// <param name="Site">Its site.</param>
/// <param name="Role">Leader, member or candidate in its set.</param>
/// <param name="SetIsPrimary">Whether its set is primary in its current epoch.</param>
/// <param name="Serving">Whether it accepts client requests now (primary leader, realm quorum, not handing over).</param>
/// <param name="Leader">The set leader it knows, or null.</param>
/// <param name="Term">Its set's term.</param>
/// <param name="Epoch">Its current epoch.</param>
/// <param name="LastIndex">Its last log index.</param>
/// <param name="DurableIndex">How far its log is durable.</param>
/// <param name="CommitIndex">Its commit index (standby servers: standby-committed).</param>
/// <param name="LagBehindLeader">For a member: entries its leader reported committed that it does not hold durably.</param>
/// <param name="Standby">For the primary leader: the standby set's lag.</param>
/// <param name="Migrating">A migration is draining or handing over at this leader.</param>
/// <param name="LastExport">The last exported suffix, if any since start.</param>
/// <param name="HasRealmQuorum">The realm's last verdict for this side.</param>
/// <param name="CompactedThrough">The last log index compacted into the snapshot (0: none).</param>
public sealed record ReplicationStatus(
    string Server,
    string Set,
    string Site,
    SetRole Role,
    bool SetIsPrimary,
    bool Serving,
    string? Leader,
    long Term,
    long Epoch,
    long LastIndex,
    long DurableIndex,
    long CommitIndex,
    long LagBehindLeader,
    StandbyLag? Standby,
    bool Migrating,
    ExportInfo? LastExport,
    bool HasRealmQuorum,
    long CompactedThrough = 0);
