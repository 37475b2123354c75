using ActorRealm.Persistence.Journal;
using ActorRealm.Persistence.Snapshots;

namespace ActorRealm.Persistence.Storage;

/// <summary>
/// One caller's write, queued for the group-commit writer. The writer completes it only after the transaction that
/// holds it committed (success), was rolled back (failure), or after the batch plan rejected it without writing.
/// </summary>
internal abstract class WriteRequest
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the request's outcome is final.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Events this request writes; used to bound a transaction's size.</summary>
    public virtual int EventCount => 1;

    public void Succeed() => _completion.TrySetResult();

    public void Fail(Exception error) => _completion.TrySetException(error);
}

/// <summary>Append <see cref="Events"/> as sequence numbers <see cref="FirstSequenceNr"/> onwards.</summary>
internal sealed class AppendRequest(string persistenceId, long firstSequenceNr, IReadOnlyList<EventData> events, string?[] tagsJson) : WriteRequest
{
    public string PersistenceId { get; } = persistenceId;

    public long FirstSequenceNr { get; } = firstSequenceNr;

    public IReadOnlyList<EventData> Events { get; } = events;

    /// <summary>Each event's tags as the JSON array stored in the row, or null when untagged.</summary>
    public string?[] TagsJson { get; } = tagsJson;

    public override int EventCount => Events.Count;
}

/// <summary>Delete the events of a persistence id up to a sequence number (clamped to the highest when planned).</summary>
internal sealed class DeleteEventsRequest(string persistenceId, long toSequenceNr) : WriteRequest
{
    public string PersistenceId { get; } = persistenceId;

    public long ToSequenceNr { get; } = toSequenceNr;
}

/// <summary>Insert or replace a snapshot.</summary>
internal sealed class SaveSnapshotRequest(SnapshotMetadata metadata, byte[] payload, string manifest) : WriteRequest
{
    public SnapshotMetadata Metadata { get; } = metadata;

    public byte[] Payload { get; } = payload;

    public string Manifest { get; } = manifest;
}

/// <summary>Delete the snapshots of a persistence id matching the criteria.</summary>
internal sealed class DeleteSnapshotsRequest(string persistenceId, SnapshotSelectionCriteria criteria) : WriteRequest
{
    public string PersistenceId { get; } = persistenceId;

    public SnapshotSelectionCriteria Criteria { get; } = criteria;
}
