namespace ActorRealm.Persistence.Journal;

/// <summary>
/// An append-only store of events per persistence id. Payloads are opaque bytes: the journal never deserializes
/// anything. Every method is safe to call concurrently. The journal is owned by its <see cref="PersistenceStore"/>.
/// </summary>
public interface IEventJournal
{
    /// <summary>Counters of the journal's write path (transactions, appends, events), for diagnostics and tests.</summary>
    JournalCounters Counters { get; }

    /// <summary>
    /// Appends <paramref name="events"/> for <paramref name="persistenceId"/> atomically (all or none), numbering them
    /// <paramref name="firstSequenceNr"/>, <paramref name="firstSequenceNr"/> + 1, ... The append succeeds only when the
    /// highest stored sequence number is <paramref name="firstSequenceNr"/> - 1 (optimistic concurrency).
    /// The returned task completes only after the transaction holding the events has committed with the configured
    /// durability; it never completes successfully for events that were not written.
    /// </summary>
    /// <exception cref="SequenceConflictException">The highest stored sequence number is not <paramref name="firstSequenceNr"/> - 1; nothing was written.</exception>
    /// <exception cref="JournalWriteException">The transaction failed; nothing of this append was written.</exception>
    Task AppendAsync(string persistenceId, long firstSequenceNr, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams the events of <paramref name="persistenceId"/> with sequence numbers from <paramref name="fromSequenceNr"/>
    /// to <paramref name="toSequenceNr"/> (inclusive) in ascending order, at most <paramref name="max"/> of them. Events are
    /// fetched in batches of the configured replay batch size; no database transaction is held between batches.
    /// </summary>
    IAsyncEnumerable<PersistedEvent> ReadAsync(
        string persistenceId,
        long fromSequenceNr = 1,
        long toSequenceNr = long.MaxValue,
        long max = long.MaxValue,
        CancellationToken cancellationToken = default);

    /// <summary>The highest sequence number ever appended for <paramref name="persistenceId"/> (deletion does not lower it); 0 when none.</summary>
    Task<long> HighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the events of <paramref name="persistenceId"/> up to <paramref name="toSequenceNr"/> (inclusive, clamped to the
    /// highest sequence number). The highest sequence number is kept, so later appends continue after it.
    /// </summary>
    Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default);

    /// <summary>Streams every event carrying <paramref name="tag"/> whose ordering is greater than <paramref name="afterOrdering"/>, in ordering order.</summary>
    IAsyncEnumerable<PersistedEvent> ReadByTagAsync(string tag, long afterOrdering = 0, CancellationToken cancellationToken = default);

    /// <summary>Streams every event whose ordering is greater than <paramref name="afterOrdering"/>, in ordering order.</summary>
    IAsyncEnumerable<PersistedEvent> ReadAllAsync(long afterOrdering = 0, CancellationToken cancellationToken = default);

    /// <summary>Lists every persistence id the journal knows with its highest sequence number, ordered by id.</summary>
    Task<IReadOnlyList<PersistenceIdInfo>> ListPersistenceIdsAsync(CancellationToken cancellationToken = default);
}
