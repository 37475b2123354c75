namespace ActorRealm.Contracts.Persistence;

/// <summary>
/// Stores a durable subscription's position (the next offset it reads), replicated like the data. Answered by
/// <see cref="RequestAcknowledged"/> (its offset is the stored position), <see cref="RedirectToLeader"/> or <see cref="RequestRefused"/>.
/// </summary>
/// <param name="RequestId">The client's request number.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Subscription">The subscription's name (the channel name policy applies).</param>
/// <param name="Offset">The position: the next offset the subscription reads.</param>
public sealed record StoreSubscriptionPosition(long RequestId, string Channel, string Subscription, long Offset) : IRealmContract;

/// <summary>
/// Asks the primary leader for a durable subscription's latest committed position. Answered by
/// <see cref="SubscriptionPositionAnswer"/>, <see cref="RedirectToLeader"/> or <see cref="RequestRefused"/>.
/// </summary>
/// <param name="RequestId">The client's request number.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Subscription">The subscription's name.</param>
public sealed record ReadSubscriptionPosition(long RequestId, string Channel, string Subscription) : IRealmContract;

/// <summary>A durable subscription's latest committed position.</summary>
/// <param name="RequestId">The request it answers.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Subscription">The subscription.</param>
/// <param name="Offset">The stored position, or 0 when none was ever stored.</param>
/// <param name="Stored">Whether a position was ever stored.</param>
public sealed record SubscriptionPositionAnswer(long RequestId, string Channel, string Subscription, long Offset, bool Stored) : IPersistenceAnswer;
