using ActorRealm.Cluster;

namespace ActorRealm.Server.Admin;

/// <summary>Turns the cluster's status snapshot into the admin API's JSON shape.</summary>
public static class StatusViews
{
    /// <summary>The view of <paramref name="status"/>; <paramref name="layout"/> gives the configured sites.</summary>
    public static NodeStatusView From(ClusterStatus status, ClusterLayout layout)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(layout);
        var self = StatusText(status.SelfStatus);
        var ready = status.SelfStatus == ClusterMemberStatus.Up && status.IsServing && status.HasQuorum;
        var prime = status.Prime;
        return new NodeStatusView(
            status.Realm,
            status.NodeName,
            status.Address.ToString(),
            status.Site,
            self,
            status.HasQuorum,
            new QuorumView(status.Quorum.Reason.ToString(), status.Quorum.Explanation, status.Quorum.Reachable, status.Quorum.Total),
            status.IsServing,
            ready,
            prime.Site,
            prime.Epoch,
            prime.Epoch == 0 ? null : new PrimeSwitchInfoView(prime.SwitchedBy, prime.SwitchedAt, prime.SwitchId.ToString()),
            status.Leader?.ToString(),
            [.. status.Members.Select(m => new MemberView(
                m.Node,
                m.Site,
                m.Address.ToString(),
                StatusText(m.Status),
                m.Reachable,
                m.Incarnation,
                m.IsSelf,
                m.IsLeader,
                [.. m.UnreachableFrom.Select(a => a.ToString())],
                [.. m.Roles]))],
            [.. layout.Sites.Select(site => new SiteView(site, site == prime.Site, [.. layout.MembersOf(site).Select(a => a.ToString())]))],
            status.AsOf);
    }

    /// <summary>The admin API's text of a member status: its name in lower case.</summary>
    public static string StatusText(ClusterMemberStatus status) => status.ToString().ToLowerInvariant();
}
