namespace ActorRealm.Persistence.Snapshots;

/// <summary>Identifies a snapshot: the persistence id, the sequence number of the last event it covers, and when it was taken.</summary>
/// <param name="PersistenceId">The persistence id the snapshot belongs to.</param>
/// <param name="SequenceNr">The sequence number of the last event the snapshot's state includes.</param>
/// <param name="Timestamp">When the snapshot was taken (stored with millisecond precision).</param>
public sealed record SnapshotMetadata(string PersistenceId, long SequenceNr, DateTimeOffset Timestamp);
