using System.Collections.Immutable;

namespace ActorRealm.Cluster.Membership;

/// <summary>Computes the cluster events between two views of one node.</summary>
public static class ClusterEventDiff
{
    /// <summary>
    /// The events from <paramref name="before"/> to <paramref name="after"/>, in this order: member
    /// status changes and removals (by node), unreachable and reachable members, leader change,
    /// prime change, quorum lost or regained.
    /// </summary>
    public static ImmutableArray<ClusterEvent> Between(MembershipState before, MembershipState after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var events = ImmutableArray.CreateBuilder<ClusterEvent>();
        AddMemberEvents(before.Gossip, after.Gossip, events);
        AddReachabilityEvents(before.Gossip, after.Gossip, events);

        var leader = after.Leader;
        if (leader != before.Leader)
        {
            events.Add(new LeaderChanged(leader));
        }

        if (after.Gossip.Prime != before.Gossip.Prime)
        {
            events.Add(new PrimeChanged(before.Gossip.Prime, after.Gossip.Prime));
        }

        var quorumBefore = before.Quorum;
        var quorumAfter = after.Quorum;
        if (quorumBefore.HasQuorum != quorumAfter.HasQuorum)
        {
            events.Add(quorumAfter.HasQuorum ? new QuorumRegained(quorumAfter) : new QuorumLost(quorumAfter));
        }

        return events.ToImmutable();
    }

    private static void AddMemberEvents(Gossip before, Gossip after, ImmutableArray<ClusterEvent>.Builder events)
    {
        var removed = before.Members.Where(m => after.GetMember(m.Node) is null);
        var changed = after.Members.Where(m => before.GetMember(m.Node)?.Status != m.Status);
        foreach (var (member, wasPresent) in removed.Select(m => (m, true)).Concat(changed.Select(m => (m, false))).OrderBy(p => p.Item1.Node))
        {
            events.Add(wasPresent
                ? new MemberRemoved(member with { Status = MemberStatus.Removed }, member.Status)
                : StatusEvent(member));
        }
    }

    private static MemberEvent StatusEvent(Member member) => member.Status switch
    {
        MemberStatus.Joining => new MemberJoined(member),
        MemberStatus.Up => new MemberUp(member),
        MemberStatus.Leaving => new MemberLeft(member),
        MemberStatus.Exiting => new MemberExited(member),
        _ => new MemberDowned(member),
    };

    private static void AddReachabilityEvents(Gossip before, Gossip after, ImmutableArray<ClusterEvent>.Builder events)
    {
        var wasUnreachable = before.EffectiveReachability.AllUnreachableOrTerminated;
        var isUnreachable = after.EffectiveReachability.AllUnreachableOrTerminated;
        foreach (var member in after.Members)
        {
            var now = isUnreachable.Contains(member.Node);
            if (now != wasUnreachable.Contains(member.Node))
            {
                events.Add(now ? new UnreachableMember(member) : new ReachableMember(member));
            }
        }
    }
}
