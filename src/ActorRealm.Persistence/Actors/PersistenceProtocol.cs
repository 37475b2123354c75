using ActorRealm.Persistence.Snapshots;

namespace ActorRealm.Persistence.Actors;

/// <summary>Offered to a persistent actor's <c>Recover</c> handlers first when recovery starts from a snapshot.</summary>
/// <param name="Metadata">Which snapshot (its sequence number is the last event it includes).</param>
/// <param name="Snapshot">The deserialized snapshot.</param>
public sealed record SnapshotOffer(SnapshotMetadata Metadata, object Snapshot);

/// <summary>Offered to a persistent actor's <c>Recover</c> handlers last, once the snapshot and every event were replayed.</summary>
public sealed record RecoveryCompleted
{
    /// <summary>The single instance.</summary>
    public static RecoveryCompleted Instance { get; } = new();
}

/// <summary>Sent to a persistent actor when the snapshot it saved is durable.</summary>
/// <param name="Metadata">The saved snapshot.</param>
public sealed record SaveSnapshotSuccess(SnapshotMetadata Metadata);

/// <summary>Sent to a persistent actor when saving a snapshot failed.</summary>
/// <param name="Metadata">The snapshot that was not saved.</param>
/// <param name="Cause">Why.</param>
public sealed record SaveSnapshotFailure(SnapshotMetadata Metadata, Exception Cause);

/// <summary>Sent to a persistent actor when its events up to <paramref name="ToSequenceNr"/> were deleted.</summary>
/// <param name="ToSequenceNr">The requested bound.</param>
public sealed record DeleteMessagesSuccess(long ToSequenceNr);

/// <summary>Sent to a persistent actor when deleting its events failed.</summary>
/// <param name="ToSequenceNr">The requested bound.</param>
/// <param name="Cause">Why.</param>
public sealed record DeleteMessagesFailure(long ToSequenceNr, Exception Cause);

/// <summary>Sent to a persistent actor when its snapshots matching <paramref name="Criteria"/> were deleted.</summary>
/// <param name="Criteria">The deleted selection.</param>
public sealed record DeleteSnapshotsSuccess(SnapshotSelectionCriteria Criteria);

/// <summary>Sent to a persistent actor when deleting snapshots failed.</summary>
/// <param name="Criteria">The selection that was not deleted.</param>
/// <param name="Cause">Why.</param>
public sealed record DeleteSnapshotsFailure(SnapshotSelectionCriteria Criteria, Exception Cause);

/// <summary>Starts recovery; the actor sends it to itself when it is created.</summary>
internal sealed record RecoveryStart
{
    public static RecoveryStart Instance { get; } = new();
}
