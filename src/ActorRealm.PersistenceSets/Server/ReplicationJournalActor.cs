using System.Diagnostics;
using ActorRealm.PersistenceSets.Replication;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace ActorRealm.PersistenceSets.Server;

/// <summary>
/// A persistence server's storage (docs/persistence-sets.md, "The persistence server process"): one persistent actor
/// that journals the replication machine's write stream with Akka.Persistence (SQLite under the data directory by
/// default) and, on recovery, rebuilds the <see cref="DurableState"/> the machine starts from. Writes are answered
/// with <see cref="Persisted"/> only from the persist handler, so only once the journal says they are durable.
/// </summary>
/// <remarks>
/// The per-event cost of Akka.Persistence bounds throughput (ADR 0046), so writes that arrive while a batch is being
/// written wait and go out together as the next batch (a group commit), and contiguous entry writes of one batch are
/// one <see cref="JournaledEntries"/> event. A removed suffix (<see cref="ExportSuffix"/>) is written to a file under
/// the export directory and logged before the truncation that follows it is even handed to the journal.
/// A compaction (<see cref="CompactLog"/>) is an event that carries the log snapshot with the hard state and the last
/// export; once it is stored, every event before the first one still holding an entry beyond the snapshot is deleted,
/// so recovery replays only the log the server still holds (no Akka snapshot store is involved).
/// </remarks>
public sealed class ReplicationJournalActor : ReceivePersistentActor
{
    private readonly string _server;
    private readonly HardState _initial;
    private readonly ExportWriter _exports;
    private readonly IActorRef _owner;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Queue<long> _eventWriteIds = new();
    private readonly List<StorageWrite> _waiting = [];
    // The journal's entry events still stored: sequence number and the highest log index each holds (oldest first).
    private readonly Queue<(long SequenceNr, long LastIndex)> _entryEvents = new();
    private List<LogEntry> _entries = [];
    private long _entriesFrom = 1;
    private LogSnapshot? _snapshot;
    private HardState? _hard;
    private JournaledExport? _lastExport;
    private int _inFlight;
    private long _batchStarted;

    /// <summary>Creates the storage of <paramref name="server"/>; it tells <paramref name="owner"/> a <see cref="JournalRecovered"/> first.</summary>
    public ReplicationJournalActor(string server, HardState initial, string exportDirectory, IActorRef owner)
    {
        _server = server;
        _initial = initial;
        _owner = owner;
        _exports = new ExportWriter(exportDirectory, server);
        PersistenceId = PersistenceIdOf(server);
        Recover<JournaledEntries>(e =>
        {
            AppendRecovered(e.FromIndex, e.Entries);
            NoteEntryEvent(e);
        });
        Recover<JournaledTruncation>(t => TruncateRecovered(t.Index));
        Recover<JournaledHardState>(h => _hard = h.State);
        Recover<JournaledExport>(x => _lastExport = x);
        Recover<JournaledCompaction>(CompactRecovered);
        Recover<RecoveryCompleted>(_ => Recovered());
        Command<StoreWrites>(w => Store(w.Writes));
        Command<DeleteMessagesSuccess>(d => _log.Debug("Persistence server {0}: journal events up to {1} deleted after a compaction", _server, d.ToSequenceNr));
        Command<DeleteMessagesFailure>(d => _log.Warning(d.Cause, "Persistence server {0}: could not delete journal events up to {1} after a compaction; they are replayed and skipped at the next start", _server, d.ToSequenceNr));
    }

    /// <inheritdoc />
    public override string PersistenceId { get; }

    /// <summary>The journal's persistence id of a server: one log per server.</summary>
    public static string PersistenceIdOf(string server) => $"persistence-server-{server}";

    /// <summary>Props for the storage.</summary>
    public static Props Props(string server, HardState initial, string exportDirectory, IActorRef owner) =>
        Akka.Actor.Props.Create(() => new ReplicationJournalActor(server, initial, exportDirectory, owner));

    private void AppendRecovered(long fromIndex, IReadOnlyList<LogEntry> entries)
    {
        // The machine appends where its stored log ends; trimming first keeps a replay correct even if it did not.
        TruncateRecovered(fromIndex);
        if (_entries.Count == 0)
        {
            // The first event kept after a compaction may start anywhere at or before the snapshot's end.
            _entriesFrom = fromIndex;
        }

        _entries.AddRange(entries);
    }

    private void TruncateRecovered(long index)
    {
        var keep = (int)Math.Clamp(index - _entriesFrom, 0, _entries.Count);
        _entries.RemoveRange(keep, _entries.Count - keep);
    }

    private void CompactRecovered(JournaledCompaction c)
    {
        var drop = (int)Math.Clamp(c.Snapshot.Index + 1 - _entriesFrom, 0, _entries.Count);
        _entries.RemoveRange(0, drop);
        _entriesFrom = _entries.Count == 0 ? c.Snapshot.Index + 1 : _entriesFrom + drop;
        _snapshot = c.Snapshot;
        _hard = c.Hard;
        _lastExport = c.LastExport;
    }

    private void NoteEntryEvent(JournaledEntries e) => _entryEvents.Enqueue((LastSequenceNr, e.FromIndex + e.Entries.Count - 1));

    private void Recovered()
    {
        var start = (_snapshot?.Index ?? 0) + 1;
        if (_entries.Count > 0 && _entriesFrom != start)
        {
            throw new InvalidOperationException($"The journal of persistence server {_server} holds entries from {_entriesFrom}, but its log starts at {start}: it is damaged.");
        }

        var state = _hard is null && _entries.Count == 0 && _snapshot is null ? null : new DurableState(_hard ?? _initial, _entries, _snapshot);
        _log.Info("Persistence server {0} recovered {1} log entries after {2} compacted (term {3}, epoch {4}) from its journal", _server, _entries.Count, start - 1, _hard?.Term ?? 0, (_hard ?? _initial).Current.Epoch);
        _owner.Tell(new JournalRecovered(state, _lastExport));
        // The recovered copy now belongs to the machine; the journal keeps no log in memory.
        _entries = [];
    }

    private void Store(IReadOnlyList<StorageWrite> writes)
    {
        _waiting.AddRange(writes);
        if (_inFlight == 0)
        {
            Flush();
        }
    }

    private void Flush()
    {
        if (_waiting.Count == 0)
        {
            return;
        }

        var batch = new List<(IJournalEvent Event, long WriteId)>();
        // A run of contiguous appends becomes one event (the per-event cost bounds throughput); its last write id
        // answers for all of them. The run's entries are gathered in one list, not copied at every append.
        List<LogEntry>? run = null;
        var runFrom = 0L;
        var runWriteId = 0L;
        void EndRun()
        {
            if (run is not null)
            {
                batch.Add((new JournaledEntries(runFrom, run), runWriteId));
                run = null;
            }
        }

        foreach (var write in _waiting)
        {
            if (write is PersistEntries entries)
            {
                if (run is null || runFrom + run.Count != entries.FromIndex)
                {
                    EndRun();
                    run = [];
                    runFrom = entries.FromIndex;
                }

                run.AddRange(entries.Entries);
                runWriteId = write.WriteId;
            }
            else
            {
                EndRun();
                batch.Add((ToEvent(write), write.WriteId));
            }
        }

        EndRun();
        _waiting.Clear();
        _inFlight = batch.Count;
        _batchStarted = Stopwatch.GetTimestamp();
        foreach (var (_, id) in batch)
        {
            _eventWriteIds.Enqueue(id);
        }

        PersistAllAsync(batch.Select(b => b.Event), Persisted);
    }

    private IJournalEvent ToEvent(StorageWrite write) => write switch
    {
        PersistEntries p => new JournaledEntries(p.FromIndex, p.Entries),
        TruncateFrom t => new JournaledTruncation(t.Index),
        PersistHardState h => new JournaledHardState(_hard = h.State),
        ExportSuffix x => _lastExport = Export(x),
        CompactLog c => new JournaledCompaction(c.Snapshot, _hard ?? _initial, _lastExport),
        _ => throw new InvalidOperationException($"Unknown storage write {write.GetType().Name}."),
    };

    private JournaledExport Export(ExportSuffix export)
    {
        // Written (and flushed to disk) now, before the truncation that follows it is handed to the journal.
        var file = _exports.Write(export);
        var first = export.Entries.Count > 0 ? export.Entries[0].Index : 0;
        if (export.Reason == SuffixReason.OldEpoch)
        {
            _log.Error(
                "EXPORTED {0} log entries from index {1} of persistence server {2} to {3}: they were beyond the log of epoch {4}'s primary and are removed from this server's log (some may have been acknowledged to applications before the cut-over)",
                export.Entries.Count,
                first,
                _server,
                file,
                export.NewEpoch);
        }
        else if (export.Reason == SuffixReason.Replaced)
        {
            _log.Warning("Exported {0} log entries from index {1} of persistence server {2} to {3}: it was behind its leader's compacted log and takes the leader's snapshot instead (copies of what the snapshot holds, or an earlier leader's never-committed entries)", export.Entries.Count, first, _server, file);
        }
        else
        {
            _log.Warning("Exported {0} uncommitted log entries from index {1} of persistence server {2} to {3}: replaced by the set leader's entries (never acknowledged)", export.Entries.Count, first, _server, file);
        }

        return new JournaledExport(file, first, export.Entries.Count, export.Reason, export.NewEpoch);
    }

    private void Persisted(IJournalEvent stored)
    {
        switch (stored)
        {
            case JournaledExport export:
                // The server shows its last export in its status (the file exists before the record is journaled).
                _owner.Tell(export);
                break;
            case JournaledEntries entries:
                NoteEntryEvent(entries);
                break;
            case JournaledCompaction compaction:
                DeleteBefore(compaction.Snapshot.Index);
                break;
        }

        _owner.Tell(new Persisted(_eventWriteIds.Dequeue()));
        if (--_inFlight == 0)
        {
            _owner.Tell(new JournalBatchWritten(Stopwatch.GetElapsedTime(_batchStarted)));
            Flush();
        }
    }

    /// <summary>
    /// Deletes the events that a stored compaction made useless: all before the first entry event that still holds
    /// an entry beyond the snapshot (every other kind of event before the compaction is superseded by it).
    /// </summary>
    private void DeleteBefore(long snapshotIndex)
    {
        var compactionSeqNr = LastSequenceNr;
        while (_entryEvents.Count > 0 && _entryEvents.Peek().LastIndex <= snapshotIndex && _entryEvents.Peek().SequenceNr < compactionSeqNr)
        {
            _entryEvents.Dequeue();
        }

        var upTo = (_entryEvents.Count > 0 ? Math.Min(_entryEvents.Peek().SequenceNr, compactionSeqNr) : compactionSeqNr) - 1;
        if (upTo > 0)
        {
            DeleteMessages(upTo);
        }
    }

    /// <inheritdoc />
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "Persistence server {0} cannot write its journal: it stops (what it had not stored is not acknowledged)", _server);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }
}

/// <summary>Writes to store, in order (local only: from the server actor to its storage).</summary>
/// <param name="Writes">The writes of the machine's write stream.</param>
public sealed record StoreWrites(IReadOnlyList<StorageWrite> Writes);

/// <summary>A batch of writes became durable, <paramref name="Elapsed"/> after it was handed to the journal (local only).</summary>
/// <param name="Elapsed">How long the journal took.</param>
public sealed record JournalBatchWritten(TimeSpan Elapsed);

/// <summary>The storage finished its recovery (local only).</summary>
/// <param name="State">What it holds, or null for a new server.</param>
/// <param name="LastExport">The last suffix it exported, or null.</param>
public sealed record JournalRecovered(DurableState? State, JournaledExport? LastExport = null);
