using ActorRealm.Cluster;
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
    private readonly HashSet<(string From, string To)> _probesBlocked = [];
    private readonly Dictionary<ActorSystem, Dictionary<string, bool>> _applied = [];
    private readonly SemaphoreSlim _faultLock = new(1, 1);

    /// <summary>How long a fault change waits for existing associations to confirm it.</summary>
    private static readonly TimeSpan AcknowledgementWait = TimeSpan.FromMilliseconds(500);

    /// <summary>Cuts every link between the two groups (a site name, a node name, or names joined by <c>+</c>).</summary>
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

    /// <summary>
    /// Blocks what the probe systems of <paramref name="fromGroup"/>'s nodes send to
    /// <paramref name="toGroup"/>'s nodes (their cluster links are not affected, nor are probes the
    /// other way and their answers), for the rest of the spec (<see cref="HealAsync"/> keeps it): a
    /// spec that must show what one side's probes find uses it to keep the other side's probes from
    /// finding it first.
    /// </summary>
    public async Task BlockProbesAsync(string fromGroup, string toGroup)
    {
        foreach (var a in Group(fromGroup))
        {
            foreach (var b in Group(toGroup))
            {
                _probesBlocked.Add((a.Name, b.Name));
            }
        }

        Log($"probes blocked {fromGroup} -> {toGroup}");
        await ApplyFaultsAsync();
    }

    /// <summary>Heals every cut and isolation (killed nodes stay unreachable until restarted; blocked probes stay blocked).</summary>
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
                    commands.AddRange(Throttle(node.Name, system, probe: system != node.System));
                }
            }

            foreach (var server in _servers.Where(s => s.IsAlive))
            {
                commands.AddRange(Throttle(server.Name, server.System, probe: false));
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

    /// <summary>The throttle commands that bring <paramref name="system"/> (of node or persistence server <paramref name="name"/>, one of its probe systems if <paramref name="probe"/>) to the current faults.</summary>
    private IEnumerable<Task> Throttle(string name, ActorSystem system, bool probe)
    {
        var extended = (ExtendedActorSystem)system;
        var transport = ((RemoteActorRefProvider)extended.Provider).Transport;
        var protocol = extended.Provider.DefaultAddress.Protocol;
        if (!_applied.TryGetValue(system, out var applied))
        {
            _applied[system] = applied = [];
        }

        foreach (var peer in Endpoints.Where(p => p.Name != name))
        {
            var blocked = IsBlocked(name, peer.Name) || (probe && _probesBlocked.Contains((name, peer.Name)));
            if (applied.GetValueOrDefault(peer.Name) == blocked)
            {
                continue;
            }

            applied[peer.Name] = blocked;
            var address = new Address(protocol, RealmName, peer.Address.Host, peer.Address.Port);
            ThrottleMode mode = blocked ? Blackhole.Instance : Unthrottled.Instance;
            yield return Acknowledged(transport.ManagementCommand(new SetThrottle(address, ThrottleTransportAdapter.Direction.Both, mode)), $"{name} -> {peer.Name}: {mode}");
        }
    }

    /// <summary>
    /// The throttle manager records the new mode at once (new associations get it) and then waits
    /// for each existing association to confirm; an association to a node that was just killed may
    /// never confirm (the manager gives up after its own timeout), so the wait is bounded and a late
    /// acknowledgement is logged, not a failure: a restart must not wait seconds for a dead link.
    /// </summary>
    private async Task Acknowledged(Task<bool> command, string what)
    {
        if (await Task.WhenAny(command, Task.Delay(AcknowledgementWait)) != command)
        {
            Log($"throttle {what}: no acknowledgement within {AcknowledgementWait.TotalMilliseconds:0} ms from an old association (the mode is set)");
            _ = command.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            return;
        }

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
        node.AttachProbe(system);
        ApplyFaultsAsync().GetAwaiter().GetResult();
    }

    private IEnumerable<(string Name, string Site, NodeAddress Address)> Group(string group)
    {
        var names = group.Split('+');
        return Endpoints.Where(n => names.Contains(n.Site) || names.Contains(n.Name));
    }

    /// <summary>Everything links can be cut between: the realm nodes and the persistence servers.</summary>
    private IEnumerable<(string Name, string Site, NodeAddress Address)> Endpoints =>
        _nodes.Select(n => (n.Name, n.Site, n.Address)).Concat(_servers.Select(s => (s.Name, s.Site, s.Address)));

    private static (string, string) Pair(string a, string b) => string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);
}
