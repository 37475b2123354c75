using System.Collections.Immutable;
using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;

namespace ActorRealm.Cluster.Tests.Downing;

/// <summary>
/// A pure model of a formed realm on Akka.Cluster, for the downing strategy: it builds each node's
/// <see cref="RealmView"/> from the faults applied (crashed nodes, cut links, one-sided suspicions),
/// the way Akka's failure detectors and gossip would leave it once they have settled:
/// <list type="bullet">
/// <item>every member is Up (or Down once downed); each live incarnation is one member;</item>
/// <item>each alive observer marks unreachable the members it cannot reach (crashed, behind a cut
/// link, or suspected by its failure detector);</item>
/// <item>a node sees the observations of the observers it reaches transitively over working links
/// (gossip), plus the last observations of crashed members (gossiped before they crashed);</item>
/// <item>a down spreads, and stays known, like gossip: to every alive node that reaches a node
/// that knows it;</item>
/// <item>the leader is Akka's: the lowest address among the Up and Leaving members that no observer
/// in the node's view sees unreachable, the node itself counting as reachable.</item>
/// </list>
/// </summary>
internal sealed class RealmModel
{
    private readonly Dictionary<NodeAddress, NodeId> _incarnations = [];
    private readonly HashSet<NodeAddress> _crashed = [];
    private readonly Dictionary<NodeAddress, ImmutableArray<NodeId>> _lastObservations = [];
    private readonly HashSet<(NodeAddress, NodeAddress)> _cut = [];
    private readonly HashSet<(NodeAddress Observer, NodeAddress Subject)> _suspicions = [];
    private readonly Dictionary<NodeId, HashSet<NodeAddress>> _downKnownBy = [];

    /// <summary>A realm of <paramref name="layout"/> in which every configured node is an Up member (incarnation 1).</summary>
    public RealmModel(ClusterLayout layout, PrimeState prime)
    {
        Layout = layout;
        Prime = prime;
        foreach (var address in layout.AllMembers)
        {
            _incarnations[address] = new NodeId(address, 1);
        }
    }

    public ClusterLayout Layout { get; }

    public PrimeState Prime { get; }

    /// <summary>Every configured address, in order.</summary>
    public IEnumerable<NodeAddress> Addresses => Layout.AllMembers;

    /// <summary>The addresses of the nodes that run.</summary>
    public IEnumerable<NodeAddress> Alive => Addresses.Where(a => !_crashed.Contains(a));

    /// <summary>The view of the node at <paramref name="address"/> (it must run).</summary>
    public RealmView this[NodeAddress address] => ViewOf(address);

    /// <summary>The current incarnation at <paramref name="address"/>.</summary>
    public NodeId NodeAt(NodeAddress address) => _incarnations[address];

    /// <summary>Stops the nodes; what each observed last stays in the gossip.</summary>
    public void Crash(params IEnumerable<NodeAddress> nodes)
    {
        foreach (var node in nodes)
        {
            _lastObservations[node] = ObservationsOf(node);
            _crashed.Add(node);
        }

        Spread();
    }

    /// <summary>Cuts every link between the two groups, both ways.</summary>
    public void Cut(IEnumerable<NodeAddress> groupA, IEnumerable<NodeAddress> groupB)
    {
        var b = groupB.ToList();
        foreach (var x in groupA)
        {
            foreach (var y in b.Where(y => y != x))
            {
                _cut.Add((x, y));
                _cut.Add((y, x));
            }
        }

        Spread();
    }

    /// <summary>Cuts every link of <paramref name="node"/>.</summary>
    public void Isolate(NodeAddress node) => Cut([node], Addresses);

    /// <summary>
    /// The failure detector of <paramref name="observer"/> suspects <paramref name="subject"/> while
    /// the links work (late heartbeat replies, one side detecting first): a one-sided observation.
    /// </summary>
    public void Suspect(NodeAddress observer, NodeAddress subject) => _suspicions.Add((observer, subject));

    /// <summary>Restores every link and clears every suspicion (crashed nodes stay crashed).</summary>
    public void Heal()
    {
        _cut.Clear();
        _suspicions.Clear();
        Spread();
    }

    /// <summary>The node at <paramref name="by"/> marks <paramref name="nodes"/> Down; gossip spreads it.</summary>
    public void Down(NodeAddress by, IEnumerable<NodeId> nodes)
    {
        foreach (var node in nodes)
        {
            _downKnownBy[node] = [by];
        }

        Spread();
    }

    /// <summary>
    /// The node at <paramref name="address"/> comes back as a new incarnation that joined (Up); the
    /// old incarnation is removed.
    /// </summary>
    public NodeId Rejoin(NodeAddress address)
    {
        var old = _incarnations[address];
        _downKnownBy.Remove(old);
        _crashed.Remove(address);
        _lastObservations.Remove(address);
        return _incarnations[address] = old with { Uid = old.Uid + 1 };
    }

    /// <summary>Whether messages get from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public bool Links(NodeAddress from, NodeAddress to) =>
        from == to || (!_crashed.Contains(from) && !_crashed.Contains(to) && !_cut.Contains((from, to)));

    private RealmView ViewOf(NodeAddress address)
    {
        if (_crashed.Contains(address))
        {
            throw new InvalidOperationException($"{address} has crashed: it has no view.");
        }

        var self = _incarnations[address];
        var table = Reachability.Empty;
        var observers = GossipReach(address).Select(a => (Observer: _incarnations[a], Subjects: ObservationsOf(a)))
            .Concat(_crashed.Select(a => (Observer: _incarnations[a], Subjects: _lastObservations[a])));
        foreach (var (observer, subjects) in observers)
        {
            foreach (var subject in subjects)
            {
                table = table.Unreachable(observer, subject);
            }
        }

        var members = _incarnations.Values.Order().Select(node => MemberSeenBy(address, node)).ToImmutableArray();
        var leader = members
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving && (m.Node == self || table.IsReachable(m.Node)))
            .Select(m => m.Node)
            .Min();
        return new RealmView(Layout, self, members, table, leader, Prime);
    }

    /// <summary>The member <paramref name="node"/> as the node at <paramref name="viewer"/> sees it: Up, or Down once it learned that.</summary>
    private Member MemberSeenBy(NodeAddress viewer, NodeId node)
    {
        var up = TestNodes.UpMember(node);
        return _downKnownBy.TryGetValue(node, out var knownBy) && knownBy.Contains(viewer) ? up.WithStatus(MemberStatus.Down) : up;
    }

    /// <summary>The members the node at <paramref name="observer"/> sees unreachable now.</summary>
    private ImmutableArray<NodeId> ObservationsOf(NodeAddress observer) =>
        [.. _incarnations
            .Where(s => s.Key != observer && (!Links(s.Key, observer) || !Links(observer, s.Key) || _suspicions.Contains((observer, s.Key))))
            .Select(s => s.Value)
            .Order()];

    /// <summary>The alive nodes whose gossip reaches <paramref name="address"/>, itself included.</summary>
    private HashSet<NodeAddress> GossipReach(NodeAddress address)
    {
        var reached = new HashSet<NodeAddress> { address };
        var frontier = new Queue<NodeAddress>(reached);
        while (frontier.TryDequeue(out var node))
        {
            foreach (var next in Alive.Where(n => !reached.Contains(n) && Links(n, node) && Links(node, n)))
            {
                reached.Add(next);
                frontier.Enqueue(next);
            }
        }

        return reached;
    }

    /// <summary>Every alive node that reaches a node knowing of a down learns it too, for good.</summary>
    private void Spread()
    {
        foreach (var knownBy in _downKnownBy.Values)
        {
            foreach (var node in Alive.Where(n => !knownBy.Contains(n)).ToList())
            {
                if (GossipReach(node).Overlaps(knownBy))
                {
                    knownBy.Add(node);
                }
            }
        }
    }
}
