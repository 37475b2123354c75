using ActorRealm.Cluster;
using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using Akka.Event;
using Xunit.Abstractions;
using ClusterEvent = Akka.Cluster.ClusterEvent;
using AkkaMemberStatus = Akka.Cluster.MemberStatus;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>
/// The scenarios of the issue, written once for any two-site layout with prime = main; each
/// <c>&lt;Scenario&gt;&lt;N&gt;NodeSpec</c> runs one of them on its layout.
/// </summary>
internal static class Scenarios
{
    /// <summary>
    /// The whole dr site crashes: main keeps quorum (exactly half, with every prime member), keeps
    /// serving throughout, and its leader downs the dr nodes within pause + stable-after + 2 s.
    /// </summary>
    public static async Task NonPrimeSiteLost(RealmTestCluster cluster, ITestOutputHelper output)
    {
        await cluster.StartAllAndAwaitUpAsync();
        var main = cluster.Site("main").ToList();
        var lost = cluster.Site("dr").Incarnations();

        var stoppedServing = false;
        foreach (var node in main)
        {
            node.Realm.StatusChanged += (_, s) => stoppedServing |= !s.IsServing;
        }

        foreach (var node in cluster.Site("dr").ToList())
        {
            await cluster.KillAsync(node.Name);
        }

        var took = await cluster.AwaitAsync(() => main.All(n => n.Status.SeesGone(lost)), TimeSpan.FromSeconds(60), "main sees every dr node down");
        output.WriteLine($"{cluster.Nodes.Count} nodes: crash to Down on every main node took {took.TotalSeconds:0.000} s (budget {cluster.Timings.DowningBudget.TotalSeconds:0.#} s)");
        Assert.False(stoppedServing, "the prime site must serve throughout");
        Assert.True(took <= cluster.Timings.DowningBudget, $"crash to Down took {took}, more than pause + stable-after + 2 s = {cluster.Timings.DowningBudget}");
        Assert.True(took >= cluster.Timings.StableAfter, $"downed after {took}, before stable-after ({cluster.Timings.StableAfter})");

        cluster.Step("dr removed, main alone serves");
        await cluster.AwaitAllAsync(s => s.IsUpWithExactly(main) && s.IsServing && s.HasQuorum, TimeSpan.FromSeconds(20), "main Up with exactly its own nodes");
        Assert.All(main, n => Assert.Equal(0, n.Status.PrimeEpoch));
    }

    /// <summary>
    /// The main site crashes: dr loses quorum, stops serving, stays alive and downs nobody; the guarded
    /// switch is refused before min-unreachable, accepted after, stored on every surviving node; dr
    /// serves again and downs main; restarted main nodes join and follow the new epoch; a dr node restarted
    /// out of reach starts from the epoch on its disk. A subscriber on dr-1 gets the events in order:
    /// unreachable, quorum lost, prime changed, quorum regained, downed, removed.
    /// </summary>
    public static async Task PrimeSiteLost(RealmTestCluster cluster)
    {
        await cluster.StartAllAndAwaitUpAsync();
        var dr = cluster.Site("dr").ToList();
        var main = cluster.Site("main").Incarnations();
        var events = EventRecorder.Record(cluster["dr-1"]);

        foreach (var node in cluster.Site("main").ToList())
        {
            await cluster.KillAsync(node.Name);
        }

        await cluster.AwaitAllAsync(s => !s.HasQuorum && !s.IsServing, TimeSpan.FromSeconds(20), "dr loses quorum and stops serving");
        // min-unreachable counts from when this side marked main unreachable.
        var unreachableAt = cluster.Now;
        Assert.All(dr, n => Assert.Contains("prime site 'main' is missing", n.Status.Quorum.Explanation, StringComparison.Ordinal));

        cluster.Step("switch too early");
        var early = await cluster.ResultAsync(cluster["dr-1"].Realm.RequestPrimeSwitchAsync("dr", "main", "spec"), TimeSpan.FromSeconds(10), "the early switch answers");
        Assert.False(early.Accepted);
        Assert.Equal(PrimeSwitchRefusal.OldPrimeRecentlyReachable, early.Refusal);
        Assert.Contains($"must have been unreachable from this side for at least {cluster.Timings.PrimeSwitchMinUnreachable.TotalSeconds:0} s", early.Message, StringComparison.Ordinal);

        cluster.Step("dr waits, alive and not serving, downing nobody");
        await cluster.RunForAsync(cluster.Timings.PrimeSwitchMinUnreachable - (cluster.Now - unreachableAt) + TimeSpan.FromSeconds(1));
        Assert.All(dr, n => Assert.False(n.Status.IsServing));
        Assert.All(dr, n => Assert.True(n.Status.SeesUp(dr)));
        Assert.All(dr, n => Assert.All(main, m => Assert.Contains(n.Status.Members, r => r.Incarnation == m.Uid && r.Status == ClusterMemberStatus.Up && !r.Reachable)));

        cluster.Step("switch after min-unreachable");
        var accepted = await cluster.ResultAsync(cluster["dr-1"].Realm.RequestPrimeSwitchAsync("dr", "main", "spec"), TimeSpan.FromSeconds(15), "the switch answers");
        Assert.True(accepted.Accepted, accepted.Message);
        Assert.Equal(("dr", 1L), (accepted.Prime.Site, accepted.Prime.Epoch));
        Assert.Equal(dr.Select(n => n.Address).Order(), accepted.StoredBy.Order());
        Assert.Empty(accepted.NotConfirmedBy);
        foreach (var node in dr)
        {
            Assert.Equal(accepted.Prime, new PrimeEpochStore(node.DataDirectory).Load());
        }

        await cluster.AwaitAllAsync(s => s.HasQuorum && s.IsServing && s.PrimeEpoch == 1 && s.SeesGone(main), cluster.Timings.DowningBudget + TimeSpan.FromSeconds(5), "dr serves with epoch 1 and has downed main");

        cluster.Step("main comes back and follows epoch 1");
        foreach (var node in cluster.Site("main").ToList())
        {
            await cluster.StartAsync(node.Name);
        }

        var all = cluster.Nodes.ToList();
        await cluster.AwaitAllAsync(s => s.IsUpWithExactly(all) && s.PrimeSite == "dr" && s.PrimeEpoch == 1 && s.IsServing, TimeSpan.FromSeconds(60), "everyone Up in epoch 1");
        foreach (var node in all)
        {
            Assert.Equal(accepted.Prime, new PrimeEpochStore(node.DataDirectory).Load());
        }

        AssertEventsOfPrimeSiteLoss([.. events], main, accepted.Prime);

        cluster.Step("a dr node restarted out of reach starts from its stored epoch, not from the configured prime site");
        await cluster.KillAsync("dr-1");
        await cluster.IsolateAsync("dr-1");
        var restarted = await cluster.StartAsync("dr-1");
        await cluster.AwaitAsync(() => restarted.Status.Members.Length > 0, TimeSpan.FromSeconds(5), "the restarted dr-1 has a status");
        Assert.Equal(("dr", 1L), (restarted.Status.PrimeSite, restarted.Status.PrimeEpoch));
        Assert.False(restarted.Status.IsServing);
    }

    /// <summary>
    /// The sites are cut with both alive: only main serves and downs dr; dr stops serving, stays
    /// alive, downs nobody. After the heal the dr nodes rejoin by themselves as new incarnations.
    /// </summary>
    public static async Task FullPartition(RealmTestCluster cluster)
    {
        await cluster.StartAllAndAwaitUpAsync();
        var main = cluster.Site("main").ToList();
        var dr = cluster.Site("dr").ToList();
        var drBefore = dr.Incarnations();

        var cutAt = cluster.Now;
        await cluster.BlackholeAsync("main", "dr");
        var took = await cluster.AwaitAsync(() => main.All(n => n.Status.SeesGone(drBefore) && n.Status.IsServing), TimeSpan.FromSeconds(40), "main downs dr");
        var budget = cluster.DowningBudgetSince(cutAt);
        Assert.True(took <= budget, $"cut to Down took {took}, more than the budget {budget} (pause + stable-after + 2 s, plus the thread pool's lateness since the cut)");
        await cluster.AwaitAllAsync(s => !s.IsServing && !s.HasQuorum, TimeSpan.FromSeconds(10), "dr stops serving", dr);

        cluster.Step("partition lasts");
        await cluster.RunForAsync(TimeSpan.FromSeconds(5));
        Assert.All(dr, n => Assert.False(n.Status.IsServing));
        Assert.All(main, n => Assert.True(n.Status.IsServing));
        Assert.All(dr, n => Assert.Equal(1, n.Incarnations));

        await cluster.HealAsync();
        var all = cluster.Nodes.ToList();
        await cluster.AwaitAllAsync(s => s.IsUpWithExactly(all) && s.IsServing, TimeSpan.FromSeconds(60), "everyone Up and serving again");
        Assert.All(cluster.Nodes, n => Assert.Equal(1, n.Starts));
        Assert.All(dr, n => Assert.DoesNotContain(n.Realm.SelfNode, drBefore));
        Assert.All(cluster.Nodes, n => Assert.True(n.Status.SeesGone(drBefore)));
    }

    /// <summary>
    /// A mistaken switch on dr during a cut: both sides serve in different epochs; at the heal every
    /// main node logs a loud split-brain warning naming both epochs and follows the higher one.
    /// </summary>
    public static async Task EpochReconciliationAfterHeal(RealmTestCluster cluster)
    {
        await cluster.StartAllAndAwaitUpAsync();
        var main = cluster.Site("main").ToList();
        var dr = cluster.Site("dr").ToList();

        await cluster.BlackholeAsync("main", "dr");
        await cluster.AwaitAllAsync(s => !s.IsServing, TimeSpan.FromSeconds(20), "dr marks main unreachable and stops serving", dr);
        await cluster.RunForAsync(cluster.Timings.PrimeSwitchMinUnreachable + TimeSpan.FromSeconds(1));
        Assert.All(main, n => Assert.True(n.Status.IsServing));

        cluster.Step("the mistaken switch on dr");
        var switched = await cluster.ResultAsync(cluster[dr[^1].Name].Realm.RequestPrimeSwitchAsync("dr", "main", "operator who thought main was down"), TimeSpan.FromSeconds(15), "switch answers");
        Assert.True(switched.Accepted, switched.Message);
        await cluster.AwaitAllAsync(s => s.IsServing && s.PrimeEpoch == 1 && s.PrimeSite == "dr", TimeSpan.FromSeconds(20), "dr serves in epoch 1", dr);
        Assert.All(main, n => Assert.Equal(("main", 0L), (n.Status.PrimeSite, n.Status.PrimeEpoch)));

        cluster.Step("both sides down each other");
        await cluster.AwaitAsync(() => main.All(n => n.Status.SeesGone(dr.Incarnations())) && dr.All(n => n.Status.SeesGone(main.Incarnations())), TimeSpan.FromSeconds(30), "each side has downed the other");

        await cluster.HealAsync();
        var all = cluster.Nodes.ToList();
        await cluster.AwaitAllAsync(s => s.IsUpWithExactly(all) && s.PrimeSite == "dr" && s.PrimeEpoch == 1 && s.IsServing, TimeSpan.FromSeconds(90), "one realm, prime dr, epoch 1");

        foreach (var node in main)
        {
            var warning = node.Log.FirstOrDefault(l => l.Level >= LogLevel.WarningLevel && l.Message.Contains("SPLIT BRAIN POSSIBLE", StringComparison.Ordinal));
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
    public static async Task RestartWithNewIncarnation(RealmTestCluster cluster, string node)
    {
        await cluster.StartAllAndAwaitUpAsync();
        var old = cluster[node].Realm.SelfNode;

        await cluster.KillAsync(node);
        var restarted = await cluster.StartAsync(node);
        Assert.NotEqual(old, restarted.Realm.SelfNode);

        var all = cluster.Nodes.ToList();
        await cluster.AwaitAllAsync(s => s.IsUpWithExactly(all) && s.SeesGone([old]) && s.IsServing, TimeSpan.FromSeconds(40), $"the new {node} is Up and the old one gone");
        Assert.All(all, n => Assert.DoesNotContain(n.Status.Members, m => m.Incarnation == old.Uid));
        Assert.Equal(2, restarted.Starts);
    }

    private static void AssertEventsOfPrimeSiteLoss(IReadOnlyList<object> events, IReadOnlyCollection<NodeId> main, PrimeState switched)
    {
        Assert.IsType<ClusterEvent.CurrentClusterState>(events[0]);
        int IndexOf(Func<object, bool> match, string what)
        {
            var index = events.ToList().FindIndex(e => match(e));
            Assert.True(index >= 0, $"dr-1 got no {what} event; it got: {string.Join(", ", events.Select(e => e.GetType().Name))}");
            return index;
        }

        static NodeId Of(Akka.Cluster.Member m) => AkkaClusterView.ToNodeId(m.UniqueAddress);
        var unreachable = main.Select(n => IndexOf(e => e is ClusterEvent.UnreachableMember u && Of(u.Member) == n, $"UnreachableMember({n})")).Max();
        var lost = IndexOf(e => e is QuorumLost { Decision.HasQuorum: false }, "QuorumLost");
        var primeChanged = IndexOf(e => e is PrimeChanged p && p.Previous.Epoch == 0 && p.Current == switched, "PrimeChanged(epoch 0 -> 1)");
        var regained = IndexOf(e => e is QuorumRegained { Decision.HasQuorum: true }, "QuorumRegained");
        var downed = main.Select(n => IndexOf(e => e is ClusterEvent.MemberDowned d && Of(d.Member) == n, $"MemberDowned({n})")).Min();
        var removed = main.Select(n => IndexOf(e => e is ClusterEvent.MemberRemoved r && Of(r.Member) == n && r.PreviousStatus == AkkaMemberStatus.Down, $"MemberRemoved({n}, was Down)")).Max();
        Assert.True(
            unreachable < lost && lost < primeChanged && primeChanged < regained && regained < downed && downed < removed,
            $"dr-1's events out of order: {string.Join(", ", events.Select(e => e.GetType().Name))}");
        Assert.Single(events, e => e is QuorumLost);
    }
}
