namespace ActorRealm.PersistenceSets.Status;

/// <summary>A persistence server's role within its set.</summary>
public enum PersistenceRole
{
    /// <summary>It leads its set in its term: it takes publishes (primary set) or receives them from the primary leader (standby set), and replicates to the members.</summary>
    Leader,

    /// <summary>It follows its set's leader.</summary>
    Member,

    /// <summary>It is asking the set for votes to become leader.</summary>
    Candidate,
}

/// <summary>The role of a set in a persistence epoch.</summary>
public enum SetRole
{
    /// <summary>Applications publish to its leader.</summary>
    Primary,

    /// <summary>It receives a copy from the primary leader, for disaster recovery.</summary>
    Standby,
}

/// <summary>How far the standby set is behind the primary leader: what a cut-over in <c>async</c> mode would lose (the live RPO).</summary>
/// <param name="Messages">Messages the primary leader holds that the standby leader has not acknowledged as durable.</param>
/// <param name="Bytes">Their payload size.</param>
/// <param name="Time">How long ago the oldest of them was stored by the primary leader; zero when none.</param>
public sealed record StandbyLag(long Messages, long Bytes, TimeSpan Time);

/// <summary>
/// What a persistence server reports to the realm server it is a client of, as plain data: the
/// replication state machine maps its state to this, the realm server shows it
/// (<see cref="PersistenceView"/>). Indexes count log entries from 1; 0 means none.
/// </summary>
/// <param name="Server">The server's name in the layout.</param>
/// <param name="Set">The set it runs in (from its own configuration).</param>
/// <param name="Site">The site it runs at (from its own configuration).</param>
/// <param name="SetRole">What its set is in <paramref name="Epoch"/>.</param>
/// <param name="Role">Its role within its set.</param>
/// <param name="Term">Its current election term in its set.</param>
/// <param name="Epoch">The persistence epoch it follows (0: the configured primary set; each cut-over or migration adds one).</param>
/// <param name="LastIndex">The last entry of its log.</param>
/// <param name="CommittedIndex">The last entry it knows its set has committed.</param>
/// <param name="Leader">The leader of its set in <paramref name="Term"/> as it knows it (itself when leader), or null when it knows none.</param>
/// <param name="LagBehindLeader">Entries its leader holds that it does not, or null when it is the leader or knows no leader.</param>
/// <param name="Standby">For the primary leader only: the standby set's lag; null otherwise, or while the standby leader is unknown.</param>
/// <param name="ReportedAt">When the server took this status, by its clock.</param>
/// <param name="Serving">Whether it accepts publishes now (the primary leader, with its side's quorum, not handing over).</param>
/// <param name="LastExport">The last log suffix it exported to a file and removed from its log, or null.</param>
/// <param name="LastMigration">For an old primary leader: the last migration it handed over, and the publish pause it caused.</param>
/// <param name="EpochPrimarySet">The primary set of <paramref name="Epoch"/> (null from servers that do not say).</param>
/// <param name="EpochFirstIndex">The first log index of <paramref name="Epoch"/>.</param>
/// <param name="CompactedThrough">The last log index compacted into its snapshot (0: none).</param>
/// <param name="UnreadDropped">Durable subscriptions that retention passed before they read, with what they lost (never silent).</param>
/// <param name="PublishesAcknowledged">Publishes this server acknowledged since it started (as primary leader).</param>
/// <param name="PublishLatency">From a publish's arrival to its acknowledgement, since it started; null when none.</param>
/// <param name="JournalWriteLatency">From handing a batch to the journal to its being durable, since it started; null when none.</param>
/// <param name="ClientSessions">Client processes this server serves now (<see cref="ActorRealm.PersistenceSets.Server.ClientSessions"/> says which count).</param>
public sealed record PersistenceServerStatus(
    string Server,
    string Set,
    string Site,
    SetRole SetRole,
    PersistenceRole Role,
    long Term,
    long Epoch,
    long LastIndex,
    long CommittedIndex,
    string? Leader,
    long? LagBehindLeader,
    StandbyLag? Standby,
    DateTimeOffset ReportedAt,
    bool Serving = false,
    ExportedSuffix? LastExport = null,
    MigrationReport? LastMigration = null,
    string? EpochPrimarySet = null,
    long EpochFirstIndex = 0,
    long CompactedThrough = 0,
    IReadOnlyList<SubscriptionLoss>? UnreadDropped = null,
    long PublishesAcknowledged = 0,
    LatencySnapshot? PublishLatency = null,
    LatencySnapshot? JournalWriteLatency = null,
    int ClientSessions = 0);

/// <summary>What retention dropped that a durable subscription had not read: cumulative, with the last trim that did it.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Subscription">The durable subscription.</param>
/// <param name="Messages">How many unread messages were dropped in all.</param>
/// <param name="LastFrom">The first offset the last such trim dropped unread.</param>
/// <param name="LastTo">The offset after the last one it dropped.</param>
public sealed record SubscriptionLoss(string Channel, string Subscription, long Messages, long LastFrom, long LastTo);

/// <summary>
/// A log suffix a server exported to a file under its data directory before removing it from its log (ADR 0070):
/// after a cut-over, the old primary's entries beyond the new epoch's log, some of which may have been acknowledged.
/// </summary>
/// <param name="File">The export file's path on the persistence server's host.</param>
/// <param name="FromIndex">The first exported index.</param>
/// <param name="Count">How many entries.</param>
/// <param name="NewEpoch">The epoch that caused it.</param>
/// <param name="FromOldEpoch">True for an old primary's divergent suffix (may hold acknowledged messages); false for an earlier leader's never-acknowledged tail.</param>
public sealed record ExportedSuffix(string File, long FromIndex, int Count, long NewEpoch, bool FromOldEpoch);

/// <summary>The last migration as its primary leader saw it: completed, or abandoned before its hand-over.</summary>
/// <param name="NewEpoch">The epoch the migration started (or would have started).</param>
/// <param name="PublishPause">How long new publishes were held, from the start of draining to the hand-over's completion (or the abandonment).</param>
/// <param name="Abandoned">Why it was abandoned (the primary serves again in its epoch), or null when it completed.</param>
public sealed record MigrationReport(long NewEpoch, TimeSpan PublishPause, string? Abandoned = null);
