namespace ActorRealm.Contracts.Persistence;

/// <summary>An answer of a persistence server to one request; <see cref="RequestId"/> names the request.</summary>
public interface IPersistenceAnswer : IRealmContract
{
    /// <summary>The request it answers.</summary>
    long RequestId { get; }
}

/// <summary>
/// The request is durable: a majority of the primary set holds it (in sync mode also a majority of the standby set).
/// A retried publish (same producer and sequence) is answered with the offset and index it was first stored at.
/// </summary>
/// <param name="RequestId">The request it answers.</param>
/// <param name="Offset">For a publish: the message's offset in its channel (from 0). For a stored subscription position: that position.</param>
/// <param name="Index">The entry's index in the persistence cluster's log.</param>
/// <param name="Epoch">The persistence epoch of the leader that acknowledged it.</param>
public sealed record RequestAcknowledged(long RequestId, long Offset, long Index, long Epoch) : IPersistenceAnswer;

/// <summary>The answering server is not the primary leader; send the request to <paramref name="Leader"/>.</summary>
/// <param name="RequestId">The request it answers.</param>
/// <param name="Leader">The server the answering one believes leads the primary set.</param>
/// <param name="LeaderPath">The actor path of that server's persistence server actor.</param>
public sealed record RedirectToLeader(long RequestId, string Leader, string LeaderPath) : IPersistenceAnswer;

/// <summary>Why a persistence server refused a request.</summary>
public enum RefusalCode
{
    /// <summary>No primary leader is known at the answering server (an election runs): retry, after rediscovery.</summary>
    NoLeaderKnown = 1,

    /// <summary>The primary leader's side of the realm has no quorum (the site rule): retry later.</summary>
    NoRealmQuorum = 2,

    /// <summary>A migration hands over to the other set: retry there.</summary>
    HandoverInProgress = 3,

    /// <summary>The leader lost its leadership before the request was durable: retry with the same producer sequence.</summary>
    LeadershipLost = 4,

    /// <summary>The new leader has not yet committed an entry of its own term, so its positions may be stale: retry.</summary>
    LeaderNotCaughtUp = 5,

    /// <summary>
    /// The server answered an earlier sequence of this producer with a retry (redirect or retryable refusal): it takes
    /// the producer's later sequences only after that one came again, so that retried publishes keep their order.
    /// </summary>
    RetryEarlierFirst = 6,

    /// <summary>The producer already stored a higher sequence, and never this one: a producer id used by two producers.</summary>
    SequenceAlreadyPassed = 20,

    /// <summary>The channel or subscription name breaks the channel name policy (<see cref="ChannelNames"/>).</summary>
    InvalidName = 21,

    /// <summary>The message is larger than the server's <c>actorrealm.persistence.max-message-bytes</c>.</summary>
    MessageTooLarge = 22,

    /// <summary>An offset, count or sequence is out of range.</summary>
    InvalidRequest = 23,
}

/// <summary>The request was not carried out.</summary>
/// <param name="RequestId">The request it answers.</param>
/// <param name="Code">Why.</param>
/// <param name="Retryable">
/// Whether the same request may succeed later (possibly at another server): a client retries these with the same
/// producer sequence; the others are the application's mistake and are reported to it.
/// </param>
/// <param name="Message">For people.</param>
public sealed record RequestRefused(long RequestId, RefusalCode Code, bool Retryable, string Message) : IPersistenceAnswer
{
    /// <summary>A refusal whose <see cref="Retryable"/> follows from its <paramref name="code"/>.</summary>
    public static RequestRefused Of(long requestId, RefusalCode code, string message) => new(requestId, code, IsRetryable(code), message);

    /// <summary>Whether a refusal with <paramref name="code"/> may succeed when retried.</summary>
    public static bool IsRetryable(RefusalCode code) => code is RefusalCode.NoLeaderKnown or RefusalCode.NoRealmQuorum
        or RefusalCode.HandoverInProgress or RefusalCode.LeadershipLost or RefusalCode.LeaderNotCaughtUp or RefusalCode.RetryEarlierFirst;
}
