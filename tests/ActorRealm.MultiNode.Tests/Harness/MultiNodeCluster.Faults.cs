namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>
/// The fault model: which sites are cut from each other, which nodes are isolated, which are dead.
/// Every change recomputes the injector's blackholes from the model, so a restart on the same
/// address inherits exactly the faults of its site.
/// </summary>
internal sealed partial class MultiNodeCluster
{
    private readonly HashSet<(string, string)> _cutSites = [];
    private readonly HashSet<string> _isolated = [];
    private readonly HashSet<(string, string)> _cutNodes = [];
    private TimeSpan _faultsChangedAt;

    /// <summary>When the fault model last changed (virtual time).</summary>
    public TimeSpan FaultsChangedAt => _faultsChangedAt;

    /// <summary>Loses every message between the two sites, both ways.</summary>
    public void Blackhole(string siteA, string siteB)
    {
        Step($"blackhole {siteA} <-> {siteB}");
        _cutSites.Add(Pair(siteA, siteB));
        ApplyFaults();
        FaultsChanged();
    }

    /// <summary>Loses every message between two nodes, both ways (other links stay up).</summary>
    public void Cut(string nodeA, string nodeB)
    {
        Step($"cut {nodeA} <-> {nodeB}");
        _cutNodes.Add(Pair(nodeA, nodeB));
        ApplyFaults();
        FaultsChanged();
    }

    /// <summary>Loses every message between a node and all others.</summary>
    public void Isolate(string node)
    {
        Step($"isolate {node}");
        _isolated.Add(node);
        ApplyFaults();
        FaultsChanged();
    }

    /// <summary>Removes every cut and isolation (dead nodes stay dead).</summary>
    public void Heal()
    {
        Step("heal");
        _cutSites.Clear();
        _isolated.Clear();
        _cutNodes.Clear();
        ApplyFaults();
        FaultsChanged();
    }

    /// <summary>Whether two nodes can talk now (both alive, no cut between them).</summary>
    public bool Connected(SimNode a, SimNode b) =>
        a == b || (a.IsAlive && b.IsAlive && !_isolated.Contains(a.Name) && !_isolated.Contains(b.Name) && !_cutSites.Contains(Pair(a.Site, b.Site)) && !_cutNodes.Contains(Pair(a.Name, b.Name)));

    /// <summary>
    /// The alive nodes <paramref name="node"/> can reach, itself included, directly or through
    /// others (so a single cut link does not split a component).
    /// </summary>
    public IReadOnlySet<SimNode> ComponentOf(SimNode node)
    {
        var component = new HashSet<SimNode> { node };
        var queue = new Queue<SimNode>([node]);
        while (queue.TryDequeue(out var current))
        {
            foreach (var next in _nodes.Where(n => !component.Contains(n) && Connected(current, n)))
            {
                component.Add(next);
                queue.Enqueue(next);
            }
        }

        return component;
    }

    private static (string, string) Pair(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);

    private void ApplyFaults()
    {
        Net.Faults.HealAll();
        for (var i = 0; i < _nodes.Count; i++)
        {
            for (var j = i + 1; j < _nodes.Count; j++)
            {
                if (!Connected(_nodes[i], _nodes[j]))
                {
                    Net.Faults.Blackhole(SimNetwork.EndpointOf(_nodes[i].Address), SimNetwork.EndpointOf(_nodes[j].Address));
                }
            }
        }
    }

    private void FaultsChanged() => _faultsChangedAt = Now;
}
