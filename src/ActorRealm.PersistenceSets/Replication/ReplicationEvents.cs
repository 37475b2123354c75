namespace ActorRealm.PersistenceSets.Replication;

/// <summary>Something that happened to a server, for its log and status.</summary>
public abstract record ReplicationEvent
{
    private protected ReplicationEvent()
    {
    }
}

/// <summary>This server became its set's leader.</summary>
/// <param name="Term">The term.</param>
public sealed record BecameLeader(long Term) : ReplicationEvent;

/// <summary>This server stopped being its set's leader.</summary>
/// <param name="Term">The term it is in now.</param>
/// <param name="Why">Why.</param>
public sealed record SteppedDown(long Term, string Why) : ReplicationEvent;

/// <summary>This server follows a newer epoch.</summary>
/// <param name="Epoch">The epoch.</param>
public sealed record EpochAdopted(EpochRecord Epoch) : ReplicationEvent;

/// <summary>This server's set became primary (its <see cref="EpochStart"/> is committed in the set).</summary>
/// <param name="Epoch">The epoch.</param>
/// <param name="Change">Cut-over or migration.</param>
public sealed record BecamePrimary(EpochRecord Epoch, EpochChange Change) : ReplicationEvent;

/// <summary>A migration's old primary leader learned that the hand-over completed.</summary>
/// <param name="NewEpoch">The new epoch.</param>
/// <param name="PublishPauseTicks">How long new publishes were held, from the start of draining.</param>
public sealed record MigrationCompleted(long NewEpoch, long PublishPauseTicks) : ReplicationEvent;

/// <summary>A migration was abandoned before its hand-over entry was written; the primary serves again.</summary>
/// <param name="Why">Why.</param>
/// <param name="PublishPauseTicks">How long new publishes were held.</param>
public sealed record MigrationAbandoned(string Why, long PublishPauseTicks) : ReplicationEvent;

/// <summary>The log was compacted: its entries up to <paramref name="ThroughIndex"/> are a snapshot now.</summary>
/// <param name="ThroughIndex">The last compacted index.</param>
public sealed record LogCompacted(long ThroughIndex) : ReplicationEvent;

/// <summary>The log was replaced by the leader's snapshot (it was behind the leader's compacted prefix).</summary>
/// <param name="Index">The snapshot's index.</param>
public sealed record SnapshotInstalled(long Index) : ReplicationEvent;
