using System.Globalization;
using ActorRealm.Cluster.Quorum;

namespace ActorRealm.Cluster.Prime;

/// <summary>An administrator's request to make another site prime.</summary>
/// <param name="NewSite">The site to make prime.</param>
/// <param name="ConfirmSiteDown">The site the administrator confirms is down; must be the current prime site.</param>
/// <param name="RequestedBy">Who asks (the node that received the request and the requester), for the record.</param>
/// <param name="SwitchId">A unique id for this switch.</param>
public sealed record PrimeSwitchRequest(string NewSite, string ConfirmSiteDown, string RequestedBy, Guid SwitchId);

/// <summary>Why a prime switch was refused.</summary>
public enum PrimeSwitchRefusal
{
    /// <summary>A site named in the request is not configured.</summary>
    UnknownSite,

    /// <summary>The requested site is already prime.</summary>
    AlreadyPrime,

    /// <summary>The site confirmed down is not the current prime site.</summary>
    NotCurrentPrime,

    /// <summary>A member of the current prime site was reachable within the minimum unreachable time.</summary>
    OldPrimeRecentlyReachable,

    /// <summary>Even with the new prime site, the requesting side would not have quorum.</summary>
    NoQuorumAfterSwitch,

    /// <summary>The node asked is not a member of the cluster (it is joining, rejoining or has left).</summary>
    NotAMember,

    /// <summary>The node could not store the new state durably, so it did not adopt it.</summary>
    StoreFailed,
}

/// <summary>The guard's answer.</summary>
public abstract record PrimeSwitchResult
{
    private protected PrimeSwitchResult()
    {
    }
}

/// <summary>The switch is accepted: adopt and persist <paramref name="State"/>.</summary>
/// <param name="State">The new prime state (epoch + 1).</param>
/// <param name="QuorumAfter">The requesting side's quorum with the new prime site.</param>
public sealed record PrimeSwitchAccepted(PrimeState State, QuorumDecision QuorumAfter) : PrimeSwitchResult;

/// <summary>The switch is refused.</summary>
/// <param name="Reason">Why.</param>
/// <param name="Message">A message for the administrator.</param>
public sealed record PrimeSwitchRefused(PrimeSwitchRefusal Reason, string Message) : PrimeSwitchResult;

/// <summary>
/// Guards the manual prime switch. A switch is accepted only when the site confirmed down really
/// is the prime site, no member of it has been reachable from the requesting side for at least
/// <c>prime-switch.min-unreachable</c>, and the requesting side would have quorum with the new
/// prime site. Each accepted switch raises the prime epoch by one.
/// </summary>
public static class PrimeSwitchGuard
{
    /// <summary>Evaluates a switch request.</summary>
    /// <param name="request">The request.</param>
    /// <param name="current">The prime state the requesting node follows.</param>
    /// <param name="layout">The configured members by site.</param>
    /// <param name="unreachableFor">
    /// For each configured member the requesting node cannot reach, how long it has been
    /// continuously unreachable (a member never seen since the node started counts as unreachable
    /// for the node's uptime). Members not listed are reachable now.
    /// </param>
    /// <param name="now">The wall-clock time, recorded in the new state.</param>
    /// <param name="minUnreachable">How long every member of the old prime site must have been unreachable.</param>
    public static PrimeSwitchResult Evaluate(
        PrimeSwitchRequest request,
        PrimeState current,
        ClusterLayout layout,
        IReadOnlyDictionary<NodeAddress, TimeSpan> unreachableFor,
        DateTimeOffset now,
        TimeSpan minUnreachable)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(unreachableFor);
        var sites = string.Join(", ", layout.Sites.Select(s => $"'{s}'"));
        foreach (var site in new[] { request.NewSite, request.ConfirmSiteDown })
        {
            if (!layout.HasSite(site))
            {
                return Refuse(PrimeSwitchRefusal.UnknownSite, $"Unknown site '{site}'; the configured sites are {sites}.");
            }
        }

        if (string.Equals(request.NewSite, current.Site, StringComparison.Ordinal))
        {
            return Refuse(PrimeSwitchRefusal.AlreadyPrime, $"Site '{request.NewSite}' is already the prime site (epoch {current.Epoch}).");
        }

        if (!string.Equals(request.ConfirmSiteDown, current.Site, StringComparison.Ordinal))
        {
            return Refuse(
                PrimeSwitchRefusal.NotCurrentPrime,
                $"Site '{request.ConfirmSiteDown}' is not the prime site; the prime site is '{current.Site}' (epoch {current.Epoch}). " +
                $"Confirm that '{current.Site}' is down to switch away from it.");
        }

        var recentlyReachable = RecentlyReachable(layout, current.Site, unreachableFor, minUnreachable);
        if (recentlyReachable.Count > 0)
        {
            return Refuse(
                PrimeSwitchRefusal.OldPrimeRecentlyReachable,
                $"Refusing to switch away from prime site '{current.Site}': {string.Join("; ", recentlyReachable)}. " +
                $"Every member of '{current.Site}' must have been unreachable from this side for at least {Seconds(minUnreachable)} " +
                "(prime-switch.min-unreachable); a site that is only disconnected, not down, would keep serving as prime.");
        }

        var reachable = layout.AllMembers.Where(m => !unreachableFor.ContainsKey(m)).ToHashSet();
        var quorumAfter = SiteQuorum.Evaluate(layout, request.NewSite, reachable);
        if (!quorumAfter.HasQuorum)
        {
            return Refuse(PrimeSwitchRefusal.NoQuorumAfterSwitch, NoQuorumAfterSwitch(request.NewSite, current.Site, layout, reachable, quorumAfter));
        }

        return new PrimeSwitchAccepted(current.SwitchTo(request.NewSite, request.RequestedBy, now, request.SwitchId), quorumAfter);
    }

    /// <summary>
    /// The members of <paramref name="site"/> that have not been unreachable for <paramref name="minUnreachable"/>,
    /// each as "X is reachable now" or "X was reachable N s ago"; empty when the whole site counts as down. The same
    /// rule guards a persistence cut-over (ADR 0073).
    /// </summary>
    public static IReadOnlyList<string> RecentlyReachable(ClusterLayout layout, string site, IReadOnlyDictionary<NodeAddress, TimeSpan> unreachableFor, TimeSpan minUnreachable)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(unreachableFor);
        return [.. layout.MembersOf(site)
            .Select(m => (Member: m, For: unreachableFor.TryGetValue(m, out var duration) ? duration : TimeSpan.Zero))
            .Where(m => m.For < minUnreachable)
            .Select(m => m.For == TimeSpan.Zero
                ? $"{m.Member} is reachable now"
                : $"{m.Member} was reachable {Seconds(m.For)} ago")];
    }

    /// <summary>A duration as the guards write it ("1.5 s", "20 s").</summary>
    public static string Seconds(TimeSpan duration) =>
        duration.TotalSeconds.ToString(duration.TotalSeconds < 10 ? "0.#" : "0", CultureInfo.InvariantCulture) + " s";

    private static PrimeSwitchRefused Refuse(PrimeSwitchRefusal reason, string message) => new(reason, message);

    /// <summary>
    /// Which nodes must come back for the switch to give this side quorum, and what to do when they
    /// are lost for good: an operator facing a refusal during a disaster needs both, not the rule.
    /// </summary>
    private static string NoQuorumAfterSwitch(string newSite, string oldSite, ClusterLayout layout, HashSet<NodeAddress> reachable, QuorumDecision quorumAfter)
    {
        var missing = layout.MembersOf(newSite).Where(m => !reachable.Contains(m)).Order().ToList();
        var withSite = SiteQuorum.Evaluate(layout, newSite, reachable.Concat(missing).ToHashSet());
        var shrink = $"remove {(missing.Count == 1 ? "it" : "them")} from actorrealm.cluster.sites.{newSite}.nodes, and as many nodes from '{oldSite}' " +
            "(which is down) so that the sites stay equal, on every node; restart the surviving nodes, then switch " +
            "(docs/operations.md, \"Shrinking the layout after a lost node\").";
        if (missing.Count == 0 || !withSite.HasQuorum)
        {
            return $"Switching to '{newSite}' would not give this side quorum ({quorumAfter.Explanation}), not even with every member of '{newSite}' " +
                $"({withSite.Explanation}): '{newSite}' holds fewer than half of the realm's nodes. Shrink the layout so that it holds half: " +
                $"remove nodes of '{oldSite}' (which is down) from actorrealm.cluster.sites.{oldSite}.nodes on every node, restart the surviving nodes, then switch " +
                "(docs/operations.md, \"Shrinking the layout after a lost node\").";
        }

        return $"Switching to '{newSite}' would not give this side quorum ({quorumAfter.Explanation}). To switch, bring back {string.Join(", ", missing)}: " +
            $"with every member of '{newSite}', this side would have {withSite.Explanation}. " +
            $"If {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} lost for good, shrink the layout instead: {shrink}";
    }
}
