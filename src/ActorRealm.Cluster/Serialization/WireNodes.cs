using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using Google.Protobuf;
using Google.Protobuf.Collections;
using W = ActorRealm.Cluster.Wire;

namespace ActorRealm.Cluster.Serialization;

/// <summary>
/// Conversions of node ids, version vectors and prime states to and from their wire form. Input
/// from the wire comes from peers that may be hostile or broken: every check failure is an
/// <see cref="InvalidDataException"/> naming what was wrong.
/// </summary>
internal static class WireNodes
{
    public static W.UniqueNode ToProto(NodeId node) => new() { Host = node.Address.Host, Port = node.Address.Port, Uid = node.Uid };

    public static NodeId FromProto(W.UniqueNode? node, string what)
    {
        if (node is null)
        {
            throw new InvalidDataException($"The message has no {what}.");
        }

        try
        {
            return new NodeId(new NodeAddress(node.Host, node.Port), node.Uid);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"The message's {what} is not a valid node: {e.Message}", e);
        }
    }

    public static NodeAddress ParseAddress(string text, string what) =>
        NodeAddress.TryParse(text, out var address, out var error) ? address : throw new InvalidDataException($"The message's {what}: {error}");

    public static W.PrimeState ToProto(PrimeState state) => new()
    {
        Site = state.Site,
        Epoch = state.Epoch,
        SwitchedBy = state.SwitchedBy,
        SwitchedAtUtcTicks = state.SwitchedAt.UtcTicks,
        SwitchId = state.SwitchId == Guid.Empty ? ByteString.Empty : ByteString.CopyFrom(state.SwitchId.ToByteArray()),
    };

    public static PrimeState FromProto(W.PrimeState? state)
    {
        if (state is null || state.Site.Length == 0)
        {
            throw new InvalidDataException("The message has no prime state.");
        }

        if (state.Epoch < 0 || state.SwitchedAtUtcTicks < 0 || state.SwitchedAtUtcTicks > DateTimeOffset.MaxValue.UtcTicks ||
            state.SwitchId.Length is not (0 or 16))
        {
            throw new InvalidDataException($"The message's prime state for site '{state.Site}' is malformed.");
        }

        var id = state.SwitchId.Length == 0 ? Guid.Empty : new Guid(state.SwitchId.Span);
        return new PrimeState(state.Site, state.Epoch, state.SwitchedBy, new DateTimeOffset(state.SwitchedAtUtcTicks, TimeSpan.Zero), id);
    }

    /// <summary>A table of nodes referred to by index in one message.</summary>
    internal sealed class Table
    {
        private readonly Dictionary<NodeId, int> _index = [];

        public Table(RepeatedField<W.UniqueNode> target) => Target = target;

        public RepeatedField<W.UniqueNode> Target { get; }

        public int IndexOf(NodeId node)
        {
            if (!_index.TryGetValue(node, out var index))
            {
                index = Target.Count;
                Target.Add(ToProto(node));
                _index[node] = index;
            }

            return index;
        }

        public void AddVersions(VectorClock version, RepeatedField<W.VersionEntry> target)
        {
            foreach (var (node, counter) in version.Versions)
            {
                target.Add(new W.VersionEntry { Node = IndexOf(node), Version = counter });
            }
        }
    }

    /// <summary>Reads a node table and resolves indexes into it.</summary>
    internal sealed class Lookup(RepeatedField<W.UniqueNode> nodes)
    {
        private readonly NodeId[] _nodes = [.. nodes.Select((n, i) => FromProto(n, $"node #{i}"))];

        public NodeId this[int index] =>
            index >= 0 && index < _nodes.Length ? _nodes[index] : throw new InvalidDataException($"Node index {index} is outside the table of {_nodes.Length} nodes.");

        public VectorClock Versions(RepeatedField<W.VersionEntry> entries)
        {
            if (entries.Any(e => e.Version < 0))
            {
                throw new InvalidDataException("A version vector holds a negative counter.");
            }

            return VectorClock.From(entries.Select(e => KeyValuePair.Create(this[e.Node], e.Version)));
        }
    }
}
