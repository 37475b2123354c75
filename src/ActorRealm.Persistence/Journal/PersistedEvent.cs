namespace ActorRealm.Persistence.Journal;

/// <summary>An event as stored in the journal.</summary>
/// <param name="PersistenceId">The persistence id the event belongs to.</param>
/// <param name="SequenceNr">The event's sequence number within its persistence id (1, 2, 3 ...).</param>
/// <param name="Ordering">
/// The journal-wide position assigned at write time; increases with every stored event of this journal, with gaps
/// where events were deleted or a transaction rolled back.
/// </param>
/// <param name="Payload">The serialized event, exactly as appended.</param>
/// <param name="Manifest">The manifest given at append time.</param>
/// <param name="Tags">The tags given at append time.</param>
/// <param name="Timestamp">When the event was written (UTC, millisecond precision).</param>
public sealed record PersistedEvent(
    string PersistenceId,
    long SequenceNr,
    long Ordering,
    byte[] Payload,
    string Manifest,
    IReadOnlyList<string> Tags,
    DateTimeOffset Timestamp);
