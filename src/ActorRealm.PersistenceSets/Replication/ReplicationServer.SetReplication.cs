namespace ActorRealm.PersistenceSets.Replication;

// Raft log replication inside a set, the same for the primary and the standby set; only the commit rule differs.
public sealed partial class ReplicationServer
{
    private readonly Dictionary<string, Progress> _progress = new(StringComparer.Ordinal);
    private int _heartbeatElapsed;
    private int _quorumCheckElapsed;
    private long _confirmedIndex;
    private long _reportedDurable;
    private long _leaderCommitSeen;

    private void ResetProgress()
    {
        _progress.Clear();
        foreach (var peer in _peers)
        {
            _progress[peer] = new Progress { Next = _log.LastIndex + 1, LastHeard = _now };
        }
    }

    private void ClampProgress(long kept)
    {
        foreach (var p in _progress.Values)
        {
            p.Next = Math.Min(p.Next, kept + 1);
            p.Matched = Math.Min(p.Matched, kept);
            p.Durable = Math.Min(p.Durable, kept);
        }
    }

    private void LeaderTick()
    {
        if (++_heartbeatElapsed >= _settings.HeartbeatTicks)
        {
            _heartbeatElapsed = 0;
            SendAppendsToAll();
            if (IsPrimaryLeader)
            {
                StandbyHeartbeat();
            }
            else
            {
                StandbyLeaderHeartbeat();
            }
        }

        if (++_quorumCheckElapsed >= _settings.ElectionTimeoutTicks)
        {
            _quorumCheckElapsed = 0;
            var heard = 1 + _progress.Values.Count(p => _now - p.LastHeard < _settings.ElectionTimeoutTicks);
            if (heard < _mySet.Majority)
            {
                BecomeMember(_term, null, "it no longer hears from a majority of its set");
                return;
            }
        }

        MigrationTick();
    }

    private void SendAppendsToAll()
    {
        foreach (var peer in _peers)
        {
            SendAppend(peer);
        }
    }

    private void SendAppend(string peer)
    {
        var p = _progress[peer];
        var prev = p.Next - 1;
        // A member that needs compacted entries gets the snapshot with the entries after it.
        var snapshot = prev < _log.Snapshot.Index ? _log.Snapshot : null;
        prev = Math.Max(prev, _log.Snapshot.Index);
        var last = AppendEnd(prev, _log.LastIndex);
        var (prevEpoch, prevTerm) = LastId(prev);
        SendTo(peer, new AppendEntries(Name, CurrentEpoch, _term, prev, prevEpoch, prevTerm, _log.Slice(prev + 1, last), _commitIndex, _log.LastIndex, CompactableByMembers, snapshot));
        p.Next = last + 1; // optimistic; a refusal moves it back
    }

    /// <summary>The last index an append after <paramref name="prev"/> carries: within the entry count and the byte budget.</summary>
    private long AppendEnd(long prev, long upTo)
    {
        var last = Math.Min(upTo, prev + _settings.MaxEntriesPerAppend);
        return last <= prev ? last : _log.LastWithin(prev + 1, last, _settings.MaxBytesPerAppend, ReplicationSettings.EntryOverheadBytes);
    }

    private void OnAppendEntries(AppendEntries m)
    {
        if (!InMySet(m.From))
        {
            return;
        }

        if (m.Term < _term)
        {
            SendTo(m.From, new AppendResponse(Name, CurrentEpoch, _term, false, m.PrevIndex, _log.LastIndex));
            return;
        }

        if (m.Term > _term || _role != SetRole.Member || _leader != m.From)
        {
            BecomeMember(m.Term, m.From, $"{m.From} leads term {m.Term}");
        }

        _electionElapsed = 0;
        _leaderConnectionLost = false;
        _leaderCommitSeen = Math.Max(_leaderCommitSeen, m.LeaderCommit);
        _compactable = Math.Max(_compactable, m.CompactableIndex);
        if (!_log.Matches(m.PrevIndex, m.PrevEpoch, m.PrevTerm) && !InstallSnapshot(m.Snapshot, m.PrevIndex))
        {
            var hint = m.PrevIndex > _log.LastIndex ? _log.LastIndex : m.PrevIndex - 1;
            SendTo(m.From, new AppendResponse(Name, CurrentEpoch, _term, false, m.PrevIndex, hint));
            return;
        }

        AppendFromLeader(m.Entries);
        var end = m.PrevIndex + m.Entries.Count;
        if (end == m.LeaderLast && _log.LastIndex > end && _confirmedIndex <= end)
        {
            // Entries beyond the leader's log are an earlier leader's, never committed. A standby leader appends
            // nothing of its own that would overwrite them, so they go now (unless already confirmed to this leader,
            // which a reordered older message must not undo).
            TruncateLocal(end + 1, SuffixReason.Superseded, CurrentEpoch.Epoch);
        }

        _confirmedIndex = Math.Max(_confirmedIndex, end);
        AdvanceCommit(Math.Min(m.LeaderCommit, _confirmedIndex));
        _reportedDurable = Math.Min(_confirmedIndex, _durableIndex);
        SendTo(m.From, new AppendResponse(Name, CurrentEpoch, _term, true, _confirmedIndex, _reportedDurable));
    }

    /// <summary>Appends entries that follow a matching previous entry, replacing a conflicting suffix (exported first).</summary>
    private void AppendFromLeader(IReadOnlyList<LogEntry> entries)
    {
        var fresh = new List<LogEntry>();
        foreach (var entry in entries.Where(e => e.Index >= _log.FirstIndex))
        {
            if (fresh.Count == 0 && entry.Index <= _log.LastIndex)
            {
                var mine = _log[entry.Index];
                if (mine.SameIdAs(entry))
                {
                    continue;
                }

                TruncateLocal(entry.Index, mine.Epoch < entry.Epoch ? SuffixReason.OldEpoch : SuffixReason.Superseded, Math.Max(entry.Epoch, CurrentEpoch.Epoch));
            }

            fresh.Add(entry);
        }

        AppendLocal(fresh);
    }

    private void ReportDurableToLeader()
    {
        var durable = Math.Min(_confirmedIndex, _durableIndex);
        if (_leader is not null && _role == SetRole.Member && durable > _reportedDurable)
        {
            _reportedDurable = durable;
            SendTo(_leader, new AppendResponse(Name, CurrentEpoch, _term, true, _confirmedIndex, durable));
        }
    }

    private void OnAppendResponse(AppendResponse m)
    {
        if (!InMySet(m.From))
        {
            return;
        }

        if (m.Term > _term)
        {
            BecomeMember(m.Term, null, $"{m.From} is in term {m.Term}");
            return;
        }

        if (_role != SetRole.Leader || m.Term != _term || !_progress.TryGetValue(m.From, out var p))
        {
            return;
        }

        p.LastHeard = _now;
        if (m.Success)
        {
            p.Matched = Math.Max(p.Matched, m.Matched);
            p.Durable = Math.Max(p.Durable, m.Durable);
            p.Next = Math.Max(p.Next, p.Matched + 1);
            AdvanceLeaderCommit();
        }
        else if (m.Matched < p.Next)
        {
            // m.Matched is the refused previous index; the member's hint says where its log ends or diverges. A
            // member that restarted may hold less than it confirmed before, so what it confirmed is forgotten too.
            p.Next = Math.Max(1, Math.Min(m.Matched, m.Durable + 1));
            p.Matched = Math.Min(p.Matched, p.Next - 1);
            SendAppend(m.From);
        }
    }

    private void AdvanceLeaderCommit()
    {
        var candidate = _switches.MajorityForCommit ? MajorityDurable() : _durableIndex;
        candidate = Math.Min(candidate, _log.LastIndex);
        if (candidate <= _commitIndex)
        {
            return;
        }

        if (!IsOwnTermEntry(_log[candidate]))
        {
            // Raft's rule for a primary; a standby leader may commit what the primary confirmed it holds.
            candidate = IsStandbyLeader ? Math.Min(candidate, _primaryConfirmed) : _commitIndex;
        }

        AdvanceCommit(candidate);
    }

    /// <summary>The highest index durable on a majority of the set, this server's own durable copy included.</summary>
    private long MajorityDurable()
    {
        Span<long> copies = stackalloc long[_peers.Length + 1];
        copies[0] = _durableIndex;
        for (var i = 0; i < _peers.Length; i++)
        {
            copies[i + 1] = _progress[_peers[i]].Durable;
        }

        copies.Sort();
        return copies[copies.Length - _mySet.Majority];
    }

    private bool IsOwnTermEntry(LogEntry e) =>
        e.Term == _term && ((e.Epoch == CurrentEpoch.Epoch && SetIsPrimary) || e.Epoch > CurrentEpoch.Epoch);

    private void AdvanceCommit(long index)
    {
        if (index <= _commitIndex)
        {
            return;
        }

        var from = _commitIndex + 1;
        _commitIndex = index;
        RecordCommitTick(index);
        _outputs.Add(new CommitAdvanced(index));
        foreach (var entry in _log.Slice(from, index))
        {
            if (entry.Payload is EpochStart s && s.Epoch > CurrentEpoch.Epoch)
            {
                AdoptEpoch(new EpochRecord(s.Epoch, s.PrimarySet, entry.Index));
            }
        }

        OnCommitAdvanced();
    }

    private void OnCommitAdvanced()
    {
        if (IsPrimaryLeader)
        {
            ProcessAcks();
            SendStandbyAppend();
            TryHandover();
        }
        else if (IsStandbyLeader)
        {
            ReportStandbyProgress();
        }
    }

    private sealed class Progress
    {
        public long Next { get; set; }

        public long Matched { get; set; }

        public long Durable { get; set; }

        public long LastHeard { get; set; }
    }
}
