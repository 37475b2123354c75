using ActorRealm.Contracts.Persistence;

namespace ActorRealm.Client;

/// <summary>
/// The persistence cluster refused a request for a reason a retry cannot cure (a name against the channel name
/// policy, a message over the server's size limit, a producer id used by two producers). Refusals that a retry can
/// cure never reach the application: the client retries them.
/// </summary>
public sealed class RealmRequestRefusedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RealmRequestRefusedException(RefusalCode code, string message)
        : base($"Refused ({code}): {message}") => Code = code;

    /// <summary>Creates the exception without a code (serialization and analyzers).</summary>
    public RealmRequestRefusedException()
    {
    }

    /// <summary>Creates the exception without a code.</summary>
    public RealmRequestRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception without a code.</summary>
    public RealmRequestRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Why.</summary>
    public RefusalCode Code { get; }
}
