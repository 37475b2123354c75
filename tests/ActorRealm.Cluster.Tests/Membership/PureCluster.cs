using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;

namespace ActorRealm.Cluster.Tests.Membership;

/// <summary>
/// A whole cluster of <see cref="MembershipState"/>s in memory, with links that can be cut:
/// gossip is delivered by calling <see cref="MembershipState.ReceiveGossip"/> directly. Used to
/// drive the pure logic through scenarios without actors or a transport.
/// </summary>
internal sealed class PureCluster
{
    private readonly Dictionary<NodeAddress, MembershipState> _nodes = [];
    private readonly HashSet<(NodeAddress From, NodeAddress To)> _cut = [];

    public PureCluster(ClusterLayout layout, PrimeState prime)
    {
        Layout = layout;
        foreach (var address in layout.AllMembers)
        {
            _nodes[address] = MembershipState.Initial(layout, new NodeId(address, 1), prime);
        }
    }

    public ClusterLayout Layout { get; }

    public List<(NodeAddress Node, ClusterEvent Event)> Events { get; } = [];

    public long NowUnixMs { get; set; } = 1_000;

    public MembershipState this[NodeAddress address] => _nodes[address];

    public IEnumerable<NodeAddress> Addresses => _nodes.Keys.Order();

    /// <summary>Forms the cluster: every node joins through the lowest address, then gossip and leader actions run until all are Up.</summary>
    public static PureCluster Formed(ClusterLayout layout, PrimeState prime)
    {
        var cluster = new PureCluster(layout, prime);
        var seed = layout.AllMembers.First();
        foreach (var address in layout.AllMembers)
        {
            cluster.Join(address, seed);
        }

        cluster.Settle();
        Assert.All(cluster.Addresses, a => Assert.All(cluster[a].Gossip.Members, m => Assert.Equal(MemberStatus.Up, m.Status)));
        return cluster;
    }

    public JoinResult Join(NodeAddress joining, NodeAddress seed)
    {
        var self = _nodes[joining].Self;
        var result = _nodes[seed].Join(self, Layout.SiteOf(joining)!);
        Record(seed, result.Transition);
        if (joining != seed && !_cut.Contains((seed, joining)))
        {
            Deliver(seed, joining);
        }

        return result;
    }

    public void Apply(NodeAddress node, Func<MembershipState, MembershipTransition> change) => Record(node, change(_nodes[node]));

    /// <summary>Replaces a node's state (for example a restart with a new incarnation).</summary>
    public void Replace(NodeAddress node, MembershipState state) => _nodes[node] = state;

    public void Cut(IEnumerable<NodeAddress> sideA, IEnumerable<NodeAddress> sideB)
    {
        var b = sideB.ToList();
        foreach (var x in sideA)
        {
            foreach (var y in b)
            {
                _cut.Add((x, y));
                _cut.Add((y, x));
            }
        }
    }

    public void Heal() => _cut.Clear();

    public bool CanReach(NodeAddress from, NodeAddress to) => !_cut.Contains((from, to));

    /// <summary>What each node's failure detector would say: marks unreachable every member it cannot reach and reachable every one it can.</summary>
    public void DetectFailures(IReadOnlySet<NodeAddress>? dead = null)
    {
        foreach (var observer in Addresses.Where(a => dead is null || !dead.Contains(a)))
        {
            foreach (var member in _nodes[observer].Gossip.Members.Where(m => m.Address != observer))
            {
                var reachable = CanReach(member.Address, observer) && (dead is null || !dead.Contains(member.Address));
                Apply(observer, s => reachable ? s.MarkReachable(member.Node) : s.MarkUnreachable(member.Node));
            }
        }
    }

    /// <summary>Every live node gossips to every node it can reach, in address order.</summary>
    public void GossipRound(IReadOnlySet<NodeAddress>? dead = null)
    {
        foreach (var from in Addresses.Where(a => dead is null || !dead.Contains(a)))
        {
            foreach (var to in Addresses.Where(a => a != from && CanReach(from, a) && (dead is null || !dead.Contains(a))))
            {
                Deliver(from, to);
            }
        }
    }

    public void LeaderActions(IReadOnlySet<NodeAddress>? dead = null)
    {
        foreach (var node in Addresses.Where(a => dead is null || !dead.Contains(a)))
        {
            Apply(node, s => s.LeaderActions(NowUnixMs));
        }
    }

    /// <summary>Alternates gossip rounds and leader actions a few times.</summary>
    public void Settle(IReadOnlySet<NodeAddress>? dead = null, int rounds = 6)
    {
        for (var i = 0; i < rounds; i++)
        {
            GossipRound(dead);
            LeaderActions(dead);
        }

        GossipRound(dead);
    }

    private void Deliver(NodeAddress from, NodeAddress to) => Record(to, _nodes[to].ReceiveGossip(_nodes[from].Gossip));

    private void Record(NodeAddress node, MembershipTransition transition)
    {
        _nodes[node] = transition.State;
        Events.AddRange(transition.Events.Select(e => (node, e)));
    }
}
