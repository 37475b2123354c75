namespace ActorRealm.PersistenceSets.Replication;

// Epoch fencing and the change of primary: learning a newer epoch (exporting the divergent suffix first), and a
// standby leader's promotion, which is the EpochStart entry committed by a majority of its own set.
public sealed partial class ReplicationServer
{
    private (long Index, Handover Entry)? _handover;

    /// <summary>The epoch this server's set is starting: an EpochStart of a newer epoch in its log, not yet committed.</summary>
    private EpochStart? PendingPromotion
    {
        get
        {
            for (var i = _log.LastIndex; i >= _log.FirstIndex && _log[i].Epoch > CurrentEpoch.Epoch; i--)
            {
                if (_log[i].Payload is EpochStart s)
                {
                    return s;
                }
            }

            return null;
        }
    }

    private bool AdmitEpoch(PeerMessage m)
    {
        if (m.Epoch.Epoch > CurrentEpoch.Epoch)
        {
            AdoptEpoch(m.Epoch);
        }
        else if (m.Epoch.Epoch < CurrentEpoch.Epoch && _switches.EpochCheck)
        {
            SendTo(m.From, new EpochFence(Name, CurrentEpoch));
            return false;
        }

        return true;
    }

    /// <summary>Follows a newer epoch: export and remove the older epochs' entries from its first index on, then store it.</summary>
    private void AdoptEpoch(EpochRecord record)
    {
        if (record.Epoch <= CurrentEpoch.Epoch)
        {
            return;
        }

        var wasPrimaryLeader = IsPrimaryLeader;

        // What this server committed in its epoch is the new epoch's history below the new first index only when
        // no epoch was skipped; after a skip, an epoch in between may have started lower, so commit is learned again.
        // A compacted prefix is in every later epoch's log (it was at the standby set): it stays committed.
        _commitIndex = Math.Max(_log.Snapshot.Index, record.Epoch == CurrentEpoch.Epoch + 1 ? Math.Min(_commitIndex, record.FirstIndex - 1) : 0);
        _compactable = 0;
        if (record.FirstIndex >= _log.FirstIndex && record.FirstIndex <= _log.LastIndex && _log[record.FirstIndex].Epoch < record.Epoch)
        {
            TruncateLocal(record.FirstIndex, SuffixReason.OldEpoch, record.Epoch);
        }

        _epochs.Add(record);
        PersistHard(); // after the export and truncation in the write order: a stored epoch implies a clean log

        // What this server confirmed to its leader (or the primary to it) was about logs that may have changed at an
        // epoch's first index it never saw; confirmations start again in the new epoch.
        _confirmedIndex = 0;
        _reportedDurable = 0;
        _primaryConfirmed = 0;
        Emit(new EpochAdopted(record));
        FindHandover();
        if (_role != SetRole.Leader)
        {
            return;
        }

        if (wasPrimaryLeader && !SetIsPrimary)
        {
            EndPrimaryTenure(record);
            AnnounceStandbyLeader();
        }
        else if (SetIsPrimary)
        {
            var start = record.FirstIndex >= _log.FirstIndex && record.FirstIndex <= _log.LastIndex ? _log[record.FirstIndex].Payload as EpochStart : null;
            Emit(new BecamePrimary(record, start?.Reason ?? EpochChange.CutOver));
            ResetStandbyProgress();
        }
    }

    private void OnCutOver(CutOver c)
    {
        var refusal = CutOverRefusal(c);
        if (refusal is not null)
        {
            _outputs.Add(new AdminReply(refusal));
            return;
        }

        var start = BeginPromotion(EpochChange.CutOver);
        _outputs.Add(new AdminReply(new AdminAccepted(start.Epoch, start.Reason)));
    }

    private AdminResult? CutOverRefusal(CutOver c)
    {
        var target = _cluster.FindSet(c.ToSet);
        var primary = _cluster.FindSet(CurrentEpoch.PrimarySet)!;
        if (target is null)
        {
            return new AdminRefused($"there is no set '{c.ToSet}'; the sets are {string.Join(", ", _cluster.Sets.Select(s => s.Name))}");
        }

        if (target.Name == CurrentEpoch.PrimarySet)
        {
            return new AdminRefused($"set '{c.ToSet}' is already primary (epoch {CurrentEpoch.Epoch})");
        }

        if (target.Name != _mySet.Name)
        {
            return new AdminRefused($"give the cut-over to '{c.ToSet}' at a server of that set, not at {Name} of '{_mySet.Name}'");
        }

        if (c.ConfirmedDownSite != primary.Site)
        {
            return new AdminRefused($"the primary set '{primary.Name}' runs at site '{primary.Site}', not '{c.ConfirmedDownSite}'");
        }

        if (!c.GuardPassed)
        {
            return new AdminRefused($"the realm guard refused the cut-over: {c.GuardExplanation}");
        }

        return _role == SetRole.Leader ? null : NotLeaderAnswer($"set '{_mySet.Name}'");
    }

    private AdminResult NotLeaderAnswer(string what) =>
        _leader is not null && _leader != Name
            ? new AdminRedirect(_leader)
            : new AdminRefused($"{what} has no leader now; retry in a moment");

    private EpochStart BeginPromotion(EpochChange change)
    {
        if (PendingPromotion is { } pending)
        {
            return pending;
        }

        var start = new EpochStart(CurrentEpoch.Epoch + 1, _mySet.Name, change);
        AppendOwn(start);
        SendAppendsToAll();
        AdvanceLeaderCommit(); // a set of one commits as soon as it is durable
        return start;
    }

    /// <summary>A standby leader whose log holds the primary's hand-over to its set starts the new epoch.</summary>
    private void CheckHandoverToUs()
    {
        if (IsStandbyLeader && HandedOver && _handover!.Value.Entry.ToSet == _mySet.Name)
        {
            BeginPromotion(EpochChange.Migration);
        }
    }

    private void NoteHandover(LogEntry entry)
    {
        if (entry.Payload is Handover h)
        {
            _handover = (entry.Index, h);
        }
    }

    private void FindHandover()
    {
        _handover = null;
        for (var i = _log.LastIndex; i >= _log.FirstIndex && _log[i].Epoch >= CurrentEpoch.Epoch; i--)
        {
            if (_log[i].Payload is Handover h && h.NewEpoch == CurrentEpoch.Epoch + 1)
            {
                _handover = (i, h);
                return;
            }
        }
    }

    /// <summary>Whether this primary's log holds its hand-over: from then on it never serves in this epoch again.</summary>
    private bool HandedOver => _handover is { Entry: var h } && h.NewEpoch == CurrentEpoch.Epoch + 1;
}
