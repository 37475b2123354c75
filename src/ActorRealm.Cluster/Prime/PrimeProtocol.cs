using ActorRealm.Cluster.Serialization;

namespace ActorRealm.Cluster.Prime;

/// <summary>
/// A node tells a member of its cluster which prime state it follows (on every membership change
/// and every gossip interval). The receiver adopts a newer state after storing it durably.
/// </summary>
/// <param name="From">The sender's incarnation.</param>
/// <param name="State">The prime state the sender follows.</param>
public sealed record PrimeAdvert(NodeId From, PrimeState State) : IRealmMessage;

/// <summary>The node that accepted a prime switch asks a reachable member to store the new state now.</summary>
/// <param name="From">The accepting node's incarnation.</param>
/// <param name="State">The new prime state.</param>
public sealed record PrimeStoreRequest(NodeId From, PrimeState State) : IRealmMessage;

/// <summary>A member's answer to a <see cref="PrimeStoreRequest"/>.</summary>
/// <param name="From">The answering member.</param>
/// <param name="SwitchId">The switch the request carried.</param>
/// <param name="Stored">Whether the member now durably follows that state (or a newer one).</param>
/// <param name="Current">The state the member follows after the request.</param>
/// <param name="Error">Why it could not store the state, or empty.</param>
public sealed record PrimeStoreAck(NodeId From, Guid SwitchId, bool Stored, PrimeState Current, string Error) : IRealmMessage;
