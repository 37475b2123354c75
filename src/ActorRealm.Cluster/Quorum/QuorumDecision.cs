using System.Collections.Immutable;

namespace ActorRealm.Cluster.Quorum;

/// <summary>Why a side has, or does not have, quorum.</summary>
public enum QuorumReason
{
    /// <summary>More than half of all configured members are reachable.</summary>
    Majority,

    /// <summary>Exactly half are reachable and every member of the prime site is among them.</summary>
    HalfWithPrimeSite,

    /// <summary>Exactly half are reachable but a member of the prime site is missing.</summary>
    HalfWithoutPrimeSite,

    /// <summary>Fewer than half are reachable.</summary>
    NoMajority,

    /// <summary>
    /// This node is not an Up member (still joining, or no longer a member): it has not observed the
    /// members it would count, so it claims nothing.
    /// </summary>
    NotUp,

    /// <summary>
    /// This node's process was paused and it is still settling (<see cref="PauseGuard"/>): its failure detector's
    /// judgements date from before the pause, so it claims nothing until it has observed the realm afresh.
    /// </summary>
    Paused,
}

/// <summary>The outcome of the site quorum rule, with what it was decided on.</summary>
/// <param name="HasQuorum">Whether the side may serve and down the other side.</param>
/// <param name="Reason">Which branch of the rule decided (or that this node is not Up).</param>
/// <param name="Reachable">How many configured members were reachable.</param>
/// <param name="Total">How many members are configured.</param>
/// <param name="PrimeSite">The prime site the rule was evaluated with.</param>
/// <param name="MissingPrimeMembers">Members of the prime site that were not reachable.</param>
public sealed record QuorumDecision(
    bool HasQuorum,
    QuorumReason Reason,
    int Reachable,
    int Total,
    string PrimeSite,
    ImmutableSortedSet<NodeAddress> MissingPrimeMembers)
{
    /// <summary>With <see cref="QuorumReason.Paused"/>: how long the pause lasted.</summary>
    public TimeSpan PausedFor { get; init; }

    /// <summary>With <see cref="QuorumReason.Paused"/>: how long the node observes afresh after it.</summary>
    public TimeSpan SettleFor { get; init; }

    /// <summary>A one-line explanation for status output and logs.</summary>
    public string Explanation => Reason switch
    {
        QuorumReason.Majority => $"quorum: {Reachable} of {Total} members reachable, more than half",
        QuorumReason.HalfWithPrimeSite => $"quorum: {Reachable} of {Total} members reachable, exactly half, with every member of prime site '{PrimeSite}'",
        QuorumReason.HalfWithoutPrimeSite => $"no quorum: {Reachable} of {Total} members reachable, exactly half, but prime site '{PrimeSite}' is missing {string.Join(", ", MissingPrimeMembers)}",
        QuorumReason.Paused => $"no quorum: this node's process was paused for {PausedFor.TotalSeconds:0.0} s, so what it knows of the other members dates from before; it counts them again after observing them afresh for {SettleFor.TotalSeconds:0.0} s",
        QuorumReason.NotUp => "no quorum: this node is not Up (still joining, or no longer a member); it counts no member before the cluster has taken it in and its failure detector has heard from them",
        _ => $"no quorum: {Reachable} of {Total} members reachable, not more than half",
    };

    /// <summary>Equality with the missing prime members compared by content.</summary>
    public bool Equals(QuorumDecision? other) =>
        other is not null &&
        HasQuorum == other.HasQuorum &&
        Reason == other.Reason &&
        Reachable == other.Reachable &&
        Total == other.Total &&
        string.Equals(PrimeSite, other.PrimeSite, StringComparison.Ordinal) &&
        MissingPrimeMembers.SetEquals(other.MissingPrimeMembers);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(HasQuorum, Reason, Reachable, Total, PrimeSite);

    /// <inheritdoc />
    public override string ToString() => Explanation;
}
