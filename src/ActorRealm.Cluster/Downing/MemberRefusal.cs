using ActorRealm.Cluster.Admission;
using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Quorum;

namespace ActorRealm.Cluster.Downing;

/// <summary>A member as it joined: its record and the Akka roles it carries (site, name, join proof).</summary>
/// <param name="Member">The member.</param>
/// <param name="Roles">Its roles, ActorRealm's own included.</param>
public sealed record JoinedMember(Member Member, IReadOnlyCollection<string> Roles);

/// <summary>A member this node downs because it is not one of the realm's nodes.</summary>
/// <param name="Node">The member.</param>
/// <param name="Reason">Why, for the log.</param>
public sealed record MemberRefusal(NodeId Node, string Reason)
{
    /// <summary>
    /// The members a node refuses (ADR 0060): those not configured at their address, claiming another
    /// site, or lacking this realm's join proof. It refuses only while the members it accepts and
    /// reaches, itself included, have quorum, counting members outside its layout as absent configured
    /// members: otherwise this node may be the odd one out (another join secret, a wrong layout) and
    /// would down a correctly configured realm. Nodes with one layout and prime site that refuse each
    /// other never both act, since two disjoint sides never both have quorum.
    /// </summary>
    /// <param name="realm">The realm name.</param>
    /// <param name="secret">This node's join secret, or null (then proofs are not checked).</param>
    /// <param name="view">This node's view (layout, prime state, reachability).</param>
    /// <param name="members">The members with their roles.</param>
    public static IReadOnlyList<MemberRefusal> Decide(string realm, JoinSecret? secret, RealmView view, IEnumerable<JoinedMember> members)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(members);
        var live = members.Where(m => m.Member.Node != view.Self && m.Member.Status is not (MemberStatus.Down or MemberStatus.Removed)).ToList();
        var refusals = new List<MemberRefusal>();
        var accepted = new HashSet<NodeAddress> { view.Self.Address };
        foreach (var joined in live)
        {
            if (ReasonFor(realm, secret, view.Layout, joined.Member.Address, joined.Roles) is { } reason)
            {
                refusals.Add(new MemberRefusal(joined.Member.Node, reason));
            }
            else if (view.IsReachableHere(joined.Member))
            {
                accepted.Add(joined.Member.Address);
            }
        }

        if (refusals.Count == 0)
        {
            return [];
        }

        var outsiders = live.Select(m => m.Member.Address).Where(a => !view.Layout.Contains(a)).ToHashSet();
        var layout = outsiders.Count == 0
            ? view.Layout
            : new ClusterLayout(view.Layout.Sites.Select(s => KeyValuePair.Create(s, (IEnumerable<NodeAddress>)view.Layout.MembersOf(s)))
                .Append(KeyValuePair.Create(" not configured", (IEnumerable<NodeAddress>)outsiders)));
        return SiteQuorum.Evaluate(layout, view.Prime.Site, accepted).HasQuorum ? refusals : [];
    }

    /// <summary>Why the member at <paramref name="address"/> with <paramref name="roles"/> is not one of the realm's nodes, or null when it is.</summary>
    /// <param name="realm">The realm name.</param>
    /// <param name="secret">This node's join secret, or null (then proofs are not checked).</param>
    /// <param name="layout">This node's layout.</param>
    /// <param name="address">The member's address.</param>
    /// <param name="roles">The member's roles.</param>
    public static string? ReasonFor(string realm, JoinSecret? secret, ClusterLayout layout, NodeAddress address, IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(roles);
        var configuredSite = layout.SiteOf(address);
        if (configuredSite is null)
        {
            return $"{address} is not listed under actorrealm.cluster.sites on this node ({layout})";
        }

        if (RealmRoles.SiteOf(roles) is { } claimed && claimed != configuredSite)
        {
            return $"it says it is in site '{claimed}' but this node's layout lists {address} in site '{configuredSite}'";
        }

        if (secret is not null && !secret.Verifies(realm, address, RealmRoles.JoinProofOf(roles)))
        {
            return RealmRoles.JoinProofOf(roles) is null
                ? "it presents no join proof (a node without actorrealm.remote.join-secret)"
                : "its join proof does not match this realm's join secret (actorrealm.remote.join-secret differs)";
        }

        return LayoutMismatch(layout, roles);
    }

    /// <summary>
    /// How the layout a member's roles carry differs from <paramref name="layout"/>, naming both, or
    /// null when they agree (or it carries none): nodes that count different totals disagree on
    /// quorum, so every node must configure the same sites and nodes (ADR 0030, ADR 0072).
    /// </summary>
    /// <param name="layout">This node's layout.</param>
    /// <param name="roles">The member's roles.</param>
    public static string? LayoutMismatch(ClusterLayout layout, IEnumerable<string> roles)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var theirs = RealmRoles.LayoutOf(roles);
        var ours = layout.ToString();
        return theirs is null || string.Equals(theirs, ours, StringComparison.Ordinal)
            ? null
            : $"its actorrealm.cluster.sites differ from this node's: it has [{theirs}], this node has [{ours}]; every node must list the same sites and nodes";
    }
}
