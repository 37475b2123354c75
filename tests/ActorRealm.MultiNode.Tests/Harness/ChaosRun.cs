using System.Globalization;
using System.Text;
using ActorRealm.Cluster.Prime;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>
/// Runs a seeded chaos schedule (<see cref="ChaosSchedule"/>) on a realm of real in-process actor
/// systems, with the harness's invariants checked at every status change of every node and every
/// Down (no two disjoint sides serving in one prime epoch, no Down by a side without quorum). After
/// the last step everything heals and every crashed node starts again, and the realm must converge:
/// every node Up in one cluster, serving, following one prime state, which every node that follows a
/// switched state has stored. A failure prints the schedule, what each step did, every node's status
/// and the merged logs.
/// </summary>
internal static class ChaosRun
{
    /// <summary>How long the realm has to converge after the final heal.</summary>
    private static readonly TimeSpan ConvergenceDeadline = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(int seed, ITestOutputHelper output, string layout, int steps, string spec)
    {
        await using var cluster = new RealmTestCluster(output, layout);
        cluster.DumpLines = Math.Max(cluster.DumpLines, 1500);
        var schedule = ChaosSchedule.Generate(seed, [.. cluster.Nodes.Select(n => (n.Name, n.Site))], "main", ChaosSchedule.Steps(steps));
        var done = new List<string>();
        var plan = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"chaos seed {seed} on {layout}, {schedule.Count} steps; replay: {ChaosSchedule.SeedsVariable}={seed} dotnet test tests/ActorRealm.MultiNode.Tests --filter \"FullyQualifiedName~{spec}\"")
            .AppendJoin(Environment.NewLine, schedule.Select((step, i) => $"  {i + 1,2}. {step}"))
            .ToString();
        output.WriteLine(plan);
        cluster.DumpHeader = () => $"{plan}\nwhat the steps did:\n{string.Join(Environment.NewLine, done.Select((d, i) => $"  {i + 1,2}. {d}"))}";
        await cluster.RunAsync(async () =>
        {
            await cluster.StartAllAndAwaitUpAsync();
            for (var i = 0; i < schedule.Count; i++)
            {
                var step = schedule[i];
                cluster.Step($"chaos step {i + 1}/{schedule.Count}: {step}");
                var outcome = await ActAsync(cluster, step);
                done.Add(outcome);
                cluster.Log($"chaos step {i + 1}: {outcome}");
                await cluster.RunForAsync(step.Then);
            }

            cluster.Step("final heal; every crashed node starts again");
            await cluster.HealAsync();
            foreach (var node in cluster.Nodes.Where(n => n.Stopped).ToList())
            {
                await cluster.StartAsync(node.Name);
            }

            var all = cluster.Nodes.ToList();
            var took = await cluster.AwaitAllAsync(
                s => s.IsUpWithExactly(all) && s.IsServing && all.All(n => n.Status.Prime == s.Prime),
                ConvergenceDeadline,
                "convergence: every node Up in one cluster, serving, one prime state");
            var prime = all[0].Status.Prime;
            if (prime.Epoch > 0)
            {
                Assert.All(all, n => Assert.Equal(prime, new PrimeEpochStore(n.DataDirectory).Load()));
            }

            output.WriteLine($"chaos seed {seed} on {layout}: converged {took.TotalSeconds:0.0} s after the final heal, prime {prime}; downs issued: {cluster.Downs.Count}; incarnations: {string.Join(", ", all.Select(n => $"{n.Name} {n.Incarnations}"))}");
        });
    }

    /// <summary>Applies one step; returns what it did.</summary>
    private static async Task<string> ActAsync(RealmTestCluster cluster, ChaosStep step)
    {
        switch (step.Kind)
        {
            case ChaosKind.CutSites:
                await cluster.BlackholeAsync("main", "dr");
                return "cut the sites apart";
            case ChaosKind.CutLink:
                await cluster.BlackholeAsync(step.Nodes[0], step.Nodes[1]);
                return $"cut {step.Nodes[0]} | {step.Nodes[1]}";
            case ChaosKind.Isolate:
                await cluster.IsolateAsync(step.Nodes[0]);
                return $"isolated {step.Nodes[0]}";
            case ChaosKind.Kill:
                await cluster.KillAsync(step.Nodes[0]);
                return $"killed {step.Nodes[0]}";
            case ChaosKind.Restart:
                await cluster.StartAsync(step.Nodes[0]);
                return $"restarted {step.Nodes[0]}";
            case ChaosKind.Heal:
                await cluster.HealAsync();
                return "healed";
            case ChaosKind.LosePrimeSite:
                foreach (var name in step.Nodes)
                {
                    await cluster.KillAsync(name);
                }

                return $"killed {string.Join(", ", step.Nodes)} (the prime site {step.Site} as scheduled)";
            case ChaosKind.SwitchPrime:
                return await SwitchAsync(cluster, cluster[step.Nodes[0]]);
            default:
                throw new InvalidOperationException($"Unknown chaos step {step}.");
        }
    }

    /// <summary>
    /// What an administrator does once the prime site is confirmed gone: checks that every node of the
    /// prime site the asker follows has crashed (otherwise the switch would be a mistake, and this is
    /// not the step that tests mistakes), waits until the asker's side has not reached any of them
    /// for <c>prime-switch.min-unreachable</c>, and asks for the switch. The answer is recorded
    /// whatever it is: the guard may still refuse, for example when the asking side would not have
    /// quorum with its own site prime.
    /// </summary>
    private static async Task<string> SwitchAsync(RealmTestCluster cluster, RealmTestNode asker)
    {
        if (!asker.IsAlive)
        {
            return $"switch at {asker.Name} skipped: {asker.Name} is not running";
        }

        var prime = asker.Status.PrimeSite;
        var primeNodes = cluster.Site(prime).ToList();
        if (primeNodes.Where(n => n.IsAlive).Select(n => n.Name).ToList() is { Count: > 0 } running)
        {
            return $"switch at {asker.Name} skipped: the prime site {prime} is not gone ({string.Join(", ", running)} run)";
        }

        var target = cluster.Nodes.Select(n => n.Site).First(s => s != prime);
        var minimum = cluster.Timings.PrimeSwitchMinUnreachable;
        var waited = await cluster.WaitUntilAsync(
            () => asker.IsAlive && primeNodes.All(n => asker.Setup.State.UnreachableFor().GetValueOrDefault(n.Address) >= minimum),
            minimum + cluster.DetectionBound + TimeSpan.FromSeconds(5));
        try
        {
            var outcome = await cluster.ResultAsync(asker.Realm.RequestPrimeSwitchAsync(target, prime, "chaos"), TimeSpan.FromSeconds(20), $"the switch at {asker.Name} answers");
            var result = outcome.Accepted ? $"accepted, epoch {outcome.Prime.Epoch}" : $"refused ({outcome.Refusal}): {outcome.Message}";
            return $"switch to {target} at {asker.Name} after {waited.TotalSeconds:0.0} s: {result}";
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            return $"switch to {target} at {asker.Name}: no answer ({e.GetType().Name}: {e.Message})";
        }
    }
}
