using System.Collections.Immutable;
using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Quorum;

namespace ActorRealm.Cluster.Joining;

/// <summary>What a node does about another cluster of its realm that it met.</summary>
/// <param name="Verdict">Stay, or why it moves over.</param>
/// <param name="Targets">The other cluster's live members, to join instead of the seed nodes.</param>
/// <param name="Reason">A sentence for the log.</param>
public sealed record SideDecision(SeparatedClusterVerdict Verdict, ImmutableArray<NodeAddress> Targets, string Reason)
{
    /// <summary>Whether the other node turned out to be in this node's cluster.</summary>
    public bool SameCluster { get; init; }

    /// <summary>Whether this node's side moves over (restarts as a new incarnation and joins the other cluster).</summary>
    public bool Moves => Verdict != SeparatedClusterVerdict.Stay;
}

/// <summary>
/// The pure part of the probes between separated clusters of one realm: how a node describes its
/// side, and what it concludes from another node's description (<see cref="SeparatedClusters"/>,
/// with the newer prime state adopted first).
/// </summary>
public static class RealmSides
{
    /// <summary>This node's side, from its view.</summary>
    /// <param name="realm">The realm name.</param>
    /// <param name="view">The node's view.</param>
    /// <param name="isFirstSeed">Whether the node is the first seed node.</param>
    public static RealmSide Describe(string realm, RealmView view, bool isFirstSeed)
    {
        ArgumentNullException.ThrowIfNull(view);
        var isMember = view.SelfMember is { Status: not (MemberStatus.Down or MemberStatus.Removed) };
        var formed = isMember && view.Members.Any(m => m.Status is MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Exiting);
        return new RealmSide(
            realm,
            view.Self,
            formed,
            isMember && view.ReachQuorum.HasQuorum,
            view.Prime,
            [.. view.Members.Select(m => new SideMember(m.Node, m.Status))],
            isFirstSeed);
    }

    /// <summary>
    /// Decides what this node does about <paramref name="other"/>. Nothing when the other node is in
    /// the same cluster (it lists this incarnation as a live member), belongs to another realm, or
    /// this node is not a member of any cluster yet (Akka's join is under way). That this node still
    /// lists the other as a member proves nothing: a side that downed and removed this node is one
    /// this node's stale view still lists.
    /// A node that is still joining moves when the other side lists live members its view lists too
    /// but not this node (<see cref="SeparatedClusterVerdict.JoinClusterOfSharedMembers"/>).
    /// Otherwise the newer prime state counts for both sides, and <see cref="SeparatedClusters.Decide"/>
    /// says whether this side moves.
    /// </summary>
    /// <param name="own">This node's side.</param>
    /// <param name="view">This node's view (for its quorum under the newer prime state).</param>
    /// <param name="other">The other node's side.</param>
    public static SideDecision Decide(RealmSide own, RealmView view, RealmSide other)
    {
        ArgumentNullException.ThrowIfNull(own);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(other);
        if (!string.Equals(own.Realm, other.Realm, StringComparison.Ordinal))
        {
            return Stay($"{other.Node} belongs to realm '{other.Realm}', not '{own.Realm}'");
        }

        if (view.SelfMember is not { Status: not (MemberStatus.Down or MemberStatus.Removed) })
        {
            return Stay("this node is not a member yet; its join through the seed nodes is under way");
        }

        if (other.HasLiveMember(own.Node))
        {
            return Stay($"{other.Node} is in this node's cluster") with { SameCluster = true };
        }

        var targets = other.Members.Where(m => m.Status is not (MemberStatus.Down or MemberStatus.Removed)).Select(m => m.Node.Address).Distinct().Order().ToImmutableArray();
        if (view.SelfMember.Status == MemberStatus.Joining && SharedLiveMembers(own, other) is { Count: > 0 } shared)
        {
            // The members this node's view lists answer its heartbeats, so it counts them as reachable,
            // but they ignore its gossip: it would stay Joining forever (chaos seed 5).
            return new SideDecision(
                SeparatedClusterVerdict.JoinClusterOfSharedMembers,
                targets,
                $"this node is still joining, and the cluster of {other.Node} holds members this node's view lists ({string.Join(", ", shared)}) but not this node: the member that welcomed it had a stale view of that cluster");
        }

        var prime = PrimeState.Max(own.Prime, other.Prime);
        var ownQuorum = prime == own.Prime ? view.ReachQuorum : SiteQuorum.Evaluate(view.Layout, prime.Site, view.ReachableAddresses);
        var ownSummary = new ClusterSide(own.Formed, own.Formed && ownQuorum.HasQuorum, prime);
        var verdict = SeparatedClusters.Decide(ownSummary, other.Summary, other.IsFirstSeed);
        var reason = verdict switch
        {
            SeparatedClusterVerdict.JoinFormedCluster => $"{other.Node} belongs to a formed cluster of this realm and this node's has not formed",
            SeparatedClusterVerdict.JoinClusterWithQuorum => $"{other.Node} belongs to a cluster of this realm with quorum under prime {other.Prime}, and this side has {ownQuorum.Explanation}",
            SeparatedClusterVerdict.JoinFirstSeedsCluster => $"neither this side nor the cluster of the first seed node {other.Node} has quorum; the side without the first seed moves",
            _ => $"{other.Node} belongs to another cluster of this realm, which moves over or waits",
        };
        return new SideDecision(verdict, verdict == SeparatedClusterVerdict.Stay ? [] : targets, reason);

        static SideDecision Stay(string reason) => new(SeparatedClusterVerdict.Stay, [], reason);
    }

    /// <summary>Incarnations other than this node's that both sides list as live members.</summary>
    private static List<NodeId> SharedLiveMembers(RealmSide own, RealmSide other) =>
        [.. own.Members.Where(m => m.Node != own.Node && own.HasLiveMember(m.Node) && other.HasLiveMember(m.Node)).Select(m => m.Node).Distinct()];
}
