using ActorRealm.Cluster;
using ActorRealm.Cluster.Quorum;
using ActorRealm.Server.Admin;

namespace ActorRealm.Server.StatusConsole;

/// <summary>
/// The status console's "What if" panel: for one site, whether the realm would keep quorum if that site were lost now,
/// seen from this realm server, and what the administrator would have to do.
/// </summary>
/// <param name="Site">The site imagined lost.</param>
/// <param name="Prime">Whether it is the prime site now.</param>
/// <param name="KeepsQuorum">Whether the members left (those reachable from here, outside the site) keep quorum with the current prime site.</param>
/// <param name="QuorumAfter">The quorum rule's explanation for those members.</param>
/// <param name="SwitchPrimeTo">The site to make prime when losing the prime site costs quorum and a switch restores it, else null.</param>
/// <param name="Action">What the administrator would have to do, in one or two sentences.</param>
public sealed record SiteLossView(string Site, bool Prime, bool KeepsQuorum, string QuorumAfter, string? SwitchPrimeTo, string Action);

/// <summary>
/// Computes the "What if" panel with the realm's own site quorum rule (<see cref="SiteQuorum.Evaluate"/>): pure, so that
/// every layout, prime site and reachability can be checked in unit tests.
/// </summary>
public static class SiteLossForecast
{
    /// <summary>For each site of <paramref name="layout"/>, in layout order, what losing it now would mean.</summary>
    /// <param name="layout">The configured members by site.</param>
    /// <param name="primeSite">The prime site now.</param>
    /// <param name="reachable">The members this realm server reaches now (itself included).</param>
    public static IReadOnlyList<SiteLossView> Forecast(ClusterLayout layout, string primeSite, IReadOnlySet<NodeAddress> reachable)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(primeSite);
        ArgumentNullException.ThrowIfNull(reachable);
        return [.. layout.Sites.Select(site => ForSite(layout, primeSite, reachable, site))];
    }

    /// <summary>The forecast from an admin status view (the configured sites, and the members it marks reachable).</summary>
    public static IReadOnlyList<SiteLossView> Forecast(NodeStatusView status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.Sites.Count == 0 || status.Sites.Any(s => s.Nodes.Count == 0))
        {
            return [];
        }

        var layout = new ClusterLayout(status.Sites.Select(s => KeyValuePair.Create(s.Name, s.Nodes.Select(NodeAddress.Parse))));
        var reachable = status.Members.Where(m => m.Reachable).Select(m => NodeAddress.Parse(m.Address)).ToHashSet();
        return layout.HasSite(status.PrimeSite) ? Forecast(layout, status.PrimeSite, reachable) : [];
    }

    private static SiteLossView ForSite(ClusterLayout layout, string primeSite, IReadOnlySet<NodeAddress> reachable, string site)
    {
        var lost = layout.MembersOf(site);
        var survivors = reachable.Where(m => layout.Contains(m) && !lost.Contains(m)).ToHashSet();
        var after = SiteQuorum.Evaluate(layout, primeSite, survivors);
        var prime = site == primeSite;
        if (after.HasQuorum)
        {
            return new SiteLossView(site, prime, true, after.Explanation,
                null,
                $"Nothing to do: the rest of the realm keeps quorum and downs the members of '{site}' on its own.");
        }

        if (survivors.Count == 0)
        {
            return new SiteLossView(site, prime, false, after.Explanation, null,
                $"No member outside '{site}' is reachable from here: the realm would have no member left to serve. Bring members of the other sites back first.");
        }

        if (prime)
        {
            var switchTo = layout.Sites.Where(s => s != site).FirstOrDefault(s => SiteQuorum.Evaluate(layout, s, survivors).HasQuorum);
            if (switchTo is not null)
            {
                return new SiteLossView(site, prime, false, after.Explanation, switchTo,
                    $"The realm would stop serving. Confirm site '{site}' down, then switch the prime site to '{switchTo}' " +
                    "(Operations: prime switch; it is refused until every member of the old prime site has been unreachable for prime-switch.min-unreachable).");
            }
        }

        var missing = layout.AllMembers.Where(m => !lost.Contains(m) && !survivors.Contains(m)).Select(m => m.ToString()).ToList();
        return new SiteLossView(site, prime, false, after.Explanation, null,
            "The realm would stop serving and no prime switch would restore quorum with the members reachable now. " +
            (missing.Count > 0 ? $"Bring back {string.Join(", ", missing)}, or shrink the layout" : "Shrink the layout") +
            " (docs/operations.md, \"Shrinking the layout after a lost node\").");
    }
}
