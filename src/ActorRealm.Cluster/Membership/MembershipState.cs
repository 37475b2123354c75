using System.Collections.Immutable;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Quorum;

namespace ActorRealm.Cluster.Membership;

/// <summary>
/// One node's view of the cluster: the configured layout, its own incarnation and the latest
/// gossip. Every change is a pure function returning a <see cref="MembershipTransition"/> with the
/// new state and the events to publish; the cluster actor only feeds it and acts on the answer.
/// </summary>
/// <param name="Layout">The configured members by site.</param>
/// <param name="Self">This node's incarnation.</param>
/// <param name="Gossip">The latest gossip.</param>
public sealed partial record MembershipState(ClusterLayout Layout, NodeId Self, Gossip Gossip)
{
    /// <summary>The state of a node that has not joined yet, following <paramref name="prime"/>.</summary>
    /// <exception cref="ArgumentException">The node's address is not in the layout.</exception>
    public static MembershipState Initial(ClusterLayout layout, NodeId self, PrimeState prime)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(self);
        if (!layout.Contains(self.Address))
        {
            throw new ArgumentException($"Node {self.Address} is not configured in any site ({layout}).", nameof(self));
        }

        return new MembershipState(layout, self, Gossip.Empty(prime));
    }

    /// <summary>The site this node belongs to.</summary>
    public string SelfSite => Layout.SiteOf(Self.Address) ?? throw new InvalidOperationException($"Node {Self.Address} is not in the layout.");

    /// <summary>This node as a member, or null before it joined and after it was removed.</summary>
    public Member? SelfMember => Gossip.GetMember(Self);

    /// <summary>This node's status: null before joining, <see cref="MemberStatus.Removed"/> once tombstoned.</summary>
    public MemberStatus? SelfStatus => Gossip.IsRemoved(Self) ? MemberStatus.Removed : SelfMember?.Status;

    /// <summary>The leader seen from this node.</summary>
    public NodeId? Leader => Gossip.Leader(Self);

    /// <summary>Whether this node is the leader.</summary>
    public bool IsLeader => Leader == Self;

    /// <summary>Whether the gossip has converged, seen from this node.</summary>
    public bool IsConverged => Gossip.Convergence(Self);

    /// <summary>
    /// The configured addresses this node can reach: itself (when it is a member that is not Down)
    /// and every member that is not Down and that this node's own failure detector has not marked
    /// unreachable. Members known only by configuration (never joined, or removed) are absent.
    /// </summary>
    public ImmutableSortedSet<NodeAddress> ReachableAddresses =>
        Gossip.Members
            .Where(m => m.Status != MemberStatus.Down &&
                        (m.Node == Self || Gossip.Reachability.StatusOf(Self, m.Node) == ReachabilityStatus.Reachable))
            .Select(m => m.Address)
            .Where(Layout.Contains)
            .ToImmutableSortedSet();

    /// <summary>The site quorum rule evaluated on <see cref="ReachableAddresses"/> with the current prime site.</summary>
    public QuorumDecision Quorum => SiteQuorum.Evaluate(Layout, Gossip.Prime.Site, ReachableAddresses);

    /// <summary>Whether this node was downed (or removed without having left) and must rejoin as a new incarnation.</summary>
    public bool MustRejoin => SelfStatus is MemberStatus.Down || (SelfStatus == MemberStatus.Removed && !LeftGracefully);

    /// <summary>Whether this node was removed after leaving gracefully and may stop.</summary>
    public bool HasLeft => SelfStatus == MemberStatus.Removed && LeftGracefully;

    // Remembers whether this node was Leaving or Exiting when it was last seen as a member, so
    // removal after a graceful leave is told apart from removal after being downed.
    private bool LeftGracefully { get; init; }

    /// <summary>Returns a transition to <paramref name="next"/> with the events between the two states.</summary>
    internal MembershipTransition To(MembershipState next, PrimeReconciliation? reconciliation = null)
    {
        var selfWas = SelfMember?.Status;
        if (selfWas is MemberStatus.Leaving or MemberStatus.Exiting)
        {
            next = next with { LeftGracefully = true };
        }

        return new MembershipTransition(next, ClusterEventDiff.Between(this, next), reconciliation);
    }
}
