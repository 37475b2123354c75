namespace ActorRealm.Cluster.Membership;

/// <summary>Convergence and leader election over a gossip.</summary>
public sealed partial class Gossip
{
    /// <summary>
    /// Whether the gossip has converged, seen from <paramref name="self"/>: no member is
    /// unreachable (by the <see cref="EffectiveReachability">observations of non-downed members</see>)
    /// unless it is Down or Exiting, and every Joining, Up or Leaving member has seen this version.
    /// Down and Exiting members need not see it: they are on their way out and may be gone.
    /// </summary>
    public bool Convergence(NodeId self)
    {
        ArgumentNullException.ThrowIfNull(self);
        var reachability = EffectiveReachability;
        foreach (var subject in reachability.AllUnreachableOrTerminated)
        {
            if (subject != self && GetMember(subject) is { Status: not (MemberStatus.Down or MemberStatus.Exiting) })
            {
                return false;
            }
        }

        return Members.All(m => m.Status is MemberStatus.Down or MemberStatus.Exiting || Seen.Contains(m.Node));
    }

    /// <summary>
    /// The leader seen from <paramref name="self"/>: among members that are not Down and are
    /// reachable (self always counts as reachable to itself), the lowest node in address order
    /// (host compared ordinally, then port, then incarnation) among the Up and Leaving members;
    /// when there is none (while the cluster forms), the lowest Joining member, then the lowest
    /// Exiting one. Null when there is no candidate.
    /// </summary>
    public NodeId? Leader(NodeId self)
    {
        ArgumentNullException.ThrowIfNull(self);
        var reachability = EffectiveReachability;
        var candidates = Members
            .Where(m => m.Status != MemberStatus.Down && (m.Node == self || reachability.IsReachable(m.Node)))
            .ToList();
        return (candidates.FirstOrDefault(m => m.Status is MemberStatus.Up or MemberStatus.Leaving)
            ?? candidates.FirstOrDefault(m => m.Status == MemberStatus.Joining)
            ?? candidates.FirstOrDefault())?.Node;
    }

    /// <summary>
    /// Members that some non-downed member sees as unreachable or terminated, excluding members
    /// that are already Down.
    /// </summary>
    public IEnumerable<Member> UnreachableMembers
    {
        get
        {
            var unreachable = EffectiveReachability.AllUnreachableOrTerminated;
            return Members.Where(m => m.Status != MemberStatus.Down && unreachable.Contains(m.Node));
        }
    }
}
