namespace ActorRealm.Cluster.Membership;

/// <summary>The leader's membership actions.</summary>
public sealed partial record MembershipState
{
    /// <summary>
    /// Why <see cref="LeaderActions"/> would do nothing now, or null when it may act: only the
    /// leader acts, only once the gossip has converged, and only while its side has quorum (so a
    /// side without quorum never changes membership, and a cluster forms only with quorum).
    /// </summary>
    public string? LeaderActionsBlockedBy =>
        !IsLeader ? $"not the leader (the leader is {Leader?.ToString() ?? "nobody"})"
        : !IsConverged ? "the gossip has not converged"
        : Quorum is { HasQuorum: false } quorum ? quorum.Explanation
        : null;

    /// <summary>
    /// Performs the leader's actions when allowed (see <see cref="LeaderActionsBlockedBy"/>), all in
    /// one new version: Joining members move Up (up-numbers in address order, after the highest
    /// given so far), Leaving members move to Exiting, and Down members, and Exiting members that
    /// have seen the current gossip or are unreachable, are removed and tombstoned at
    /// <paramref name="nowUnixMs"/>.
    /// </summary>
    public MembershipTransition LeaderActions(long nowUnixMs)
    {
        if (LeaderActionsBlockedBy is not null)
        {
            return MembershipTransition.Unchanged(this);
        }

        var unreachable = Gossip.EffectiveReachability.AllUnreachableOrTerminated;
        var removed = Gossip.Members
            .Where(m => m.Status == MemberStatus.Down ||
                        (m.Status == MemberStatus.Exiting && (Gossip.HasSeen(m.Node) || unreachable.Contains(m.Node))))
            .Select(m => m.Node)
            .ToList();
        var nextUp = Gossip.Members.Where(m => m.UpNumber != Member.NotUp).Select(m => m.UpNumber).DefaultIfEmpty(0).Max() + 1;
        var changed = false;
        var members = new List<Member>();
        foreach (var member in Gossip.Members)
        {
            var next = member.Status switch
            {
                MemberStatus.Joining => member.WithStatus(MemberStatus.Up) with { UpNumber = nextUp++ },
                MemberStatus.Leaving => member.WithStatus(MemberStatus.Exiting),
                _ => member,
            };
            changed |= !ReferenceEquals(next, member);
            members.Add(next);
        }

        if (!changed && removed.Count == 0)
        {
            return MembershipTransition.Unchanged(this);
        }

        var gossip = changed ? Gossip.Update(Self, members) : Gossip;
        if (removed.Count > 0)
        {
            gossip = gossip.Remove(Self, removed, nowUnixMs);
        }

        return To(this with { Gossip = gossip });
    }
}
