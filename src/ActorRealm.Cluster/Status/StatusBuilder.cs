using ActorRealm.Cluster.Membership;

namespace ActorRealm.Cluster.Status;

/// <summary>Builds the <see cref="ClusterStatus"/> snapshot from a node's <see cref="RealmView"/>.</summary>
internal static class StatusBuilder
{
    /// <summary>The snapshot of <paramref name="view"/>.</summary>
    /// <param name="setup">Who this node is.</param>
    /// <param name="view">Its view.</param>
    /// <param name="serving">Whether the downing actor lets it serve (quorum confirmed).</param>
    /// <param name="knownNames">Names of configured nodes seen earlier, for the rows of nodes that are absent now.</param>
    /// <param name="converged">Whether every member has seen the latest membership and none is unreachable.</param>
    /// <param name="now">The node's clock.</param>
    public static ClusterStatus Build(RealmSetup setup, RealmView view, bool serving, IReadOnlyDictionary<NodeAddress, string> knownNames, bool converged, DateTimeOffset now)
    {
        var effective = view.EffectiveReachability;
        var rows = new List<MemberSnapshot>();
        foreach (var member in view.Members.Where(m => m.Status != MemberStatus.Removed))
        {
            var isSelf = member.Node == view.Self;
            rows.Add(new MemberSnapshot(
                isSelf ? setup.NodeName : NameOf(member.Address, member.Name, knownNames),
                member.Site,
                member.Address,
                Map(member.Status),
                view.IsReachableHere(member),
                member.Node.Uid,
                [.. member.Roles],
                isSelf,
                member.Node == view.Leader,
                [.. effective.ObserversOf(member.Node).Select(o => o.Address)]));
        }

        foreach (var address in view.Layout.AllMembers.Where(a => rows.All(r => r.Address != a)))
        {
            var isSelf = address == view.Self.Address;
            // A removed member still carries its name until Akka forgets it; after that, knownNames does.
            var removedName = view.Members.FirstOrDefault(m => m.Address == address && m.Name.Length > 0)?.Name ?? string.Empty;
            rows.Add(new MemberSnapshot(
                isSelf ? setup.NodeName : NameOf(address, removedName, knownNames),
                view.Layout.SiteOf(address)!,
                address,
                ClusterMemberStatus.Absent,
                isSelf,
                isSelf ? view.Self.Uid : null,
                isSelf ? [.. setup.Roles] : [],
                isSelf,
                false,
                []));
        }

        var self = view.SelfMember;
        var selfStatus = self is null ? ClusterMemberStatus.Absent : Map(self.Status);
        var quorum = view.Quorum;
        return new ClusterStatus
        {
            Realm = setup.Realm,
            NodeName = setup.NodeName,
            Site = setup.Site,
            Address = view.Self.Address,
            Incarnation = view.Self.Uid,
            SelfStatus = selfStatus,
            Quorum = quorum,
            IsServing = serving && quorum.HasQuorum && selfStatus is (ClusterMemberStatus.Up or ClusterMemberStatus.Leaving),
            Prime = view.Prime,
            Leader = view.Leader?.Address,
            IsConverged = self is not null && converged,
            Members = [.. rows.OrderBy(r => r.Site, StringComparer.Ordinal).ThenBy(r => r.Address).ThenBy(r => r.Incarnation ?? 0)],
            AsOf = now,
        };
    }

    private static string NameOf(NodeAddress address, string name, IReadOnlyDictionary<NodeAddress, string> knownNames) =>
        name.Length > 0 ? name : knownNames.TryGetValue(address, out var known) ? known : address.ToString();

    private static ClusterMemberStatus Map(MemberStatus status) => status switch
    {
        MemberStatus.Joining => ClusterMemberStatus.Joining,
        MemberStatus.Up => ClusterMemberStatus.Up,
        MemberStatus.Leaving => ClusterMemberStatus.Leaving,
        MemberStatus.Exiting => ClusterMemberStatus.Exiting,
        MemberStatus.Down => ClusterMemberStatus.Down,
        _ => ClusterMemberStatus.Removed,
    };
}
