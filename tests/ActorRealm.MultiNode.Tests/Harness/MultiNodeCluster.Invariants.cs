using System.Collections.Immutable;
using ActorRealm.Cluster;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>
/// The invariants, checked at every status change of any node and at every Down a node issues:
/// no two nodes that cannot talk both serve in the same prime epoch (once failure detection had
/// time to notice the cut); a node serves only with quorum; a node downs only with quorum and never
/// a node that every node of its side reaches directly (once detection settled); no node's process
/// exits unless the spec killed or stopped it.
/// </summary>
internal sealed partial class MultiNodeCluster
{
    private readonly List<string> _violations = [];
    private bool _checking;

    /// <summary>
    /// How long after a fault change views may still be stale: links may need <see cref="SimNetwork.ReconnectBound"/>
    /// to come back, then detection needs interval + pause + a margin.
    /// </summary>
    public TimeSpan DetectionBound =>
        SimNetwork.ReconnectBound + Settings.FailureDetector.HeartbeatInterval + Settings.FailureDetector.AcceptableHeartbeatPause + TimeSpan.FromSeconds(1.5);

    public IReadOnlyList<string> Violations => _violations;

    public void AssertNoViolations()
    {
        if (_violations.Count > 0)
        {
            var violations = string.Join("\n", _violations);
            _violations.Clear();
            Fail($"Invariant violated:\n{violations}");
        }
    }

    private bool Settled => Now - _faultsChangedAt > DetectionBound;

    private void Violation(string message)
    {
        var line = $"t={Now.TotalSeconds:0.000}s {message}";
        if (!_violations.Contains(line))
        {
            _violations.Add(line);
        }
    }

    private void CheckInvariants()
    {
        if (_checking || _disposed)
        {
            return;
        }

        _checking = true;
        try
        {
            var alive = Alive.ToList();
            foreach (var node in alive.Where(n => n.System.IsTerminating))
            {
                Violation($"{node.Name}'s actor system is terminating although the spec did not kill it");
            }

            var serving = alive.Where(n => n.Status.IsServing).ToList();
            foreach (var node in serving.Where(n => !n.Status.HasQuorum))
            {
                Violation($"{node.Name} serves without quorum ({node.Status.Quorum.Explanation})");
            }

            if (!Settled)
            {
                return;
            }

            for (var i = 0; i < serving.Count; i++)
            {
                for (var j = i + 1; j < serving.Count; j++)
                {
                    var (p, q) = (serving[i], serving[j]);
                    if (p.Status.PrimeEpoch == q.Status.PrimeEpoch && !ComponentOf(p).Contains(q))
                    {
                        Violation($"split brain: {p.Name} and {q.Name} cannot talk but both serve in prime epoch {p.Status.PrimeEpoch} ({p.Status.PrimeSite} / {q.Status.PrimeSite})");
                    }
                }
            }
        }
        finally
        {
            _checking = false;
        }
    }

    private void CheckDowning(SimNode node, NodeId downer, ImmutableSortedSet<NodeId> downed)
    {
        if (!node.Status.HasQuorum)
        {
            Violation($"{node.Name} ({downer}) downed {string.Join(", ", downed)} without quorum");
        }

        if (!Settled)
        {
            return;
        }

        // Downing an end of a broken link inside a component is the strategy's documented choice
        // (indirectly connected members count as gone); downing a node every member of the
        // component reaches directly is not.
        var component = ComponentOf(node);
        foreach (var target in Alive.Where(n => downed.Contains(n.Cluster.SelfNode) && component.Contains(n)))
        {
            if (component.All(other => Connected(target, other)))
            {
                Violation($"{node.Name} downed {target.Name} ({target.Cluster.SelfNode}), which every node of its side reaches directly");
            }
        }
    }
}
