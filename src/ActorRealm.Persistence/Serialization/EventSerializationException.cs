namespace ActorRealm.Persistence.Serialization;

/// <summary>A value could not be serialized or deserialized: unregistered type or manifest, or a payload that does not match.</summary>
public sealed class EventSerializationException : PersistenceException
{
    /// <summary>Creates the exception with a default message.</summary>
    public EventSerializationException()
        : base("An event could not be serialized or deserialized.")
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/>.</summary>
    public EventSerializationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public EventSerializationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
