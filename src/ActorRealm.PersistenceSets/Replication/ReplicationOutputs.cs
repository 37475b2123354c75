namespace ActorRealm.PersistenceSets.Replication;

/// <summary>
/// Something the shell must do. Outputs are carried out in order. Writes (<see cref="PersistEntries"/>,
/// <see cref="TruncateFrom"/>, <see cref="PersistHardState"/>, <see cref="ExportSuffix"/>) form one ordered
/// stream: each has a write id, a later write never becomes durable before an earlier one, and the shell
/// answers <see cref="Persisted"/> with the highest id that is durable. Messages the machine may only send once
/// something is durable (votes, a candidate's requests) it holds back itself.
/// </summary>
public abstract record ReplicationOutput
{
    private protected ReplicationOutput()
    {
    }
}

/// <summary>Send a message to another persistence server (best effort: it may be lost).</summary>
/// <param name="To">The server.</param>
/// <param name="Message">The message.</param>
public sealed record Send(string To, PeerMessage Message) : ReplicationOutput;

/// <summary>A durable write.</summary>
/// <param name="WriteId">Its id in the write stream.</param>
public abstract record StorageWrite(long WriteId) : ReplicationOutput;

/// <summary>Append <paramref name="Entries"/> to the stored log; they start at <paramref name="FromIndex"/> (the stored log ends just before it).</summary>
/// <param name="WriteId">The write id.</param>
/// <param name="FromIndex">The first entry's index.</param>
/// <param name="Entries">The entries.</param>
public sealed record PersistEntries(long WriteId, long FromIndex, IReadOnlyList<LogEntry> Entries) : StorageWrite(WriteId);

/// <summary>Delete the stored entries from <paramref name="Index"/> on.</summary>
/// <param name="WriteId">The write id.</param>
/// <param name="Index">The first index to delete.</param>
public sealed record TruncateFrom(long WriteId, long Index) : StorageWrite(WriteId);

/// <summary>Replace the stored hard state.</summary>
/// <param name="WriteId">The write id.</param>
/// <param name="State">The new hard state.</param>
public sealed record PersistHardState(long WriteId, HardState State) : StorageWrite(WriteId);

/// <summary>
/// The stored log now starts after <paramref name="Snapshot"/>: delete the stored entries up to its index and keep the
/// snapshot instead (a compaction, or a leader's snapshot replacing a log that was too far behind).
/// </summary>
/// <param name="WriteId">The write id.</param>
/// <param name="Snapshot">What the compacted prefix left behind.</param>
public sealed record CompactLog(long WriteId, LogSnapshot Snapshot) : StorageWrite(WriteId);

/// <summary>Why a log suffix is removed.</summary>
public enum SuffixReason
{
    /// <summary>
    /// Entries of an older epoch at or beyond the first index of a newer one: the old primary's divergent
    /// suffix after a cut-over (it may hold acknowledged messages; report it loudly).
    /// </summary>
    OldEpoch,

    /// <summary>Uncommitted entries of an earlier leader of the same epoch, replaced by the set's leader (never acknowledged).</summary>
    Superseded,

    /// <summary>
    /// Entries beyond the commit index of a server so far behind that its leader sent a snapshot: copies of what the
    /// snapshot holds, or an earlier leader's never-committed entries (the server cannot tell which).
    /// </summary>
    Replaced,
}

/// <summary>
/// Write these entries to an export file under the data directory before the truncation that follows:
/// nothing leaves a log silently.
/// </summary>
/// <param name="WriteId">The write id.</param>
/// <param name="Entries">The removed entries.</param>
/// <param name="Reason">Why they are removed.</param>
/// <param name="NewEpoch">The epoch that caused the removal (the current one for <see cref="SuffixReason.Superseded"/>).</param>
public sealed record ExportSuffix(long WriteId, IReadOnlyList<LogEntry> Entries, SuffixReason Reason, long NewEpoch) : StorageWrite(WriteId);

/// <summary>Answer a client request.</summary>
/// <param name="Id">The request.</param>
/// <param name="Result">The answer.</param>
public sealed record ClientReply(ClientRequestId Id, ClientResult Result) : ReplicationOutput;

/// <summary>Answer an administrator's command.</summary>
/// <param name="Result">The answer.</param>
public sealed record AdminReply(AdminResult Result) : ReplicationOutput;

/// <summary>Something worth a log line or a status change.</summary>
/// <param name="Event">The event.</param>
public sealed record Notify(ReplicationEvent Event) : ReplicationOutput;

/// <summary>The commit index (for a standby server, the standby-committed index) grew: entries up to it may be read.</summary>
/// <param name="CommitIndex">The new commit index.</param>
public sealed record CommitAdvanced(long CommitIndex) : ReplicationOutput;
