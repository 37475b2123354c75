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
    private readonly Dictionary<ActorSystem, Dictionary<string, bool>> _applied = [];
    private readonly SemaphoreSlim _faultLock = new(1, 1);

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
        FaultsChanged();
        await ApplyFaultsAsync();
    }

    /// <summary>Cuts every link of <paramref name="name"/> (it stays alive).</summary>
    public async Task IsolateAsync(string name)
    {
        _isolated.Add(name);
        Log($"isolated {name}");
        FaultsChanged();
        await ApplyFaultsAsync();
    }

    /// <summary>Heals every cut and isolation (killed nodes stay unreachable until restarted).</summary>
    public async Task HealAsync()
    {
        _cut.Clear();
        _isolated.Clear();
        Log("healed");
        FaultsChanged();
        await ApplyFaultsAsync();
    }

    /// <summary>Whether the link between two nodes is blocked now.</summary>
    public bool IsBlocked(string a, string b) =>
        _cut.Contains(Pair(a, b)) || _isolated.Contains(a) || _isolated.Contains(b) || _killed.Contains(a) || _killed.Contains(b);

    /// <summary>
    /// Sets the throttle of every link of every running node, and of the probe systems the nodes
    /// start, to the current faults (only where it changed: a fresh transport is unthrottled).
    /// </summary>
    private async Task ApplyFaultsAsync()
    {
        await _faultLock.WaitAsync();
        try
        {
            var commands = new List<Task>();
            foreach (var node in _nodes.Where(n => n.IsAlive))
            {
                foreach (var system in node.ProbeSystems.Where(s => !s.WhenTerminated.IsCompleted).Prepend(node.System))
                {
                    commands.AddRange(Throttle(node, system));
                }
            }

            await Task.WhenAll(commands);
            foreach (var gone in _applied.Keys.Where(s => s.WhenTerminated.IsCompleted).ToList())
            {
                _applied.Remove(gone);
            }
        }
        finally
        {
            _faultLock.Release();
        }
    }

    /// <summary>The throttle commands that bring <paramref name="system"/> (of <paramref name="node"/>) to the current faults.</summary>
    private IEnumerable<Task> Throttle(RealmTestNode node, ActorSystem system)
    {
        var extended = (ExtendedActorSystem)system;
        var transport = ((RemoteActorRefProvider)extended.Provider).Transport;
        var protocol = extended.Provider.DefaultAddress.Protocol;
        if (!_applied.TryGetValue(system, out var applied))
        {
            _applied[system] = applied = [];
        }

        foreach (var peer in _nodes.Where(p => p != node))
        {
            var blocked = IsBlocked(node.Name, peer.Name);
            if (applied.GetValueOrDefault(peer.Name) == blocked)
            {
                continue;
            }

            applied[peer.Name] = blocked;
            var address = new Address(protocol, RealmName, peer.Address.Host, peer.Address.Port);
            ThrottleMode mode = blocked ? Blackhole.Instance : Unthrottled.Instance;
            yield return Acknowledged(transport.ManagementCommand(new SetThrottle(address, ThrottleTransportAdapter.Direction.Both, mode)), $"{node.Name} -> {peer.Name}: {mode}");
        }
    }

    /// <summary>
    /// The throttle manager records the new mode at once (new associations get it) and then waits
    /// for each existing association to confirm; an association to a node that was just killed may
    /// never confirm, so a late acknowledgement is logged, not a failure.
    /// </summary>
    private async Task Acknowledged(Task<bool> command, string what)
    {
        try
        {
            await command;
        }
        catch (Exception e) when (e.GetBaseException() is AskTimeoutException)
        {
            Log($"throttle {what}: no acknowledgement from an old association (the mode is set)");
        }
    }

    /// <summary>A node started a probe system: it gets the node's faults before it sends anything.</summary>
    private void OnProbeSystem(RealmTestNode node, ActorSystem system)
    {
        node.ProbeSystems.Add(system);
        ApplyFaultsAsync().GetAwaiter().GetResult();
    }

    private IEnumerable<RealmTestNode> Group(string group) => _nodes.Where(n => n.Site == group || n.Name == group);

    private static (string, string) Pair(string a, string b) => string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);
}
