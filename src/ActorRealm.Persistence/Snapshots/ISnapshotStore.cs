namespace ActorRealm.Persistence.Snapshots;

/// <summary>
/// Stores snapshots of persistent state: opaque bytes with a manifest, keyed by persistence id and sequence number.
/// Every method is safe to call concurrently. The store is owned by its <see cref="PersistenceStore"/>.
/// </summary>
public interface ISnapshotStore
{
    /// <summary>
    /// Saves a snapshot; a snapshot with the same persistence id and sequence number is replaced. Completes after the
    /// write committed with the configured durability.
    /// </summary>
    Task SaveAsync(SnapshotMetadata metadata, byte[] payload, string manifest, CancellationToken cancellationToken = default);

    /// <summary>Loads the snapshot with the highest sequence number (then latest timestamp) matching <paramref name="criteria"/>; null when none.</summary>
    Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default);

    /// <summary>Deletes the snapshot of <paramref name="persistenceId"/> at <paramref name="sequenceNr"/>, if any.</summary>
    Task DeleteAsync(string persistenceId, long sequenceNr, CancellationToken cancellationToken = default);

    /// <summary>Deletes every snapshot of <paramref name="persistenceId"/> matching <paramref name="criteria"/>.</summary>
    Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default);
}
