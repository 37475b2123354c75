namespace ActorRealm.PersistenceSets.Replication;

// The write stream: every durable change gets a write id; Persisted(id) confirms all writes up to it. The
// server counts only durable entries as its own copy, and holds back messages that promise durable state.
public sealed partial class ReplicationServer
{
    private readonly List<(long WriteId, long UpTo)> _pendingAppends = [];
    private readonly List<(long WriteId, Send Message)> _heldSends = [];
    private long _nextWriteId = 1;
    private long _persistedWriteId;
    private long _durableIndex;
    private ExportInfo? _lastExport;

    private long LastWriteId => _nextWriteId - 1;

    private long Write(Func<long, StorageWrite> make)
    {
        var id = _nextWriteId++;
        _outputs.Add(make(id));
        return id;
    }

    private LogEntry AppendOwn(EntryPayload payload)
    {
        var entry = new LogEntry(_log.LastIndex + 1, EntryEpochForOwn(payload), _term, payload);
        AppendLocal([entry]);
        return entry;
    }

    // A promoting leader's own entries already belong to the epoch it is starting.
    private long EntryEpochForOwn(EntryPayload payload) =>
        payload is EpochStart s ? s.Epoch : Math.Max(CurrentEpoch.Epoch, PendingPromotion?.Epoch ?? 0);

    private void AppendLocal(List<LogEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        foreach (var entry in entries)
        {
            _log.Append(entry);
            NoteHandover(entry);
        }

        var id = Write(w => new PersistEntries(w, entries[0].Index, entries));
        _pendingAppends.Add((id, _log.LastIndex));
    }

    /// <summary>Exports then removes the log from <paramref name="index"/> on: nothing leaves a log silently.</summary>
    private void TruncateLocal(long index, SuffixReason reason, long causeEpoch)
    {
        if (index > _log.LastIndex)
        {
            return;
        }

        if (index <= _commitIndex)
        {
            throw new InvalidOperationException(
                $"{Name}: would remove committed entry {index} (commit {_commitIndex}, epoch {CurrentEpoch.Epoch}, reason {reason})");
        }

        var removed = _log.TruncateFrom(index);
        Write(w => new ExportSuffix(w, removed, reason, causeEpoch));
        Write(w => new TruncateFrom(w, index));
        _lastExport = new ExportInfo(index, removed.Count, reason, causeEpoch);
        var kept = index - 1;
        _durableIndex = Math.Min(_durableIndex, kept);
        for (var i = 0; i < _pendingAppends.Count; i++)
        {
            _pendingAppends[i] = (_pendingAppends[i].WriteId, Math.Min(_pendingAppends[i].UpTo, kept));
        }

        _confirmedIndex = Math.Min(_confirmedIndex, kept);
        _primaryConfirmed = Math.Min(_primaryConfirmed, kept);
        ClampProgress(kept);
        FindHandover();
    }

    private void PersistHard() =>
        Write(w => new PersistHardState(w, new HardState(_term, _votedFor, [.. _epochs])));

    /// <summary>Sends once every write asked for so far is durable (a vote must not outlive a crash that forgets it).</summary>
    private void SendWhenDurable(string to, PeerMessage message)
    {
        if (_persistedWriteId >= LastWriteId)
        {
            SendTo(to, message);
        }
        else
        {
            _heldSends.Add((LastWriteId, new Send(to, message)));
        }
    }

    private void OnPersisted(long writeId)
    {
        if (writeId <= _persistedWriteId)
        {
            return;
        }

        _persistedWriteId = Math.Min(writeId, LastWriteId);
        foreach (var (_, upTo) in _pendingAppends.Where(p => p.WriteId <= _persistedWriteId))
        {
            _durableIndex = Math.Max(_durableIndex, upTo);
        }

        _pendingAppends.RemoveAll(p => p.WriteId <= _persistedWriteId);
        foreach (var (_, send) in _heldSends.Where(h => h.WriteId <= _persistedWriteId))
        {
            _outputs.Add(send);
        }

        _heldSends.RemoveAll(h => h.WriteId <= _persistedWriteId);
        AfterDurable();
    }

    private void AfterDurable()
    {
        switch (_role)
        {
            case SetRole.Candidate:
                TallyVotes();
                break;
            case SetRole.Leader:
                AdvanceLeaderCommit();
                break;
            default:
                ReportDurableToLeader();
                break;
        }
    }
}
