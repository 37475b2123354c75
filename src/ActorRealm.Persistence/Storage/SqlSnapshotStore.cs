using ActorRealm.Persistence.Snapshots;

namespace ActorRealm.Persistence.Storage;

/// <summary>The snapshot store over a <see cref="SqlStore"/>; writes share the journal's group-commit writer.</summary>
internal sealed class SqlSnapshotStore(SqlStore store) : ISnapshotStore
{
    public Task SaveAsync(SnapshotMetadata metadata, byte[] payload, string manifest, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentException.ThrowIfNullOrEmpty(metadata.PersistenceId, nameof(metadata));
        ArgumentOutOfRangeException.ThrowIfNegative(metadata.SequenceNr, nameof(metadata));
        return store.WriteAsync(new SaveSnapshotRequest(metadata, payload, manifest), cancellationToken);
    }

    public async Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        return await store.ReadAsync(
            store.Statements.LoadSnapshot,
            async (command, ct) =>
            {
                var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    return await reader.ReadAsync(ct).ConfigureAwait(false) ? Rows.ReadSnapshot(reader) : null;
                }
            },
            cancellationToken,
            SqlBatchExecutor.CriteriaParameters(persistenceId, criteria)).ConfigureAwait(false);
    }

    public Task DeleteAsync(string persistenceId, long sequenceNr, CancellationToken cancellationToken = default) =>
        DeleteAsync(persistenceId, SnapshotSelectionCriteria.Latest with { MinSequenceNr = sequenceNr, MaxSequenceNr = sequenceNr }, cancellationToken);

    public Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        return store.WriteAsync(new DeleteSnapshotsRequest(persistenceId, criteria), cancellationToken);
    }
}
