namespace ActorRealm.Persistence.Journal;

/// <summary>
/// A write transaction failed (I/O error, disk full, lost connection, failed commit). Every request in the
/// transaction fails with this exception and none of them is reported as written. With PostgreSQL a commit
/// whose reply was lost may still have been applied: treat the outcome as unknown, not as "not written", and
/// recover from the journal.
/// </summary>
public sealed class JournalWriteException : PersistenceException
{
    /// <summary>Creates the exception with a default message.</summary>
    public JournalWriteException()
        : base("A journal write transaction failed.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public JournalWriteException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public JournalWriteException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
