using ActorRealm.PersistenceSets.RealmLink;
using ActorRealm.PersistenceSets.Replication;

namespace ActorRealm.PersistenceSets.Server;

/// <summary>An event of a persistence server's journal: replayed in order, they rebuild its <see cref="DurableState"/>.</summary>
public interface IJournalEvent : IPersistenceSetsMessage;

/// <summary>Log entries appended from <paramref name="FromIndex"/> on (one event carries many entries: the per-event cost is Akka's).</summary>
/// <param name="FromIndex">The first entry's index; the stored log ends just before it.</param>
/// <param name="Entries">The entries.</param>
public sealed record JournaledEntries(long FromIndex, IReadOnlyList<LogEntry> Entries) : IJournalEvent;

/// <summary>The stored log lost its entries from <paramref name="Index"/> on (after they were exported, see <see cref="JournaledExport"/>).</summary>
/// <param name="Index">The first removed index.</param>
public sealed record JournaledTruncation(long Index) : IJournalEvent;

/// <summary>The hard state (term, vote, epochs) was replaced.</summary>
/// <param name="State">The new hard state.</param>
public sealed record JournaledHardState(HardState State) : IJournalEvent;

/// <summary>
/// The stored log now starts after <paramref name="Snapshot"/>. It carries the hard state and the last export as they
/// are when it is written, so that every event before it can be deleted from the journal.
/// </summary>
/// <param name="Snapshot">What the compacted prefix left behind.</param>
/// <param name="Hard">The hard state as of this event.</param>
/// <param name="LastExport">The last export as of this event, or null.</param>
public sealed record JournaledCompaction(LogSnapshot Snapshot, HardState Hard, JournaledExport? LastExport) : IJournalEvent;

/// <summary>A removed log suffix was written to an export file before its truncation: the journal's record of where it went.</summary>
/// <param name="File">The export file's path.</param>
/// <param name="FromIndex">The first exported index.</param>
/// <param name="Count">How many entries.</param>
/// <param name="Reason">Why they were removed.</param>
/// <param name="NewEpoch">The epoch that caused it.</param>
public sealed record JournaledExport(string File, long FromIndex, int Count, SuffixReason Reason, long NewEpoch) : IJournalEvent;
