using System.Globalization;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>
/// A seeded chaos run: random partitions between sites, isolated nodes, cut links, crashes,
/// restarts, heals and prime switch requests, each followed by a random stretch of virtual time,
/// with the invariants checked at every status change. At the end everything heals and every
/// crashed node restarts, and the realm must converge: every node Up with all the others, serving,
/// following one prime state. The same seed replays the same run.
/// </summary>
internal static class ChaosRun
{
    /// <summary>The environment variable naming the seeds to run instead: a range (<c>1-500</c>), a list (<c>7,42</c>) or one seed.</summary>
    public const string SeedsVariable = "ACTORREALM_CHAOS_SEEDS";

    /// <summary>The seeds a CI run uses, or those named by <see cref="SeedsVariable"/>.</summary>
    public static IEnumerable<int> Seeds(params int[] defaults)
    {
        var text = Environment.GetEnvironmentVariable(SeedsVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaults;
        }

        if (text.Split('-') is [var from, var to] && int.TryParse(from, CultureInfo.InvariantCulture, out var first) && int.TryParse(to, CultureInfo.InvariantCulture, out var last))
        {
            return Enumerable.Range(first, last - first + 1);
        }

        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture));
    }

    public static void Run(int seed, ITestOutputHelper output, string layout, int steps)
    {
        using var cluster = new MultiNodeCluster(seed, output, layout);
        var random = new Random(unchecked(seed * 7919));
        cluster.StartAllAndAwaitUp();
        var sites = cluster.Nodes.Select(n => n.Site).Distinct().ToList();
        var actions = new List<string>();
        for (var step = 0; step < steps; step++)
        {
            actions.Add(Act(cluster, random, sites));
            cluster.RunFor(TimeSpan.FromMilliseconds(random.Next(500, 15_000)));
        }

        cluster.Heal();
        foreach (var node in cluster.Nodes.Where(n => !n.IsAlive).ToList())
        {
            cluster.Restart(node.Name);
        }

        var all = cluster.Nodes.ToList();
        cluster.AwaitAll(
            s => s.IsUpWithExactly(all) && s.IsServing && all.All(n => n.Status.Prime == s.Prime),
            TimeSpan.FromSeconds(120),
            $"convergence after: {string.Join("; ", actions)}");
        output.WriteLine($"seed {seed}: {string.Join("; ", actions)}; converged at {cluster.Now.TotalSeconds:0.#} s in prime {all[0].Status.Prime}");
    }

    private static string Act(MultiNodeCluster cluster, Random random, List<string> sites)
    {
        var alive = cluster.Nodes.Where(n => n.IsAlive).ToList();
        var dead = cluster.Nodes.Where(n => !n.IsAlive).ToList();
        switch (random.Next(8))
        {
            case 0:
                cluster.Blackhole(sites[0], sites[1]);
                return "cut sites";
            case 1:
                var isolated = alive[random.Next(alive.Count)];
                cluster.Isolate(isolated.Name);
                return $"isolate {isolated.Name}";
            case 2:
                var a = cluster.Nodes[random.Next(cluster.Nodes.Count)];
                var b = cluster.Nodes.Where(n => n != a).ElementAt(random.Next(cluster.Nodes.Count - 1));
                cluster.Cut(a.Name, b.Name);
                return $"cut {a.Name}-{b.Name}";
            case 3 when alive.Count > 1:
                var victim = alive[random.Next(alive.Count)];
                cluster.Kill(victim.Name);
                return $"kill {victim.Name}";
            case 4 when dead.Count > 0:
                var back = dead[random.Next(dead.Count)];
                cluster.Restart(back.Name);
                return $"restart {back.Name}";
            case 5:
                cluster.Heal();
                return "heal";
            case 6:
                var asker = alive[random.Next(alive.Count)];
                var prime = asker.Status.PrimeSite;
                var other = sites.First(s => s != prime);
                var outcome = cluster.Result(asker.Cluster.RequestPrimeSwitchAsync(other, prime, "chaos"), TimeSpan.FromSeconds(20), "a switch answers");
                return $"switch at {asker.Name}: {(outcome.Accepted ? $"accepted epoch {outcome.Prime.Epoch}" : outcome.Refusal.ToString())}";
            default:
                return "wait";
        }
    }
}
