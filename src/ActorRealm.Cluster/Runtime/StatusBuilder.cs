using ActorRealm.Cluster.Membership;

namespace ActorRealm.Cluster.Runtime;

/// <summary>Builds the <see cref="ClusterStatus"/> snapshot from a node's view.</summary>
internal static class StatusBuilder
{
    public static ClusterStatus Build(ClusterRuntime rt, NodeId self, MembershipState state, bool serving)
    {
        var gossip = state.Gossip;
        var leader = state.Leader;
        var selfStatus = state.SelfStatus switch
        {
            null => ClusterMemberStatus.Absent,
            var status => Map(status.Value),
        };
        var effective = gossip.EffectiveReachability;
        var rows = new List<MemberSnapshot>();
        foreach (var member in gossip.Members)
        {
            var isSelf = member.Node == self;
            var reachable = isSelf || (member.Status != MemberStatus.Down && state.SelfMember is not null &&
                                       gossip.Reachability.StatusOf(self, member.Node) == ReachabilityStatus.Reachable);
            rows.Add(new MemberSnapshot(
                isSelf ? rt.NodeName : member.DisplayName,
                member.Site,
                member.Address,
                Map(member.Status),
                reachable,
                member.Node.Uid,
                [.. member.Roles],
                isSelf,
                member.Node == leader,
                [.. effective.ObserversOf(member.Node).Select(o => o.Address)]));
        }

        foreach (var address in rt.Layout.AllMembers.Where(a => rows.All(r => r.Address != a)))
        {
            var tombstone = gossip.Tombstones.Keys.Where(t => t.Address == address).OrderByDescending(t => gossip.Tombstones[t]).FirstOrDefault();
            var isSelf = address == self.Address;
            rows.Add(new MemberSnapshot(
                isSelf ? rt.NodeName : address.ToString(),
                rt.Layout.SiteOf(address)!,
                address,
                tombstone is null ? ClusterMemberStatus.Absent : ClusterMemberStatus.Removed,
                isSelf,
                isSelf ? self.Uid : tombstone?.Uid,
                isSelf ? rt.Roles : [],
                isSelf,
                false,
                []));
        }

        return new ClusterStatus
        {
            Realm = rt.Realm,
            NodeName = rt.NodeName,
            Site = rt.Site,
            Address = self.Address,
            Incarnation = self.Uid,
            SelfStatus = selfStatus,
            Quorum = state.Quorum,
            IsServing = serving && state.Quorum.HasQuorum && selfStatus is (ClusterMemberStatus.Up or ClusterMemberStatus.Leaving),
            Prime = gossip.Prime,
            Leader = leader?.Address,
            IsConverged = state.SelfMember is not null && state.IsConverged,
            Members = [.. rows.OrderBy(r => r.Site, StringComparer.Ordinal).ThenBy(r => r.Address).ThenBy(r => r.Incarnation ?? 0)],
            AsOf = rt.System.TimeProvider.GetUtcNow(),
        };
    }

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
