namespace ActorRealm.Remote.Transport;

/// <summary>A connection could not be established: TLS failed or the peer's certificate was refused.</summary>
public sealed class TransportRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TransportRefusedException()
    {
    }

    /// <summary>Creates the exception with a reason.</summary>
    public TransportRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a reason and its cause.</summary>
    public TransportRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
