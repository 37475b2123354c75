using ActorRealm.Cluster;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>Readable predicates on a node's status for the specs.</summary>
internal static class SpecExtensions
{
    /// <summary>Whether the node shows none of <paramref name="incarnations"/> as a live member (each is Down, removed or gone).</summary>
    public static bool SeesGone(this ClusterStatus status, IEnumerable<NodeId> incarnations) =>
        incarnations.All(k => !status.Members.Any(m =>
            m.Address == k.Address && m.Incarnation == k.Uid && m.Status is not (ClusterMemberStatus.Down or ClusterMemberStatus.Removed)));

    /// <summary>Whether the node shows the current incarnations of <paramref name="nodes"/> as Up.</summary>
    public static bool SeesUp(this ClusterStatus status, IEnumerable<RealmTestNode> nodes) =>
        nodes.All(n => n.IsAlive && status.Members.Any(m => m.Incarnation == n.Realm.SelfNode.Uid && m.Address == n.Address && m.Status == ClusterMemberStatus.Up));

    /// <summary>Whether the node is Up and its Up members are exactly the current incarnations of <paramref name="nodes"/>.</summary>
    public static bool IsUpWithExactly(this ClusterStatus status, IReadOnlyCollection<RealmTestNode> nodes) =>
        status.SelfStatus == ClusterMemberStatus.Up &&
        status.SeesUp(nodes) &&
        status.Members.Count(m => m.Status == ClusterMemberStatus.Up) == nodes.Count;

    /// <summary>The current incarnations of <paramref name="nodes"/>.</summary>
    public static List<NodeId> Incarnations(this IEnumerable<RealmTestNode> nodes) => [.. nodes.Select(n => n.Realm.SelfNode)];
}
