namespace ActorRealm.Persistence;

/// <summary>
/// The store could not be opened: missing or unwritable directory, corrupt or foreign database file, unreachable
/// server, bad credentials, or a schema it does not know. The message names the file or server.
/// </summary>
public class PersistenceStartupException : PersistenceException
{
    /// <summary>Creates the exception with a default message.</summary>
    public PersistenceStartupException()
        : base("The persistence store could not be opened.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public PersistenceStartupException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public PersistenceStartupException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
