using System.Globalization;
using ActorRealm.Cluster;
using ActorRealm.Cluster.Downing;
using ActorRealm.Cluster.Quorum;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>
/// The invariants, checked at every status change of every node and at every Down a node's downing
/// actor issues (<see cref="SiteQuorumDowningActor.DowningIssued"/>):
/// <list type="bullet">
/// <item>no split brain: two serving nodes in the same prime epoch are never on disjoint sides
/// (network components) once failure detection had time to notice the fault that separated them;</item>
/// <item>a node downs only when its side has quorum: its own view had quorum, and (once detection
/// settled) the network component it is in has quorum under its prime state;</item>
/// <item>once detection settled, a node never downs a member that every node of its side reaches directly.</item>
/// </list>
/// Violations are collected on the nodes' threads and fail the spec at its next wait or at its end.
/// </summary>
internal sealed partial class RealmTestCluster
{
    private readonly Lock _invariantLock = new();
    private readonly List<string> _violations = [];
    private readonly List<DownRecord> _downs = [];
    private readonly List<Action<RealmTestNode, ClusterStatus>> _statusWatchers = [];
    private TimeSpan _faultsChangedAt;

    /// <summary>
    /// How long after a change of the network views may still be stale: a heartbeat interval and
    /// the acceptable pause, the detector's deviation margin (about 0.6 s), the reaper interval, and
    /// room for scheduling on a loaded 2-core machine.
    /// </summary>
    public TimeSpan DetectionBound => Timings.HeartbeatInterval + Timings.AcceptableHeartbeatPause + TimeSpan.FromSeconds(2.5);

    /// <summary>
    /// The downing budget (<see cref="SpecTimings.DowningBudget"/>) for a fault injected at <paramref name="faultAt"/>,
    /// plus the time the shared thread pool ran late since (<see cref="SchedulingLag"/>).
    /// </summary>
    public TimeSpan DowningBudgetSince(TimeSpan faultAt) => Timings.DowningBudget + _lag.Since(faultAt);

    /// <summary>Every Down the nodes' downing actors issued, in order.</summary>
    public IReadOnlyList<DownRecord> Downs
    {
        get
        {
            lock (_invariantLock)
            {
                return [.. _downs];
            }
        }
    }

    /// <summary>
    /// Whether the faults have not changed for <see cref="DetectionBound"/> plus the time the thread pool ran late since
    /// (<see cref="SchedulingLag"/>): a starved pool delays every node's detection by as much.
    /// </summary>
    private bool Settled => Now - _faultsChangedAt > DetectionBound + _lag.Since(_faultsChangedAt);

    /// <summary>Fails the spec with every violation seen so far.</summary>
    public void AssertNoViolations()
    {
        string[] violations;
        lock (_invariantLock)
        {
            violations = [.. _violations];
        }

        if (violations.Length > 0)
        {
            Fail($"Invariant violated:\n{string.Join("\n", violations)}");
        }
    }

    /// <summary>The alive nodes <paramref name="node"/> can exchange messages with, directly or through others (itself included).</summary>
    public HashSet<RealmTestNode> ComponentOf(RealmTestNode node)
    {
        var alive = _nodes.Where(n => n.IsAlive).ToList();
        var component = new HashSet<RealmTestNode> { node };
        var frontier = new Queue<RealmTestNode>([node]);
        while (frontier.TryDequeue(out var next))
        {
            foreach (var peer in alive.Where(p => !component.Contains(p) && !IsBlocked(next.Name, p.Name)))
            {
                component.Add(peer);
                frontier.Enqueue(peer);
            }
        }

        return component;
    }

    private void FaultsChanged() => _faultsChangedAt = Now;

    private void InstallDowningHook() => SiteQuorumDowningActor.DowningIssued = OnDowningIssued;

    private void RemoveDowningHook()
    {
        if (SiteQuorumDowningActor.DowningIssued == OnDowningIssued)
        {
            SiteQuorumDowningActor.DowningIssued = null;
        }
    }

    private void Violation(string message)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"t={Now.TotalSeconds:0.000}s {message}");
        lock (_invariantLock)
        {
            if (_violations.Count < 50 && !_violations.Contains(line))
            {
                _violations.Add(line);
                Log($"VIOLATION {message}");
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="watcher"/> with every later status snapshot of every node (one at a
    /// time, on the node's thread: keep it quick).
    /// </summary>
    public void OnEveryStatus(Action<RealmTestNode, ClusterStatus> watcher)
    {
        lock (_invariantLock)
        {
            _statusWatchers.Add(watcher);
        }
    }

    /// <summary>Called on a node's thread after every new status snapshot of any node.</summary>
    private void OnStatusChanged(RealmTestNode node, ClusterStatus status)
    {
        if (_disposed)
        {
            return;
        }

        lock (_invariantLock)
        {
            foreach (var watcher in _statusWatchers)
            {
                watcher(node, status);
            }

            if (Settled)
            {
                CheckSplitBrain();
            }
        }
    }

    private void CheckSplitBrain()
    {
        var serving = _nodes.Where(n => n.IsAlive).Select(n => (Node: n, Status: StatusOrNull(n))).Where(s => s.Status is { IsServing: true }).ToList();
        for (var i = 0; i < serving.Count; i++)
        {
            var component = ComponentOf(serving[i].Node);
            for (var j = i + 1; j < serving.Count; j++)
            {
                var (p, ps) = serving[i];
                var (q, qs) = serving[j];
                if (ps!.PrimeEpoch == qs!.PrimeEpoch && !component.Contains(q))
                {
                    Violation(
                        $"split brain: {p.Name} and {q.Name} cannot reach each other (faults unchanged for {(Now - _faultsChangedAt).TotalSeconds:0.0} s, the thread pool {_lag.Since(_faultsChangedAt).TotalSeconds:0.0} s late meanwhile) " +
                        $"but both serve in prime epoch {ps.PrimeEpoch}: {p.Name} ({ps.PrimeSite}) {ps.Quorum.Explanation}; {q.Name} ({qs.PrimeSite}) {qs.Quorum.Explanation}");
                }
            }
        }
    }

    /// <summary>Called on the downer's thread each time a downing actor downs members.</summary>
    private void OnDowningIssued(NodeId downer, IReadOnlyList<NodeId> downed)
    {
        if (_disposed)
        {
            return;
        }

        var node = _nodes.Single(n => n.Address == downer.Address);
        var what = $"{node.Name} ({downer}) downed {string.Join(", ", downed)}";
        lock (_invariantLock)
        {
            _downs.Add(new DownRecord(Now, node.Name, downer, [.. downed]));
            Log(what);
            if (!node.IsAlive || node.Realm.SelfNode != downer)
            {
                return;
            }

            if (node.Setup.State.View is { } view && !view.Quorum.HasQuorum)
            {
                Violation($"{what} although its view has {view.Quorum.Explanation}");
            }

            if (Settled)
            {
                CheckDowningSide(node, what, downed);
            }
        }
    }

    private void CheckDowningSide(RealmTestNode node, string what, IReadOnlyList<NodeId> downed)
    {
        var component = ComponentOf(node);
        var prime = node.Setup.State.Prime;
        var truth = SiteQuorum.Evaluate(node.Setup.Layout, prime.Site, component.Select(n => n.Address).ToHashSet());
        if (!truth.HasQuorum)
        {
            Violation($"{what} while the nodes it can reach ({string.Join(", ", component.Select(n => n.Name))}) have {truth.Explanation} under prime {prime}");
        }

        // Downing an end of a broken link inside a side is the strategy's documented choice
        // (indirectly connected members count as gone); downing a member every node of the side
        // reaches directly is not.
        foreach (var target in component.Where(n => StatusOrNull(n) is not null && downed.Contains(n.Realm.SelfNode)))
        {
            if (component.All(other => other == target || !IsBlocked(target.Name, other.Name)))
            {
                Violation($"{what}: {target.Name}, which every node of its side reaches directly");
            }
        }
    }

    private static ClusterStatus? StatusOrNull(RealmTestNode node)
    {
        try
        {
            return node.Status;
        }
        catch (InvalidOperationException)
        {
            // Between incarnations.
            return null;
        }
    }
}

/// <summary>A Down issued by a node's downing actor.</summary>
/// <param name="At">When (time since the cluster was created).</param>
/// <param name="Node">The downing node's name.</param>
/// <param name="Downer">Its incarnation.</param>
/// <param name="Downed">The members it downed.</param>
internal sealed record DownRecord(TimeSpan At, string Node, NodeId Downer, IReadOnlyList<NodeId> Downed);
