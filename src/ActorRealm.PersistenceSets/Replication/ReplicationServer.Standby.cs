namespace ActorRealm.PersistenceSets.Replication;

// Leader-to-leader replication across sites: the primary leader streams committed entries to the standby
// leader (found by probing; standby members redirect, a new standby leader announces itself) and learns the
// standby-committed index back. Like Raft's nextIndex, the stream resumes from what the standby holds.
public sealed partial class ReplicationServer
{
    private string _standbyTarget;
    private long _standbyTargetTerm;
    private long _standbyNext = 1;
    private long _standbyMatched;
    private long _standbyCommitted;
    private long _standbyLastHeard;
    private bool _standbyFound;
    private long _primaryConfirmed;
    private string? _knownPrimaryLeader;
    private long _lastStandbyContact;

    // When this primary leader's commit index reached each value the standby set may not hold yet (index, tick; at
    // most one per tick): the status's lag in time is the age of the oldest entry the standby set lacks. Not
    // _standbyLastHeard, which every retarget to the next standby server resets (each election timeout during a cut).
    private readonly LinkedList<(long Index, long Tick)> _commitTicks = new();

    private void ResetStandbyProgress()
    {
        _standbyNext = _commitIndex + 1;
        _standbyMatched = 0;
        _standbyCommitted = 0;
        _standbyLastHeard = _now;
        _standbyFound = false;
        // What was committed before this leader took over counts from now: its earlier commit ticks are not known here.
        _commitTicks.Clear();
        _commitTicks.AddLast((_commitIndex, _now));
    }

    /// <summary>Remembers when the commit index reached <paramref name="index"/> (primary leader only).</summary>
    private void RecordCommitTick(long index)
    {
        if (!IsPrimaryLeader)
        {
            return;
        }

        if (_commitTicks.Last is { Value.Tick: var tick } last && tick == _now)
        {
            // Commits within one tick share its element.
            last.Value = (index, _now);
            return;
        }

        _commitTicks.AddLast((index, _now));
    }

    /// <summary>Forgets the commit ticks of entries the standby set holds (one element always stays).</summary>
    private void ForgetReplicatedCommitTicks()
    {
        while (_commitTicks.Count > 1 && _commitTicks.First!.Value.Index <= _standbyCommitted)
        {
            _commitTicks.RemoveFirst();
        }
    }

    /// <summary>Ticks since the oldest committed entry the standby set does not hold was committed here; 0 when it holds them all.</summary>
    private long OldestUnreplicatedTicks(long held) =>
        _commitIndex <= held ? 0 : _now - _commitTicks.FirstOrDefault(c => c.Index > held, _commitTicks.Last?.Value ?? (0, _now)).Tick;

    private void RetargetStandby(string target)
    {
        if (target == _standbyTarget)
        {
            return;
        }

        _standbyTarget = target;
        _standbyMatched = 0;
        _standbyNext = _commitIndex + 1;
        _standbyLastHeard = _now;
        _standbyFound = false;
    }

    private void StandbyHeartbeat()
    {
        if (_now - _standbyLastHeard > _settings.ElectionTimeoutTicks)
        {
            // Nobody answered: try the next server of the standby set.
            var servers = _otherSet.Servers;
            RetargetStandby(servers[(servers.ToList().IndexOf(_standbyTarget) + 1) % servers.Count]);
        }

        SendStandbyAppend();
    }

    private void SendStandbyAppend()
    {
        if (!IsPrimaryLeader)
        {
            return;
        }

        // Only committed entries leave the primary set.
        var prev = Math.Min(_standbyNext - 1, _commitIndex);
        var snapshot = prev < _log.Snapshot.Index ? _log.Snapshot : null;
        prev = Math.Max(prev, _log.Snapshot.Index);
        var last = AppendEnd(prev, _commitIndex);
        var (prevEpoch, prevTerm) = LastId(prev);
        SendTo(_standbyTarget, new StandbyAppend(Name, CurrentEpoch, _term, prev, prevEpoch, prevTerm, _log.Slice(prev + 1, last), snapshot));
        _standbyNext = last + 1;
    }

    private void OnStandbyAppendResponse(StandbyAppendResponse m)
    {
        if (!IsPrimaryLeader || !InOtherSet(m.From))
        {
            return;
        }

        switch (m.Answer)
        {
            case StandbyAnswer.Accepted:
                RetargetStandby(m.From);
                _standbyFound = true;
                _standbyLastHeard = _now;
                _standbyMatched = Math.Max(_standbyMatched, m.Matched);
                _standbyNext = Math.Max(_standbyNext, _standbyMatched + 1);
                _standbyCommitted = Math.Max(_standbyCommitted, Math.Min(m.StandbyCommitted, _log.LastIndex));
                ForgetReplicatedCommitTicks();
                ProcessAcks();
                TryHandover();
                break;
            case StandbyAnswer.Mismatch:
                RetargetStandby(m.From);
                _standbyFound = true;
                _standbyLastHeard = _now;
                if (m.Matched < _standbyNext)
                {
                    // As inside a set: the standby leader may have restarted with less than it confirmed.
                    _standbyNext = Math.Max(1, Math.Min(m.Matched, m.LastIndex + 1));
                    _standbyMatched = Math.Min(_standbyMatched, _standbyNext - 1);
                    SendStandbyAppend();
                }

                break;
            case StandbyAnswer.NotLeader when m.LeaderHint is not null && InOtherSet(m.LeaderHint):
                RetargetStandby(m.LeaderHint);
                SendStandbyAppend();
                break;
            case StandbyAnswer.Promoting:
                _standbyLastHeard = _now;
                break;
        }
    }

    private void OnStandbyLeaderAnnounce(StandbyLeaderAnnounce m)
    {
        if (IsPrimaryLeader && InOtherSet(m.From) && m.Term >= _standbyTargetTerm)
        {
            _standbyTargetTerm = m.Term;
            RetargetStandby(m.From);
            SendStandbyAppend();
        }
    }

    private void AnnounceStandbyLeader()
    {
        _lastStandbyContact = _now;
        foreach (var server in _otherSet.Servers)
        {
            SendTo(server, new StandbyLeaderAnnounce(Name, CurrentEpoch, _term));
        }
    }

    private void StandbyLeaderHeartbeat()
    {
        // Heard nothing from a primary leader for a while: announce again (it may have changed or restarted).
        if (_now - _lastStandbyContact > _settings.ElectionTimeoutTicks)
        {
            AnnounceStandbyLeader();
        }
    }

    private void OnStandbyAppend(StandbyAppend m)
    {
        if (!InOtherSet(m.From) || m.Epoch.PrimarySet == _mySet.Name)
        {
            return;
        }

        _knownPrimaryLeader = m.From;
        if (!IsStandbyLeader)
        {
            SendTo(m.From, StandbyAnswerOf(StandbyAnswer.NotLeader, 0, _role == SetRole.Member ? _leader : null));
            return;
        }

        _lastStandbyContact = _now;
        if (PendingPromotion is not null)
        {
            SendTo(m.From, StandbyAnswerOf(StandbyAnswer.Promoting, 0, null));
            return;
        }

        if (!_log.Matches(m.PrevIndex, m.PrevEpoch, m.PrevTerm) && !InstallSnapshot(m.Snapshot, m.PrevIndex))
        {
            SendTo(m.From, StandbyAnswerOf(StandbyAnswer.Mismatch, m.PrevIndex, null));
            return;
        }

        AppendFromLeader(m.Entries);
        _primaryConfirmed = Math.Max(_primaryConfirmed, m.PrevIndex + m.Entries.Count);
        if (m.Entries.Count > 0)
        {
            SendAppendsToAll();
        }

        CheckHandoverToUs();
        AdvanceLeaderCommit();
        SendTo(m.From, StandbyAnswerOf(StandbyAnswer.Accepted, m.PrevIndex + m.Entries.Count, null));
    }

    private void ReportStandbyProgress()
    {
        if (_knownPrimaryLeader is not null && PendingPromotion is null)
        {
            SendTo(_knownPrimaryLeader, StandbyAnswerOf(StandbyAnswer.Accepted, _primaryConfirmed, null));
        }
    }

    private StandbyAppendResponse StandbyAnswerOf(StandbyAnswer answer, long matched, string? hint) =>
        new(Name, CurrentEpoch, answer, matched, _log.LastIndex, _commitIndex, hint);
}
