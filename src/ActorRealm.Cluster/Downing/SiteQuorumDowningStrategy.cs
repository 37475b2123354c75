using System.Collections.Immutable;
using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Quorum;

namespace ActorRealm.Cluster.Downing;

/// <summary>
/// Downing with sites. Every node stops serving when its side loses quorum and resumes when it
/// regains it. Only the leader of a side with quorum downs, and only the members that are
/// unreachable, once the unreachable set has been stable for stable-after. A side without quorum
/// never downs anybody.
/// <para>
/// Indirectly connected members (seen unreachable by some members while they themselves observe
/// others as unreachable, or reachable from this node while another member cannot reach them)
/// are handled conservatively: for serving, a node counts what it reaches itself; for downing,
/// every member that any non-downed member sees as unreachable counts as gone (except what members
/// nobody reaches last observed: see <see cref="TrustedReachability"/>), so the leader
/// downs only when the members nobody suspects have quorum on their own. Then every suspected
/// member is downed (it rejoins as a new incarnation once its links work); otherwise nobody is.
/// </para>
/// </summary>
public sealed class SiteQuorumDowningStrategy
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="stableAfter">How long the unreachable set must stay unchanged before downing.</param>
    public SiteQuorumDowningStrategy(TimeSpan stableAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stableAfter, TimeSpan.Zero);
        StableAfter = stableAfter;
    }

    /// <summary>How long the unreachable set must stay unchanged before downing.</summary>
    public TimeSpan StableAfter { get; }

    /// <summary>Decides what to do now.</summary>
    /// <param name="state">This node's view of the realm.</param>
    /// <param name="serving">Whether this node currently serves.</param>
    /// <param name="stability">The tracker returned by the previous call (or <see cref="UnreachableStability.Start"/>).</param>
    /// <param name="now">Monotonic time, on the same clock as the tracker.</param>
    public DowningOutcome Decide(RealmView state, bool serving, UnreachableStability stability, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(stability);
        var reachability = TrustedReachability(state);
        var suspected = reachability.AllUnreachableOrTerminated;
        var unreachable = state.Members
            .Where(m => m.Status is not (MemberStatus.Down or MemberStatus.Exiting) && suspected.Contains(m.Node))
            .Select(m => m.Node)
            .ToImmutableSortedSet();
        var tracker = stability.Observe(unreachable, now);
        var quorum = state.Quorum;
        return new DowningOutcome(Decide(state, serving, quorum, unreachable, reachability, tracker.StableFor(now)), tracker);
    }

    /// <summary>
    /// The observations this node can trust: those of members it reaches, and, transitively, of
    /// members a trusted member reaches. A member nobody trusted reaches (crashed, or cut off from
    /// everyone) cannot update what it last observed, so its observations (for example a crashed
    /// member's view of an old partition) must not keep it, or anyone, from being downed. A member at
    /// one end of a broken link is still reached by others, so its observations count.
    /// </summary>
    public static Reachability TrustedReachability(RealmView state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var effective = state.EffectiveReachability;
        var live = state.Members.Where(m => m.Status != MemberStatus.Down).Select(m => m.Node).ToList();
        var trusted = live.Where(n => n == state.Self || state.Reachability.StatusOf(state.Self, n) == ReachabilityStatus.Reachable).ToHashSet();
        bool grew;
        do
        {
            grew = false;
            foreach (var node in live.Where(n => !trusted.Contains(n) && trusted.Any(o => o != n && effective.StatusOf(o, n) == ReachabilityStatus.Reachable)).ToList())
            {
                grew |= trusted.Add(node);
            }
        }
        while (grew);

        return effective.WithoutObservers(live.Where(n => !trusted.Contains(n)));
    }

    private DowningDecision Decide(RealmView state, bool serving, QuorumDecision quorum, ImmutableSortedSet<NodeId> unreachable, Reachability reachability, TimeSpan stableFor)
    {
        if (serving != quorum.HasQuorum)
        {
            return quorum.HasQuorum ? new ResumeServing(quorum) : new StopServing(quorum);
        }

        if (unreachable.IsEmpty)
        {
            return new NoDowning(quorum, "no member is unreachable");
        }

        if (!quorum.HasQuorum)
        {
            return new NoDowning(quorum, $"{quorum.Explanation}; a side without quorum never downs the other side");
        }

        if (!state.IsLeader)
        {
            return new NoDowning(quorum, $"the leader {state.Leader?.ToString() ?? "(none)"} decides on downing");
        }

        if (unreachable.Contains(state.Self))
        {
            return new NoDowning(quorum, $"this node is itself seen unreachable by {string.Join(", ", reachability.ObserversOf(state.Self))}");
        }

        var survivors = state.Members
            .Where(m => m.Status != MemberStatus.Down && !unreachable.Contains(m.Node))
            .Select(m => m.Address)
            .ToHashSet();
        var survivorQuorum = SiteQuorum.Evaluate(state.Layout, state.Prime.Site, survivors);
        var indirect = unreachable.Where(n => !reachability.UnreachableFrom(n).IsEmpty || !state.Reachability.UnreachableFrom(state.Self).Contains(n)).ToList();
        var indirectNote = indirect.Count == 0 ? string.Empty : $" (indirectly connected: {string.Join(", ", indirect)})";
        if (!survivorQuorum.HasQuorum)
        {
            return new NoDowning(quorum, $"without the unreachable members{indirectNote} the rest would have {survivorQuorum.Explanation}; not downing");
        }

        if (stableFor < StableAfter)
        {
            var remaining = StableAfter - stableFor;
            return new NoDowning(quorum, $"waiting for the unreachable set to be stable for {StableAfter.TotalSeconds:0.#} s", remaining);
        }

        return new DownUnreachable(
            quorum,
            unreachable,
            $"unreachable for {stableFor.TotalSeconds:0.#} s{indirectNote}; the rest has {survivorQuorum.Explanation}");
    }
}
