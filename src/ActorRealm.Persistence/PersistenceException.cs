namespace ActorRealm.Persistence;

/// <summary>Base class of every error the persistence layer reports.</summary>
public class PersistenceException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public PersistenceException()
        : base("A persistence operation failed.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public PersistenceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public PersistenceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
