using Akka.Actor;
using Akka.Remote;
using Akka.Remote.Transport;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>
/// Network faults between the nodes, through Akka.Remote's throttle transport adapter
/// (<c>applied-adapters = ["trttl"]</c>): a blocked pair is blackholed in both directions on both
/// ends. Throttles belong to one transport, so every new incarnation gets the current faults before
/// it joins.
/// </summary>
internal sealed partial class RealmTestCluster
{
    private readonly HashSet<(string, string)> _cut = [];
    private readonly HashSet<string> _isolated = [];
    private readonly HashSet<string> _killed = [];

    /// <summary>Cuts every link between the two groups (site names or node names).</summary>
    public async Task BlackholeAsync(string groupA, string groupB)
    {
        foreach (var a in Group(groupA))
        {
            foreach (var b in Group(groupB))
            {
                _cut.Add(Pair(a.Name, b.Name));
            }
        }

        Log($"cut {groupA} | {groupB}");
        await ApplyFaultsAsync();
    }

    /// <summary>Cuts every link of <paramref name="name"/> (it stays alive).</summary>
    public async Task IsolateAsync(string name)
    {
        _isolated.Add(name);
        Log($"isolated {name}");
        await ApplyFaultsAsync();
    }

    /// <summary>Heals every cut and isolation (killed nodes stay unreachable until restarted).</summary>
    public async Task HealAsync()
    {
        _cut.Clear();
        _isolated.Clear();
        Log("healed");
        await ApplyFaultsAsync();
    }

    /// <summary>Whether the link between two nodes is blocked now.</summary>
    public bool IsBlocked(string a, string b) =>
        _cut.Contains(Pair(a, b)) || _isolated.Contains(a) || _isolated.Contains(b) || _killed.Contains(a) || _killed.Contains(b);

    /// <summary>Sets the throttle of every link of every running node (or of <paramref name="only"/>) to the current faults.</summary>
    private async Task ApplyFaultsAsync(RealmTestNode? only = null)
    {
        var commands = new List<Task>();
        foreach (var node in only is null ? _nodes.Where(n => n.IsAlive) : [only])
        {
            var transport = ((RemoteActorRefProvider)((ExtendedActorSystem)node.System).Provider).Transport;
            var protocol = ((ExtendedActorSystem)node.System).Provider.DefaultAddress.Protocol;
            foreach (var peer in _nodes.Where(p => p != node))
            {
                var address = new Address(protocol, RealmName, peer.Address.Host, peer.Address.Port);
                ThrottleMode mode = IsBlocked(node.Name, peer.Name) ? Blackhole.Instance : Unthrottled.Instance;
                commands.Add(transport.ManagementCommand(new SetThrottle(address, ThrottleTransportAdapter.Direction.Both, mode)));
            }
        }

        await Task.WhenAll(commands);
    }

    private IEnumerable<RealmTestNode> Group(string group) => _nodes.Where(n => n.Site == group || n.Name == group);

    private static (string, string) Pair(string a, string b) => string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);
}
