namespace ActorRealm.PersistenceSets.Replication;

/// <summary>
/// A message between persistence servers. Every message carries its sender's current epoch, so a server
/// that is behind learns the new epoch from any message, and one that is ahead refuses the sender.
/// </summary>
/// <param name="From">The sending server.</param>
/// <param name="Epoch">The sender's current epoch.</param>
public abstract record PeerMessage(string From, EpochRecord Epoch);

/// <summary>A (pre-)vote request inside a set.</summary>
/// <param name="From">The candidate.</param>
/// <param name="Epoch">Its epoch.</param>
/// <param name="Term">The term it asks for (for a pre-vote, the term it would ask for).</param>
/// <param name="LastEpoch">Epoch of its last entry.</param>
/// <param name="LastTerm">Term of its last entry.</param>
/// <param name="LastIndex">Index of its last durable entry.</param>
/// <param name="PreVote">A pre-vote: nobody changes term or vote for it.</param>
public sealed record VoteRequest(string From, EpochRecord Epoch, long Term, long LastEpoch, long LastTerm, long LastIndex, bool PreVote)
    : PeerMessage(From, Epoch);

/// <summary>The answer to a <see cref="VoteRequest"/>.</summary>
/// <param name="From">The voter.</param>
/// <param name="Epoch">Its epoch.</param>
/// <param name="Term">The term of the request (pre-vote) or the voter's term.</param>
/// <param name="Granted">Whether the vote is given.</param>
/// <param name="PreVote">Answers a pre-vote.</param>
public sealed record VoteResponse(string From, EpochRecord Epoch, long Term, bool Granted, bool PreVote) : PeerMessage(From, Epoch);

/// <summary>A set leader's append (or heartbeat, with no entries) to a member of its set.</summary>
/// <param name="From">The leader.</param>
/// <param name="Epoch">Its epoch.</param>
/// <param name="Term">Its term.</param>
/// <param name="PrevIndex">Index of the entry before <paramref name="Entries"/>.</param>
/// <param name="PrevEpoch">Epoch of that entry (0 when <paramref name="PrevIndex"/> is 0).</param>
/// <param name="PrevTerm">Term of that entry.</param>
/// <param name="Entries">The entries.</param>
/// <param name="LeaderCommit">The leader's commit index (for a standby leader, its standby-committed index).</param>
/// <param name="LeaderLast">The leader's last index: a member's entries beyond it are not the leader's (and never committed).</param>
/// <param name="CompactableIndex">How far a member may compact: the leader's commit index, in the primary set no further than what the standby set holds.</param>
/// <param name="Snapshot">
/// When the member needs entries the leader has compacted: the leader's snapshot, whose index is <paramref name="PrevIndex"/>. A
/// member whose log does not match there replaces its log with it.
/// </param>
public sealed record AppendEntries(
    string From,
    EpochRecord Epoch,
    long Term,
    long PrevIndex,
    long PrevEpoch,
    long PrevTerm,
    IReadOnlyList<LogEntry> Entries,
    long LeaderCommit,
    long LeaderLast,
    long CompactableIndex = 0,
    LogSnapshot? Snapshot = null)
    : PeerMessage(From, Epoch);

/// <summary>A member's answer to <see cref="AppendEntries"/>, also sent unasked when its durable copy grows.</summary>
/// <param name="From">The member.</param>
/// <param name="Epoch">Its epoch.</param>
/// <param name="Term">Its term.</param>
/// <param name="Success">The consistency check passed.</param>
/// <param name="Matched">On success, the last index known to match the leader's log; on refusal, the refused previous index.</param>
/// <param name="Durable">On success, how far that matching prefix is durable on the member; on refusal, the member's last index (a hint).</param>
public sealed record AppendResponse(string From, EpochRecord Epoch, long Term, bool Success, long Matched, long Durable)
    : PeerMessage(From, Epoch);

/// <summary>The primary leader's append of committed entries to the standby set's leader (the only data crossing sites).</summary>
/// <param name="From">The primary leader.</param>
/// <param name="Epoch">Its epoch.</param>
/// <param name="PrimaryTerm">Its term in the primary set.</param>
/// <param name="PrevIndex">Index of the entry before <paramref name="Entries"/>.</param>
/// <param name="PrevEpoch">Its epoch.</param>
/// <param name="PrevTerm">Its term.</param>
/// <param name="Entries">Committed entries of the primary.</param>
/// <param name="Snapshot">When the standby leader needs entries the primary leader has compacted: its snapshot, at <paramref name="PrevIndex"/>.</param>
public sealed record StandbyAppend(
    string From, EpochRecord Epoch, long PrimaryTerm, long PrevIndex, long PrevEpoch, long PrevTerm, IReadOnlyList<LogEntry> Entries, LogSnapshot? Snapshot = null)
    : PeerMessage(From, Epoch);

/// <summary>How a standby server answered a <see cref="StandbyAppend"/>.</summary>
public enum StandbyAnswer
{
    /// <summary>Appended (or already held).</summary>
    Accepted,

    /// <summary>The consistency check failed; see the hint.</summary>
    Mismatch,

    /// <summary>This server is not the standby leader.</summary>
    NotLeader,

    /// <summary>The standby set is becoming primary (cut-over or migration) and takes no more entries of this epoch.</summary>
    Promoting,
}

/// <summary>The standby leader's answer to a <see cref="StandbyAppend"/>, also sent unasked when its standby-committed index grows.</summary>
/// <param name="From">The answering standby server.</param>
/// <param name="Epoch">Its epoch.</param>
/// <param name="Answer">What happened.</param>
/// <param name="Matched">Accepted: the last index known to match the primary's log; Mismatch: the refused previous index.</param>
/// <param name="LastIndex">The answering server's last index (the hint on a mismatch).</param>
/// <param name="StandbyCommitted">The standby set's committed index: durable on a majority of it.</param>
/// <param name="LeaderHint">On NotLeader, the standby leader this server knows, or null.</param>
public sealed record StandbyAppendResponse(
    string From, EpochRecord Epoch, StandbyAnswer Answer, long Matched, long LastIndex, long StandbyCommitted, string? LeaderHint)
    : PeerMessage(From, Epoch);

/// <summary>A new standby leader announces itself to the primary set's servers.</summary>
/// <param name="From">The standby leader.</param>
/// <param name="Epoch">Its epoch.</param>
/// <param name="Term">Its term in the standby set.</param>
public sealed record StandbyLeaderAnnounce(string From, EpochRecord Epoch, long Term) : PeerMessage(From, Epoch);

/// <summary>The answer to a message from an older epoch: the sender learns the newer epoch from it.</summary>
/// <param name="From">The server that refused.</param>
/// <param name="Epoch">Its (newer) epoch.</param>
public sealed record EpochFence(string From, EpochRecord Epoch) : PeerMessage(From, Epoch);
