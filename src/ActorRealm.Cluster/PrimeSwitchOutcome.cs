using System.Collections.Immutable;
using ActorRealm.Cluster.Prime;

namespace ActorRealm.Cluster;

/// <summary>The answer to <c>RealmCluster.RequestPrimeSwitchAsync</c>.</summary>
public sealed record PrimeSwitchOutcome
{
    /// <summary>Whether the switch was accepted.</summary>
    public required bool Accepted { get; init; }

    /// <summary>The new prime state when accepted; the state the node follows when refused.</summary>
    public required PrimeState Prime { get; init; }

    /// <summary>Members that stored the new state durably (this node first), when accepted.</summary>
    public ImmutableArray<NodeAddress> StoredBy { get; init; } = [];

    /// <summary>
    /// Reachable members that did not confirm in time (they still learn the state by gossip), or
    /// answered that they could not store it.
    /// </summary>
    public ImmutableArray<NodeAddress> NotConfirmedBy { get; init; } = [];

    /// <summary>Why the switch was refused, when it was.</summary>
    public PrimeSwitchRefusal? Refusal { get; init; }

    /// <summary>A message for the administrator.</summary>
    public required string Message { get; init; }

    /// <summary>A refused switch.</summary>
    public static PrimeSwitchOutcome Refused(PrimeSwitchRefusal reason, string message, PrimeState current) =>
        new() { Accepted = false, Prime = current, Refusal = reason, Message = message };
}
