using ActorRealm.Persistence.Snapshots;

namespace ActorRealm.Persistence.Actors;

/// <summary>Recovery, snapshots and deletion.</summary>
public abstract partial class PersistentActor
{
    /// <summary>
    /// Saves <paramref name="snapshot"/> as the state after <see cref="LastSequenceNr"/>; the actor receives
    /// <see cref="SaveSnapshotSuccess"/> or <see cref="SaveSnapshotFailure"/>. Commands are not held up meanwhile.
    /// </summary>
    protected void SaveSnapshot(object snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var metadata = new SnapshotMetadata(PersistenceId, LastSequenceNr, Context.System.TimeProvider.GetUtcNow());
        var serialized = Serializer.Serialize(snapshot);
        NotifySelf(
            Snapshots.SaveAsync(metadata, serialized.Payload, serialized.Manifest),
            () => new SaveSnapshotSuccess(metadata),
            cause => new SaveSnapshotFailure(metadata, cause));
    }

    /// <summary>Deletes this actor's events up to <paramref name="toSequenceNr"/>; the actor receives <see cref="DeleteMessagesSuccess"/> or <see cref="DeleteMessagesFailure"/>.</summary>
    protected void DeleteMessages(long toSequenceNr) => NotifySelf(
        Journal.DeleteUpToAsync(PersistenceId, toSequenceNr),
        () => new DeleteMessagesSuccess(toSequenceNr),
        cause => new DeleteMessagesFailure(toSequenceNr, cause));

    /// <summary>Deletes this actor's snapshots matching <paramref name="criteria"/>; the actor receives <see cref="DeleteSnapshotsSuccess"/> or <see cref="DeleteSnapshotsFailure"/>.</summary>
    protected void DeleteSnapshots(SnapshotSelectionCriteria criteria) => NotifySelf(
        Snapshots.DeleteAsync(PersistenceId, criteria),
        () => new DeleteSnapshotsSuccess(criteria),
        cause => new DeleteSnapshotsFailure(criteria, cause));

    private void NotifySelf(Task operation, Func<object> success, Func<Exception, object> failure)
    {
        var self = Self;
        operation.ContinueWith(
            t => self.Tell(t.IsCompletedSuccessfully ? success() : failure(t.Exception?.GetBaseException() ?? new TaskCanceledException(t)), self),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task RecoverAsync()
    {
        object? current = null;
        try
        {
            var store = await Persistence.Get(Context.System).StoreAsync().ConfigureAwait(true);
            _journal = store.Journal;
            _snapshots = store.SnapshotStore;
            var snapshot = await _snapshots.LoadAsync(PersistenceId, RecoverySnapshotCriteria).ConfigureAwait(true);
            if (snapshot is not null)
            {
                current = snapshot.Metadata;
                var offer = new SnapshotOffer(snapshot.Metadata, Serializer.Deserialize(snapshot.Manifest, snapshot.Payload));
                LastSequenceNr = snapshot.Metadata.SequenceNr;
                RunRecoverHandlers(offer);
            }

            await foreach (var persisted in _journal.ReadAsync(PersistenceId, LastSequenceNr + 1).ConfigureAwait(true))
            {
                current = persisted;
                var @event = Serializer.Deserialize(persisted.Manifest, persisted.Payload);
                current = @event;
                LastSequenceNr = persisted.SequenceNr;
                RunRecoverHandlers(@event);
            }

            // Deleted events still count: the next event follows the highest number ever written.
            LastSequenceNr = Math.Max(LastSequenceNr, await _journal.HighestSequenceNrAsync(PersistenceId).ConfigureAwait(true));
            current = RecoveryCompleted.Instance;
            IsRecovering = false;
            RunHandler(() => RunRecoverHandlers(RecoveryCompleted.Instance));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            OnRecoveryFailure(e, current);
            return;
        }

        Stash.UnstashAll();
        if (_pending.Count > 0)
        {
            await FlushAsync().ConfigureAwait(true);
        }
    }
}
