namespace ActorRealm.PersistenceSets.Replication;

// Application requests: only the serving primary leader appends; everyone else redirects or refuses. A publish
// already in the log (same producer and sequence) is answered with its original index, never appended again.
public sealed partial class ReplicationServer
{
    private readonly List<PendingAck> _pendingAcks = [];

    private bool Serving => IsPrimaryLeader && _realmQuorum && !HandedOver && _migration is null;

    /// <summary>Whether the log holds sequence <paramref name="seq"/> of <paramref name="producer"/>, or a later one (stored or compacted).</summary>
    internal bool HoldsPublish(string producer, long seq) => _log.FindPublish(producer, seq) is (> 0, _) or (_, true);

    private void OnClientRequest(ClientRequest r)
    {
        if (IsPrimaryLeader && _migration is not null)
        {
            HoldOrRefuse(r);
        }
        else if (!Serving)
        {
            Reply(r.Id, NotServingAnswer());
        }
        else
        {
            Accept(r);
        }
    }

    private ClientResult NotServingAnswer()
    {
        if (IsPrimaryLeader)
        {
            return HandedOver
                ? new Refused(RefusalReason.HandoverInProgress, $"{Name} is handing over to set '{_handover!.Value.Entry.ToSet}'; retry")
                : new Refused(RefusalReason.NoRealmQuorum, $"{Name} leads the primary set but its side of the realm has no quorum");
        }

        var known = SetIsPrimary ? _leader : _knownPrimaryLeader;
        return known is not null && known != Name
            ? new Redirect(known)
            : new Refused(RefusalReason.NoLeaderKnown, $"{Name} knows no leader of the primary set '{CurrentEpoch.PrimarySet}' (epoch {CurrentEpoch.Epoch})");
    }

    private void Accept(ClientRequest r)
    {
        switch (r.Command)
        {
            case PublishCommand { Message: var p }:
                var (index, passed) = _log.FindPublish(p.ProducerId, p.ProducerSeq);
                if (index > 0 && index < _log.FirstIndex)
                {
                    // Compacted: committed, and at the standby set, so acknowledged as stored in any standby mode.
                    Reply(r.Id, new Acknowledged(index, CurrentEpoch.Epoch));
                }
                else if (index > 0)
                {
                    Track(r.Id, _log[index]);
                }
                else if (passed)
                {
                    Reply(r.Id, new Refused(RefusalReason.SequenceAlreadyPassed, $"producer '{p.ProducerId}' already stored a sequence above {p.ProducerSeq}"));
                }
                else
                {
                    AppendAndTrack(r.Id, p);
                }

                break;
            case StorePositionCommand s:
                AppendAndTrack(r.Id, s.Position);
                break;
            default:
                throw new ArgumentException($"unknown command {r.Command.GetType().Name}", nameof(r));
        }
    }

    private void OnTrimChannels(TrimChannels t)
    {
        // A trim is not a client's request: nobody waits for it, and a lost one is decided again at the next check.
        if (!Serving || t.Trims.Count == 0)
        {
            return;
        }

        foreach (var trim in t.Trims)
        {
            AppendOwn(trim);
        }

        SendAppendsToAll();
    }

    private void AppendAndTrack(ClientRequestId id, EntryPayload payload)
    {
        var entry = AppendOwn(payload);
        SendAppendsToAll();
        Track(id, entry);
    }

    private void Track(ClientRequestId id, LogEntry entry)
    {
        _pendingAcks.Add(new PendingAck(id, entry));
        ProcessAcks();
    }

    /// <summary>
    /// Without realm quorum another set may be primary in a newer epoch (a cut-over while this leader was paused or cut
    /// off), and an acknowledgement of an entry that epoch lacks would be a loss (ADR 0084). So the leader answers what
    /// it has not acknowledged at once, as an unknown outcome: the client retries with the same producer sequence,
    /// here once quorum returns (answered from the entry already in the log, never appended twice) or at the set that
    /// is primary by then. Holding the answer instead would leave the client waiting for its own timeout.
    /// </summary>
    private void OnRealmQuorumChanged(bool hasQuorum)
    {
        _realmQuorum = hasQuorum;
        if (hasQuorum)
        {
            // Nothing is pending: every publish unacknowledged at the loss was refused, and none was taken since.
            return;
        }

        foreach (var ack in _pendingAcks)
        {
            Reply(ack.Id, new Refused(RefusalReason.NoRealmQuorum, $"{Name} lost its side's realm quorum before the entry was acknowledged; outcome unknown, retry with the same producer sequence"));
        }

        _pendingAcks.Clear();
    }

    /// <summary>
    /// Answers every request whose entry is durable as the standby mode requires; never earlier, and never while its
    /// side has no realm quorum (<see cref="OnRealmQuorumChanged"/>).
    /// </summary>
    private void ProcessAcks()
    {
        if (!IsPrimaryLeader || !_realmQuorum || _pendingAcks.Count == 0)
        {
            return;
        }

        var ackable = _cluster.Mode == StandbyMode.Sync ? Math.Min(_commitIndex, _standbyCommitted) : _commitIndex;
        foreach (var ack in _pendingAcks.Where(a => a.Entry.Index <= ackable).ToList())
        {
            _pendingAcks.Remove(ack);
            var held = ack.Entry.Index < _log.FirstIndex || (ack.Entry.Index <= _log.LastIndex && _log[ack.Entry.Index].SameIdAs(ack.Entry));
            Reply(ack.Id, held
                ? new Acknowledged(ack.Entry.Index, CurrentEpoch.Epoch)
                : new Refused(RefusalReason.LeadershipLost, "the entry was replaced; retry with the same producer sequence"));
        }
    }

    private void OnLeadershipEnded() =>
        FailPending(new Refused(RefusalReason.LeadershipLost, $"{Name} is no longer the leader; retry with the same producer sequence"));

    /// <summary>A primary leader learned a newer epoch: it stops serving and answers what it still holds.</summary>
    private void EndPrimaryTenure(EpochRecord record)
    {
        if (_migration is not null && record.PrimarySet == _migration.ToSet)
        {
            Emit(new MigrationCompleted(record.Epoch, _now - _migration.StartedAt));
        }

        FailPending(new Refused(RefusalReason.LeadershipLost, $"set '{record.PrimarySet}' is primary since epoch {record.Epoch}; retry there"));
    }

    private void FailPending(ClientResult answer)
    {
        foreach (var ack in _pendingAcks)
        {
            Reply(ack.Id, answer);
        }

        _pendingAcks.Clear();
        foreach (var held in _migration?.Held ?? [])
        {
            Reply(held.Id, answer);
        }

        _migration = null;
    }

    private void Reply(ClientRequestId id, ClientResult result) => _outputs.Add(new ClientReply(id, result));

    private sealed record PendingAck(ClientRequestId Id, LogEntry Entry);
}
