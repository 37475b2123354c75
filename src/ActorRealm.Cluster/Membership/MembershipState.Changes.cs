using ActorRealm.Cluster.Prime;

namespace ActorRealm.Cluster.Membership;

/// <summary>Membership changes made by this node.</summary>
public sealed partial record MembershipState
{
    /// <summary>
    /// Handles a join request from <paramref name="joining"/> (this node itself when it is the
    /// first seed). Refused when the address is not configured, the site does not match the
    /// configuration, or this node is not a live member able to accept joins.
    /// </summary>
    public JoinResult Join(NodeId joining, string site, IEnumerable<string>? roles = null) => Join(joining, site, roles, name: null);

    /// <summary>Handles a join request from a node that gave its <paramref name="name"/> (see <see cref="Join(NodeId, string, IEnumerable{string})"/>).</summary>
    public JoinResult Join(NodeId joining, string site, IEnumerable<string>? roles, string? name)
    {
        ArgumentNullException.ThrowIfNull(joining);
        ArgumentNullException.ThrowIfNull(site);
        var configuredSite = Layout.SiteOf(joining.Address);
        if (configuredSite is null)
        {
            return Refuse($"Node {joining.Address} is not configured in any site; configured members: {Layout}.");
        }

        if (!string.Equals(configuredSite, site, StringComparison.Ordinal))
        {
            return Refuse($"Node {joining.Address} says it is in site '{site}' but is configured in site '{configuredSite}'.");
        }

        if (Gossip.IsRemoved(joining))
        {
            return Refuse($"Incarnation {joining} was removed; it must rejoin with a new incarnation.");
        }

        if (joining != Self && SelfMember is not { Status: not MemberStatus.Down })
        {
            return Refuse($"Node {Self} is not a live member and cannot accept joins.");
        }

        if (Gossip.GetMember(joining) is not null)
        {
            return new JoinResult(JoinOutcome.AlreadyMember, MembershipTransition.Unchanged(this), $"{joining} is already a member.");
        }

        var previous = Gossip.MembersAt(joining.Address).FirstOrDefault(m => m.Status != MemberStatus.Down);
        if (previous is not null)
        {
            var reachability = Gossip.Reachability.Terminated(Self, previous.Node);
            var downed = Gossip.Update(Self, Gossip.Members.Select(m => m.Node == previous.Node ? m.WithStatus(MemberStatus.Down) : m), reachability);
            return new JoinResult(
                JoinOutcome.PreviousIncarnationDowned,
                To(this with { Gossip = downed }),
                $"A new incarnation of {joining.Address} is joining; the previous incarnation {previous.Node} was marked Down; retry once it is removed.");
        }

        var added = Gossip.Update(Self, Gossip.Members.Append(Member.Joining(joining, site, roles, name)));
        return new JoinResult(JoinOutcome.Added, To(this with { Gossip = added }), $"{joining} is joining site '{site}'.");

        JoinResult Refuse(string message) => new(JoinOutcome.Refused, MembershipTransition.Unchanged(this), message);
    }

    /// <summary>Marks the live incarnation at <paramref name="address"/> as Leaving (no change when there is none).</summary>
    public MembershipTransition Leave(NodeAddress address) =>
        ChangeStatus(Gossip.MembersAt(address).FirstOrDefault(m => m.CanMoveTo(MemberStatus.Leaving)), MemberStatus.Leaving);

    /// <summary>Marks <paramref name="node"/> as Down (no change when it is not a member or already Down).</summary>
    public MembershipTransition Down(NodeId node) => ChangeStatus(Gossip.GetMember(node), MemberStatus.Down);

    /// <summary>Marks every node of <paramref name="nodes"/> as Down in one new version.</summary>
    public MembershipTransition Down(IReadOnlySet<NodeId> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (!Gossip.Members.Any(m => nodes.Contains(m.Node) && m.CanMoveTo(MemberStatus.Down)))
        {
            return MembershipTransition.Unchanged(this);
        }

        var members = Gossip.Members.Select(m => nodes.Contains(m.Node) && m.CanMoveTo(MemberStatus.Down) ? m.WithStatus(MemberStatus.Down) : m);
        return To(this with { Gossip = Gossip.Update(Self, members) });
    }

    /// <summary>Records that this node's failure detector suspects <paramref name="subject"/>.</summary>
    public MembershipTransition MarkUnreachable(NodeId subject) => ChangeReachability(subject, Gossip.Reachability.Unreachable(Self, subject));

    /// <summary>Records that this node's failure detector hears <paramref name="subject"/> again.</summary>
    public MembershipTransition MarkReachable(NodeId subject) => ChangeReachability(subject, Gossip.Reachability.Reachable(Self, subject));

    /// <summary>Adopts an accepted prime switch (see <see cref="Prime.PrimeSwitchGuard"/>) in a new version.</summary>
    public MembershipTransition SwitchPrime(PrimeState accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        var winner = PrimeState.Max(Gossip.Prime, accepted);
        return winner == Gossip.Prime ? MembershipTransition.Unchanged(this) : To(this with { Gossip = Gossip.Update(Self, prime: winner) });
    }

    /// <summary>
    /// Merges a peer's gossip into this node's and marks it seen here. The transition carries the
    /// prime reconciliation (log it) and tells, through <see cref="MustRejoin"/>, whether the
    /// peer's gossip says this node was downed. Gossip from a node configured with another layout
    /// (a member or prime site this node does not know, or a member in another site) is ignored
    /// and the transition says why: every node must list the same sites and nodes.
    /// </summary>
    public MembershipTransition ReceiveGossip(Gossip remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (LayoutMismatch(remote) is { } mismatch)
        {
            return MembershipTransition.Unchanged(this) with { Rejection = mismatch };
        }

        var reconciliation = PrimeReconciliation.Reconcile(Gossip.Prime, remote.Prime);
        var merged = Gossip.Merge(remote);
        if (merged.GetMember(Self) is not null)
        {
            merged = merged.MarkSeen(Self);
        }

        return To(this with { Gossip = merged }, reconciliation);
    }

    /// <summary>Drops tombstones older than <paramref name="olderThanUnixMs"/>.</summary>
    public MembershipState PruneTombstones(long olderThanUnixMs) => this with { Gossip = Gossip.PruneTombstones(olderThanUnixMs) };

    private string? LayoutMismatch(Gossip remote)
    {
        if (!Layout.HasSite(remote.Prime.Site))
        {
            return $"Ignoring gossip following prime site '{remote.Prime.Site}', which is not configured here ({string.Join(", ", Layout.Sites)}); every node must configure the same sites.";
        }

        var stranger = remote.Members.FirstOrDefault(m => !string.Equals(Layout.SiteOf(m.Address), m.Site, StringComparison.Ordinal));
        return stranger is null
            ? null
            : $"Ignoring gossip with member {stranger.Node} in site '{stranger.Site}', which this node's configuration " +
              (Layout.SiteOf(stranger.Address) is { } site ? $"places in site '{site}'" : "does not list") + "; every node must configure the same sites and nodes.";
    }

    private MembershipTransition ChangeStatus(Member? member, MemberStatus status) =>
        member is null || !member.CanMoveTo(status)
            ? MembershipTransition.Unchanged(this)
            : To(this with { Gossip = Gossip.Update(Self, Gossip.Members.Select(m => m.Node == member.Node ? m.WithStatus(status) : m)) });

    private MembershipTransition ChangeReachability(NodeId subject, Reachability reachability) =>
        Gossip.GetMember(subject) is null || subject == Self || reachability.Equals(Gossip.Reachability)
            ? MembershipTransition.Unchanged(this)
            : To(this with { Gossip = Gossip.Update(Self, reachability: reachability) });
}
