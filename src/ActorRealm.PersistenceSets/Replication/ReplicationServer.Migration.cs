namespace ActorRealm.PersistenceSets.Replication;

// A planned migration: drain (hold new publishes), wait until the standby set has standby-committed everything,
// then write the Handover entry. Once that entry is in a primary leader's log it never serves in this epoch again;
// the standby leader that receives it starts the next epoch with its set primary.
public sealed partial class ReplicationServer
{
    private MigrationState? _migration;

    private void OnMigrate(Migrate m)
    {
        var refusal = MigrationRefusal(m);
        if (refusal is not null)
        {
            _outputs.Add(new AdminReply(refusal));
            return;
        }

        if (_migration is null && !HandedOver)
        {
            _migration = new MigrationState(m.ToSet, _now);
        }

        _outputs.Add(new AdminReply(new AdminAccepted(CurrentEpoch.Epoch + 1, EpochChange.Migration)));
        TryHandover();
    }

    private AdminResult? MigrationRefusal(Migrate m)
    {
        var target = _cluster.FindSet(m.ToSet);
        if (target is null)
        {
            return new AdminRefused($"there is no set '{m.ToSet}'; the sets are {string.Join(", ", _cluster.Sets.Select(s => s.Name))}");
        }

        if (target.Name == CurrentEpoch.PrimarySet)
        {
            return new AdminRefused($"set '{m.ToSet}' is already primary (epoch {CurrentEpoch.Epoch})");
        }

        if (!SetIsPrimary)
        {
            return _knownPrimaryLeader is not null
                ? new AdminRedirect(_knownPrimaryLeader)
                : new AdminRefused($"give the migration to the leader of the primary set '{CurrentEpoch.PrimarySet}'");
        }

        if (_role != SetRole.Leader)
        {
            return NotLeaderAnswer($"the primary set '{_mySet.Name}'");
        }

        return _realmQuorum ? null : new AdminRefused($"{Name} cannot migrate: its side of the realm has no quorum");
    }

    private void HoldOrRefuse(ClientRequest r)
    {
        if (_migration!.HandoverWritten && _now - _migration.StartedAt >= _settings.DrainTimeoutTicks)
        {
            Reply(r.Id, new Refused(RefusalReason.HandoverInProgress, $"migration to '{_migration.ToSet}' is handing over; retry"));
        }
        else
        {
            _migration.Held.Add(r);
        }
    }

    private void MigrationTick()
    {
        if (_migration is null || !IsPrimaryLeader)
        {
            return;
        }

        TryHandover();
        if (_migration is null || _now - _migration.StartedAt < _settings.DrainTimeoutTicks)
        {
            return;
        }

        if (!_migration.HandoverWritten)
        {
            Abandon($"the standby set did not hold everything within {_settings.DrainTimeoutTicks} ticks");
            return;
        }

        foreach (var held in _migration.Held)
        {
            Reply(held.Id, new Refused(RefusalReason.HandoverInProgress, $"migration to '{_migration.ToSet}' is handing over; retry"));
        }

        _migration.Held.Clear();
    }

    private void TryHandover()
    {
        if (_migration is { HandoverWritten: false } m && IsPrimaryLeader && _commitIndex == _log.LastIndex && _standbyCommitted >= _log.LastIndex)
        {
            m.HandoverWritten = true;
            AppendOwn(new Handover(CurrentEpoch.Epoch + 1, m.ToSet));
            SendAppendsToAll();
        }
    }

    private void Abandon(string why)
    {
        var held = _migration!.Held;
        Emit(new MigrationAbandoned(why, _now - _migration.StartedAt));
        _migration = null;
        foreach (var r in held)
        {
            OnClientRequest(r);
        }
    }

    private sealed class MigrationState(string toSet, long startedAt)
    {
        public string ToSet { get; } = toSet;

        public long StartedAt { get; } = startedAt;

        public bool HandoverWritten { get; set; }

        public List<ClientRequest> Held { get; } = [];
    }
}
