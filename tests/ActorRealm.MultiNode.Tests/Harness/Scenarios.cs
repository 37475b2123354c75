using ActorRealm.Cluster;
using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>
/// The scenarios of the issue, written once for any two-site layout with prime = main; each
/// <c>&lt;Scenario&gt;&lt;N&gt;NodeSpec</c> runs one of them on its layout with a few seeds.
/// </summary>
internal static class Scenarios
{
    /// <summary>
    /// The whole dr site crashes: main keeps quorum (exactly half, with every prime member), keeps
    /// serving throughout, and its leader downs the dr nodes within pause + stable-after + 2 s.
    /// </summary>
    public static void NonPrimeSiteLost(MultiNodeCluster cluster, ITestOutputHelper output)
    {
        cluster.StartAllAndAwaitUp();
        var main = cluster.Site("main").ToList();
        var lost = cluster.Site("dr").Incarnations();

        foreach (var node in cluster.Site("dr").ToList())
        {
            cluster.Kill(node.Name);
        }

        var stoppedServing = false;
        var took = cluster.Await(
            () =>
            {
                stoppedServing |= main.Any(n => !n.Status.IsServing);
                return main.All(n => n.Status.SeesGone(lost));
            },
            TimeSpan.FromSeconds(30),
            "main sees every dr node down");
        output.WriteLine($"seed {cluster.Seed}, {cluster.Nodes.Count} nodes: crash to Down on every main node took {took.TotalSeconds:0.000} s (budget {cluster.DowningBudget.TotalSeconds:0.#} s)");

        Assert.False(stoppedServing, "the prime site must serve throughout");
        Assert.True(took <= cluster.DowningBudget, $"crash to Down took {took}, more than pause + stable-after + 2 s = {cluster.DowningBudget}");
        Assert.True(took >= cluster.Settings.StableAfter, $"downed after {took}, before stable-after ({cluster.Settings.StableAfter})");

        cluster.Step("dr removed, main alone serves");
        cluster.AwaitAll(s => s.IsUpWithExactly(main) && s.IsServing && s.HasQuorum, TimeSpan.FromSeconds(10), "main Up with exactly its own nodes");
        Assert.All(main, n => Assert.Equal(0, n.Status.PrimeEpoch));
    }

    /// <summary>
    /// The main site crashes: dr loses quorum, stops serving, stays alive and downs nobody; the guarded
    /// switch is refused before min-unreachable, accepted after, stored on every surviving node; dr
    /// serves again and downs main; restarted main nodes join and follow the new epoch; a dr node restarted
    /// out of reach starts from the epoch on its disk. A subscriber
    /// on dr-1 gets the events in order: unreachable, quorum lost, prime changed, quorum regained, downed, removed.
    /// </summary>
    public static void PrimeSiteLost(MultiNodeCluster cluster)
    {
        cluster.StartAllAndAwaitUp();
        var dr = cluster.Site("dr").ToList();
        var main = cluster.Site("main").Incarnations();
        var events = EventRecorder.Record(cluster["dr-1"]);
        cluster.RunFor(TimeSpan.FromMilliseconds(100));

        foreach (var node in cluster.Site("main").ToList())
        {
            cluster.Kill(node.Name);
        }

        var crashedAt = cluster.Now;
        cluster.AwaitAll(s => !s.HasQuorum && !s.IsServing, TimeSpan.FromSeconds(10), "dr loses quorum and stops serving");
        Assert.All(dr, n => Assert.Contains("prime site 'main' is missing", n.Status.Quorum.Explanation, StringComparison.Ordinal));

        cluster.Step("switch too early");
        var early = cluster.Result(cluster["dr-1"].Cluster.RequestPrimeSwitchAsync("dr", "main", "spec"), TimeSpan.FromSeconds(10), "the early switch answers");
        Assert.False(early.Accepted);
        Assert.Equal(PrimeSwitchRefusal.OldPrimeRecentlyReachable, early.Refusal);
        Assert.Contains("must have been unreachable from this side for at least 10 s", early.Message, StringComparison.Ordinal);

        cluster.Step("dr waits, alive and not serving, downing nobody");

        // min-unreachable counts from the last answer, which came up to one heartbeat before the crash.
        cluster.RunFor(cluster.Settings.PrimeSwitchMinUnreachable - (cluster.Now - crashedAt) + TimeSpan.FromSeconds(1));
        Assert.All(dr, n => Assert.False(n.Status.IsServing));
        Assert.All(dr, n => Assert.True(n.Status.SeesUp(dr)));
        Assert.All(dr, n => Assert.All(main, m => Assert.Contains(n.Status.Members, r => r.Incarnation == m.Uid && r.Status == ClusterMemberStatus.Up && !r.Reachable)));

        cluster.Step("switch after min-unreachable");
        var accepted = cluster.Result(cluster["dr-1"].Cluster.RequestPrimeSwitchAsync("dr", "main", "spec"), TimeSpan.FromSeconds(10), "the switch answers");
        Assert.True(accepted.Accepted, accepted.Message);
        Assert.Equal(("dr", 1L), (accepted.Prime.Site, accepted.Prime.Epoch));
        Assert.Equal(dr.Select(n => n.Address).Order(), accepted.StoredBy.Order());
        Assert.Empty(accepted.NotConfirmedBy);
        foreach (var node in dr)
        {
            Assert.Equal(accepted.Prime, new PrimeEpochStore(node.DataDirectory).Load());
        }

        cluster.AwaitAll(s => s.HasQuorum && s.IsServing && s.PrimeEpoch == 1 && s.SeesGone(main), cluster.DowningBudget, "dr serves with epoch 1 and has downed main");

        cluster.Step("main comes back and follows epoch 1");
        foreach (var node in cluster.Site("main").ToList())
        {
            cluster.Restart(node.Name);
        }

        var all = cluster.Nodes.ToList();
        cluster.AwaitAll(s => s.IsUpWithExactly(all) && s.PrimeSite == "dr" && s.PrimeEpoch == 1 && s.IsServing, TimeSpan.FromSeconds(30), "everyone Up in epoch 1");
        foreach (var node in all)
        {
            Assert.Equal(accepted.Prime, new PrimeEpochStore(node.DataDirectory).Load());
        }

        AssertEventsOfPrimeSiteLoss([.. events], all.Count, main, accepted.Prime);

        cluster.Step("a dr node restarted out of reach starts from its stored epoch, not from the configured prime site");
        cluster.Kill("dr-1");
        cluster.Isolate("dr-1");
        var restarted = cluster.Restart("dr-1");
        cluster.RunFor(TimeSpan.FromSeconds(1));
        Assert.Equal(("dr", 1L), (restarted.Status.PrimeSite, restarted.Status.PrimeEpoch));
        Assert.False(restarted.Status.IsServing);
    }

    /// <summary>
    /// The sites are cut with both alive: only main serves and downs dr; dr stops serving, stays
    /// alive, downs nobody. After the heal the dr nodes rejoin by themselves as new incarnations.
    /// </summary>
    public static void FullPartition(MultiNodeCluster cluster)
    {
        cluster.StartAllAndAwaitUp();
        var main = cluster.Site("main").ToList();
        var dr = cluster.Site("dr").ToList();
        var drBefore = dr.Incarnations();

        cluster.Blackhole("main", "dr");
        var took = cluster.Await(() => main.All(n => n.Status.SeesGone(drBefore) && n.Status.IsServing), TimeSpan.FromSeconds(20), "main downs dr");
        Assert.True(took <= cluster.DowningBudget, $"cut to Down took {took}");
        cluster.AwaitAll(s => !s.IsServing && !s.HasQuorum, TimeSpan.FromSeconds(5), "dr stops serving", dr);

        cluster.Step("partition lasts");
        cluster.RunFor(TimeSpan.FromSeconds(10));
        Assert.All(dr, n => Assert.False(n.Status.IsServing));
        Assert.All(main, n => Assert.True(n.Status.IsServing));

        cluster.Heal();
        var all = cluster.Nodes.ToList();
        cluster.AwaitAll(s => s.IsUpWithExactly(all) && s.IsServing, TimeSpan.FromSeconds(30), "everyone Up and serving again");
        Assert.All(cluster.Nodes, n => Assert.Equal(1, n.Starts));
        Assert.All(dr, n => Assert.DoesNotContain(n.Cluster.SelfNode, drBefore));
        Assert.All(cluster.Nodes, n => Assert.True(n.Status.SeesGone(drBefore)));
    }

    /// <summary>
    /// A mistaken switch on dr during a cut: both sides serve in different epochs; at the heal every
    /// main node logs a loud split-brain warning naming both epochs and follows the higher one.
    /// </summary>
    public static void EpochReconciliationAfterHeal(MultiNodeCluster cluster)
    {
        cluster.StartAllAndAwaitUp();
        var main = cluster.Site("main").ToList();
        var dr = cluster.Site("dr").ToList();

        cluster.Blackhole("main", "dr");
        cluster.RunFor(cluster.Settings.PrimeSwitchMinUnreachable + TimeSpan.FromSeconds(2));
        Assert.All(main, n => Assert.True(n.Status.IsServing));

        cluster.Step("the mistaken switch on dr");
        var switched = cluster.Result(cluster[dr[^1].Name].Cluster.RequestPrimeSwitchAsync("dr", "main", "operator who thought main was down"), TimeSpan.FromSeconds(10), "switch answers");
        Assert.True(switched.Accepted, switched.Message);
        cluster.AwaitAll(s => s.IsServing && s.PrimeEpoch == 1 && s.PrimeSite == "dr", TimeSpan.FromSeconds(10), "dr serves in epoch 1", dr);
        Assert.All(main, n => Assert.Equal(("main", 0L), (n.Status.PrimeSite, n.Status.PrimeEpoch)));

        cluster.Heal();
        var all = cluster.Nodes.ToList();
        cluster.AwaitAll(s => s.IsUpWithExactly(all) && s.PrimeSite == "dr" && s.PrimeEpoch == 1 && s.IsServing, TimeSpan.FromSeconds(60), "one realm, prime dr, epoch 1");

        foreach (var node in main)
        {
            var warning = node.Logs.Lines.FirstOrDefault(l => l.Level >= LogLevel.Warning && l.Message.Contains("SPLIT BRAIN POSSIBLE", StringComparison.Ordinal));
            Assert.True(warning is not null, $"{node.Name} logged no split-brain warning");
            Assert.Contains("epoch 0", warning.Message, StringComparison.Ordinal);
            Assert.Contains("epoch 1", warning.Message, StringComparison.Ordinal);
            Assert.Equal(switched.Prime, new PrimeEpochStore(node.DataDirectory).Load());
        }

        Assert.All(cluster.Nodes, n => Assert.Equal(1, n.Starts));
    }

    /// <summary>
    /// A node crashes and restarts on its address before the cluster noticed: the new incarnation's
    /// join downs the old one, which is removed; the new one is Up everywhere.
    /// </summary>
    public static void RestartWithNewIncarnation(MultiNodeCluster cluster, string node)
    {
        cluster.StartAllAndAwaitUp();
        var old = cluster[node].Cluster.SelfNode;

        cluster.Kill(node);
        cluster.RunFor(TimeSpan.FromMilliseconds(300));
        var restarted = cluster.Restart(node);
        Assert.NotEqual(old, restarted.Cluster.SelfNode);

        var all = cluster.Nodes.ToList();
        cluster.AwaitAll(s => s.IsUpWithExactly(all) && s.SeesGone([old]) && s.IsServing, TimeSpan.FromSeconds(30), $"the new {node} is Up and the old one gone");
        Assert.All(all, n => Assert.DoesNotContain(n.Status.Members, m => m.Incarnation == old.Uid && m.Status != ClusterMemberStatus.Removed));
        Assert.Equal(2, restarted.Starts);
    }

    private static void AssertEventsOfPrimeSiteLoss(IReadOnlyList<object> events, int members, IReadOnlyCollection<NodeId> main, PrimeState switched)
    {
        var initial = Assert.IsType<CurrentClusterState>(events[0]);
        Assert.Equal(members, initial.Members.Length);
        int IndexOf(Func<object, bool> match, string what)
        {
            var index = events.ToList().FindIndex(e => match(e));
            Assert.True(index >= 0, $"dr-1 got no {what} event; it got: {string.Join(", ", events.Select(e => e.GetType().Name))}");
            return index;
        }

        var unreachable = main.Select(n => IndexOf(e => e is UnreachableMember u && u.Member.Node == n, $"UnreachableMember({n})")).Max();
        var lost = IndexOf(e => e is QuorumLost { Decision.HasQuorum: false }, "QuorumLost");
        var primeChanged = IndexOf(e => e is PrimeChanged p && p.Previous.Epoch == 0 && p.Current == switched, "PrimeChanged(epoch 0 -> 1)");
        var regained = IndexOf(e => e is QuorumRegained { Decision.HasQuorum: true }, "QuorumRegained");
        var downed = main.Select(n => IndexOf(e => e is MemberDowned d && d.Member.Node == n, $"MemberDowned({n})")).Min();
        var removed = main.Select(n => IndexOf(e => e is MemberRemoved r && r.Member.Node == n && r.PreviousStatus == MemberStatus.Down, $"MemberRemoved({n}, was Down)")).Max();
        Assert.True(
            unreachable < lost && lost < primeChanged && primeChanged < regained && regained < downed && downed < removed,
            $"dr-1's events out of order: {string.Join(", ", events.Select(e => e.GetType().Name))}");
        Assert.Single(events, e => e is QuorumLost);
    }
}
