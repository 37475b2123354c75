using System.Collections.Immutable;
using ActorRealm.Cluster.Prime;

namespace ActorRealm.Cluster.Membership;

/// <summary>The result of a change to a <see cref="MembershipState"/>.</summary>
/// <param name="State">The new state.</param>
/// <param name="Events">The events to publish, in order.</param>
/// <param name="Reconciliation">
/// When a peer's gossip was received: how its prime state compared with the local one. Log it at
/// its <see cref="PrimeReconciliation.Severity"/>, even when the local state won.
/// </param>
/// <param name="Rejection">Why a peer's gossip was ignored (log it as a warning), or null.</param>
public sealed record MembershipTransition(
    MembershipState State,
    ImmutableArray<ClusterEvent> Events,
    PrimeReconciliation? Reconciliation = null,
    string? Rejection = null)
{
    /// <summary>A transition that changes nothing.</summary>
    public static MembershipTransition Unchanged(MembershipState state) => new(state, []);
}

/// <summary>What happened to a join request.</summary>
public enum JoinOutcome
{
    /// <summary>The node was added as Joining.</summary>
    Added,

    /// <summary>The incarnation is already a member (a retried join); nothing changed.</summary>
    AlreadyMember,

    /// <summary>
    /// Another incarnation of the same address was still a member: it was marked terminated and
    /// Down; the new incarnation must retry once the old one is removed.
    /// </summary>
    PreviousIncarnationDowned,

    /// <summary>The join was refused; see the message.</summary>
    Refused,
}

/// <summary>The answer to a join request.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Transition">The resulting transition (unchanged when refused).</param>
/// <param name="Message">A readable explanation.</param>
public sealed record JoinResult(JoinOutcome Outcome, MembershipTransition Transition, string Message);
