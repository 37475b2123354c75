namespace ActorRealm.Persistence.Journal;

/// <summary>
/// An append named a first sequence number that does not follow the highest stored one: another writer appended
/// for the same persistence id, or the caller's view is stale. Nothing of the append was written.
/// </summary>
public sealed class SequenceConflictException : PersistenceException
{
    /// <summary>Creates the exception for <paramref name="persistenceId"/>.</summary>
    /// <param name="persistenceId">The persistence id appended to.</param>
    /// <param name="firstSequenceNr">The first sequence number the append asked for.</param>
    /// <param name="highestSequenceNr">The highest sequence number stored when the append was checked.</param>
    public SequenceConflictException(string persistenceId, long firstSequenceNr, long highestSequenceNr)
        : base($"Sequence conflict for persistence id '{persistenceId}': the append starts at {firstSequenceNr} " +
               $"but the highest stored sequence number is {highestSequenceNr} (expected {highestSequenceNr + 1}). Nothing was written.")
    {
        PersistenceId = persistenceId;
        FirstSequenceNr = firstSequenceNr;
        HighestSequenceNr = highestSequenceNr;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public SequenceConflictException()
        : this(string.Empty, 0, 0)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public SequenceConflictException(string message)
        : base(message)
    {
        PersistenceId = string.Empty;
    }

    /// <summary>Creates the exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public SequenceConflictException(string message, Exception? innerException)
        : base(message, innerException)
    {
        PersistenceId = string.Empty;
    }

    /// <summary>The persistence id appended to.</summary>
    public string PersistenceId { get; }

    /// <summary>The first sequence number the append asked for.</summary>
    public long FirstSequenceNr { get; }

    /// <summary>The highest sequence number stored when the append was checked.</summary>
    public long HighestSequenceNr { get; }
}
