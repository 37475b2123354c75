using System.Globalization;

namespace ActorRealm.Cluster;

/// <summary>
/// One incarnation of a node: its address plus a unique id chosen at start (or at a rejoin after
/// being downed). Two incarnations of the same address are different members.
/// </summary>
/// <param name="Address">The node's transport address.</param>
/// <param name="Uid">The incarnation's unique id.</param>
public sealed record NodeId(NodeAddress Address, long Uid) : IComparable<NodeId>
{
    /// <summary>Whether <paramref name="left"/> orders before <paramref name="right"/>.</summary>
    public static bool operator <(NodeId? left, NodeId? right) => Comparer<NodeId>.Default.Compare(left, right) < 0;

    /// <summary>Whether <paramref name="left"/> orders before or equal to <paramref name="right"/>.</summary>
    public static bool operator <=(NodeId? left, NodeId? right) => Comparer<NodeId>.Default.Compare(left, right) <= 0;

    /// <summary>Whether <paramref name="left"/> orders after <paramref name="right"/>.</summary>
    public static bool operator >(NodeId? left, NodeId? right) => Comparer<NodeId>.Default.Compare(left, right) > 0;

    /// <summary>Whether <paramref name="left"/> orders after or equal to <paramref name="right"/>.</summary>
    public static bool operator >=(NodeId? left, NodeId? right) => Comparer<NodeId>.Default.Compare(left, right) >= 0;

    /// <inheritdoc />
    public int CompareTo(NodeId? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byAddress = Address.CompareTo(other.Address);
        return byAddress != 0 ? byAddress : Uid.CompareTo(other.Uid);
    }

    /// <summary>Returns <c>host:port#uid</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Address}#{Uid}");
}
