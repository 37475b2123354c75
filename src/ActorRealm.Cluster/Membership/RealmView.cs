using System.Collections.Immutable;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Quorum;

namespace ActorRealm.Cluster.Membership;

/// <summary>
/// One node's view of the realm, as plain data: the configured layout, the members Akka.Cluster
/// knows with their sites, the reachability table (who observes whom as unreachable), the leader
/// and the prime state this node follows. The downing strategy and the status are computed from
/// it, so both are tested without actors.
/// </summary>
/// <param name="Layout">The configured members by site (the quorum rule's denominator).</param>
/// <param name="Self">This node's incarnation.</param>
/// <param name="Members">Every member in this node's membership view, Down and Exiting ones included.</param>
/// <param name="Reachability">The cluster's reachability table as this node last received it.</param>
/// <param name="Leader">The leader as Akka.Cluster sees it from this node, or null.</param>
/// <param name="Prime">The prime state this node follows.</param>
public sealed record RealmView(
    ClusterLayout Layout,
    NodeId Self,
    ImmutableArray<Member> Members,
    Reachability Reachability,
    NodeId? Leader,
    PrimeState Prime)
{
    /// <summary>
    /// Addresses this node's own failure detector has heard from at least once, or null to trust
    /// the reachability table alone. A member never heard from does not count as reachable, so a
    /// node that just joined does not claim a quorum it has not observed.
    /// </summary>
    public IReadOnlySet<NodeAddress>? HeardFrom { get; init; }

    /// <summary>
    /// Set while this node settles after a pause of its process (<see cref="PauseGuard"/>): it then has no quorum,
    /// whatever it seems to reach.
    /// </summary>
    public PauseGuard? SettlingAfterPause { get; init; }

    /// <summary>This node's member, or null when it is not (or no longer) a member.</summary>
    public Member? SelfMember => Members.FirstOrDefault(m => m.Node == Self);

    /// <summary>Whether this node is the leader.</summary>
    public bool IsLeader => Leader == Self;

    /// <summary>The table without what downed members observed (their observations no longer count).</summary>
    public Reachability EffectiveReachability => Reachability.WithoutObservers(Members.Where(m => m.Status == MemberStatus.Down).Select(m => m.Node));

    /// <summary>
    /// This node and the live members it reaches itself: not Down or Removed, not observed
    /// unreachable by this node, and heard from by its failure detector.
    /// </summary>
    public IReadOnlySet<NodeAddress> ReachableAddresses
    {
        get
        {
            var reachable = new HashSet<NodeAddress> { Self.Address };
            foreach (var member in Members)
            {
                if (member.Node != Self && IsReachableHere(member))
                {
                    reachable.Add(member.Address);
                }
            }

            return reachable;
        }
    }

    /// <summary>
    /// The quorum rule on what this node reaches, whatever its own status: what the separated-cluster
    /// probes compare (a cluster still forming has no Up member at all). Serving, downing and the
    /// status use <see cref="Quorum"/>.
    /// </summary>
    public QuorumDecision ReachQuorum => SiteQuorum.Evaluate(Layout, Prime.Site, ReachableAddresses);

    /// <summary>
    /// The quorum rule on what this node reaches, once it is an Up member. A node still joining has
    /// no quorum, whatever it seems to reach: Akka's failure detector starts monitoring a member as
    /// though heard from after <c>first-heartbeat-estimate</c>, heard or not, so a node that joins a
    /// side whose other members are dead would count them for seconds (and serve) before its
    /// detector found out. Members of the side it joins that are really there move it up.
    /// </summary>
    public QuorumDecision Quorum => SelfMember?.Status is MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Exiting
        ? SettlingAfterPause is { } pause
            ? new QuorumDecision(false, QuorumReason.Paused, 1, Layout.Count, Prime.Site, [.. Layout.MembersOf(Prime.Site).Where(a => a != Self.Address)]) { PausedFor = pause.PausedFor, SettleFor = pause.SettledAt - pause.ResumedAt }
            : ReachQuorum
        : new QuorumDecision(false, QuorumReason.NotUp, 1, Layout.Count, Prime.Site, [.. Layout.MembersOf(Prime.Site).Where(a => a != Self.Address)]);

    /// <summary>Whether this node reaches <paramref name="member"/> itself (always true for itself).</summary>
    public bool IsReachableHere(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return member.Node == Self ||
               (member.Status is not (MemberStatus.Down or MemberStatus.Removed) &&
                Reachability.StatusOf(Self, member.Node) == ReachabilityStatus.Reachable &&
                (HeardFrom is null || HeardFrom.Contains(member.Address)));
    }

    /// <summary>The live member at <paramref name="address"/> (not Down or Removed), or null.</summary>
    public Member? LiveMemberAt(NodeAddress address) =>
        Members.FirstOrDefault(m => m.Address == address && m.Status is not (MemberStatus.Down or MemberStatus.Removed));
}
