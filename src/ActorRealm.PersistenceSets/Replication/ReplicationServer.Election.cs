namespace ActorRealm.PersistenceSets.Replication;

// Elections inside a set: pre-vote (a partitioned server cannot disrupt the set by raising its term),
// check-quorum (a leader that no longer hears a majority steps down), and the election restriction.
public sealed partial class ReplicationServer
{
    private readonly HashSet<string> _votes = new(StringComparer.Ordinal);
    private int _electionElapsed;
    private bool _inPreVote;
    private long _selfVoteWriteId;
    private bool _leaderConnectionLost;

    // The spread is derived from the name and term (FNV-1a), not drawn at random, so the machine stays deterministic.
    private int ElectionTimeout => _settings.ElectionTimeoutTicks + (int)(Spread(Name, _term) % (uint)_settings.ElectionTimeoutTicks);

    private static uint Spread(string name, long forTerm)
    {
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (hash ^ (uint)forTerm) * 16777619u;
    }

    private void OnPeerConnectionLost(string server)
    {
        if (_role == SetRole.Member && _leader == server)
        {
            // The election timeout is for a leader that falls silent; a closed connection says more. Members start 1 to
            // 4 ticks apart (by name and term) so that the first one's pre-vote usually wins without a split vote.
            // Its leader no longer counts as heard from, so this member grants the first candidate's pre-vote at once
            // (the leader stays known: forgetting it would also forget what this member confirmed to it).
            var soon = 1 + (int)(Spread(Name, _term + 1) % 4);
            _electionElapsed = Math.Max(_electionElapsed, ElectionTimeout - soon);
            _leaderConnectionLost = true;
        }
    }

    private void StartPreVote()
    {
        _electionElapsed = 0;
        _role = SetRole.Candidate;
        _inPreVote = true;
        _leader = null;
        _votes.Clear();
        _votes.Add(Name);
        var (lastEpoch, lastTerm) = LastId(_durableIndex);
        foreach (var peer in _peers)
        {
            SendTo(peer, new VoteRequest(Name, CurrentEpoch, _term + 1, lastEpoch, lastTerm, _durableIndex, PreVote: true));
        }

        TallyVotes();
    }

    private void StartElection()
    {
        _term++;
        _votedFor = Name;
        _inPreVote = false;
        _votes.Clear();
        _votes.Add(Name);
        PersistHard();
        _selfVoteWriteId = LastWriteId;
        var (lastEpoch, lastTerm) = LastId(_durableIndex);
        foreach (var peer in _peers)
        {
            SendWhenDurable(peer, new VoteRequest(Name, CurrentEpoch, _term, lastEpoch, lastTerm, _durableIndex, PreVote: false));
        }

        TallyVotes();
    }

    private void TallyVotes()
    {
        if (_role != SetRole.Candidate)
        {
            return;
        }

        // The candidate's own vote counts once it is durable, like anyone else's.
        var count = _votes.Count - (!_inPreVote && _persistedWriteId < _selfVoteWriteId ? 1 : 0);
        if (count < _mySet.Majority)
        {
            return;
        }

        if (_inPreVote)
        {
            StartElection();
        }
        else
        {
            BecomeLeader();
        }
    }

    private void OnVoteRequest(VoteRequest m)
    {
        if (!InMySet(m.From))
        {
            return;
        }

        if (m.PreVote)
        {
            // Grant only if no leader has been heard from lately: a server cut off from a healthy set cannot win.
            var leaderQuiet = _role != SetRole.Leader && (_leader is null || _leaderConnectionLost || _electionElapsed >= _settings.ElectionTimeoutTicks);
            SendTo(m.From, new VoteResponse(Name, CurrentEpoch, _term, m.Term > _term && leaderQuiet && LogUpToDate(m), PreVote: true));
            return;
        }

        if (m.Term > _term)
        {
            BecomeMember(m.Term, null, "a candidate asked for a higher term");
        }

        var grant = m.Term == _term && (_votedFor is null || _votedFor == m.From) && LogUpToDate(m);
        if (grant && _votedFor is null)
        {
            _votedFor = m.From;
            _electionElapsed = 0;
            PersistHard();
        }

        SendWhenDurable(m.From, new VoteResponse(Name, CurrentEpoch, _term, grant, PreVote: false));
    }

    private bool LogUpToDate(VoteRequest m)
    {
        if (!_switches.ElectionRestriction)
        {
            return true;
        }

        var (lastEpoch, lastTerm) = LastId(_log.LastIndex);
        return ReplicationLog.CompareUpToDate(m.LastEpoch, m.LastTerm, m.LastIndex, lastEpoch, lastTerm, _log.LastIndex) >= 0;
    }

    private void OnVoteResponse(VoteResponse m)
    {
        if (!InMySet(m.From))
        {
            return;
        }

        if (m.Term > _term && !m.Granted)
        {
            BecomeMember(m.Term, null, "a voter is in a higher term");
            return;
        }

        if (_role == SetRole.Candidate && m.Granted && m.PreVote == _inPreVote && (_inPreVote || m.Term == _term))
        {
            _votes.Add(m.From);
            TallyVotes();
        }
    }

    private void BecomeMember(long newTerm, string? newLeader, string why)
    {
        if (newTerm > _term)
        {
            _term = newTerm;
            _votedFor = null;
            PersistHard();
        }

        if (_role == SetRole.Leader)
        {
            Emit(new SteppedDown(_term, why));
            OnLeadershipEnded();
        }

        if (newLeader != _leader)
        {
            _confirmedIndex = 0;
            _reportedDurable = 0;
        }

        _role = SetRole.Member;
        _inPreVote = false;
        _leader = newLeader;
        _electionElapsed = 0;
        _leaderConnectionLost = false;
    }

    private void BecomeLeader()
    {
        _role = SetRole.Leader;
        _leader = Name;
        _heartbeatElapsed = 0;
        _quorumCheckElapsed = 0;
        ResetProgress();
        Emit(new BecameLeader(_term));
        if (SetIsPrimary || PendingPromotion is not null)
        {
            // Raft: entries of earlier terms commit only together with one of this term.
            AppendOwn(new LeaderNoop());
            ResetStandbyProgress();
        }
        else
        {
            _primaryConfirmed = 0;
            AnnounceStandbyLeader();
            CheckHandoverToUs();
        }

        SendAppendsToAll();
    }
}
