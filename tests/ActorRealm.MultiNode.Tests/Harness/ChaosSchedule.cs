using System.Globalization;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>What one step of a chaos schedule does.</summary>
internal enum ChaosKind
{
    /// <summary>Cut every link between the two sites.</summary>
    CutSites,

    /// <summary>Cut the link between two nodes (of one site, or of both).</summary>
    CutLink,

    /// <summary>Cut every link of one node (it stays alive).</summary>
    Isolate,

    /// <summary>Crash a node.</summary>
    Kill,

    /// <summary>Start a crashed node again (a new incarnation on its address).</summary>
    Restart,

    /// <summary>Heal every cut and isolation.</summary>
    Heal,

    /// <summary>Crash every running node of the prime site.</summary>
    LosePrimeSite,

    /// <summary>
    /// Once the prime site is confirmed gone (every node of it crashed), an administrator asks a node
    /// of the other site to switch the prime site to its own, after <c>prime-switch.min-unreachable</c>.
    /// </summary>
    SwitchPrime,
}

/// <summary>One step: an action on the nodes named, then real time for the realm to react.</summary>
/// <param name="Kind">The action.</param>
/// <param name="Nodes">The nodes it names (none, one or two).</param>
/// <param name="Site">The site it names (the site lost, the site made prime), or null.</param>
/// <param name="Then">How long the schedule lets the realm run before the next step.</param>
internal sealed record ChaosStep(ChaosKind Kind, IReadOnlyList<string> Nodes, string? Site, TimeSpan Then)
{
    public override string ToString()
    {
        var what = Kind switch
        {
            ChaosKind.CutSites => "cut the sites apart",
            ChaosKind.CutLink => $"cut {Nodes[0]} | {Nodes[1]}",
            ChaosKind.Isolate => $"isolate {Nodes[0]}",
            ChaosKind.Kill => $"kill {Nodes[0]}",
            ChaosKind.Restart => $"restart {Nodes[0]}",
            ChaosKind.Heal => "heal",
            ChaosKind.LosePrimeSite => $"lose the prime site {Site} ({string.Join(", ", Nodes)})",
            ChaosKind.SwitchPrime => $"switch the prime site to {Site} at {Nodes[0]}",
            _ => Kind.ToString(),
        };
        return string.Create(CultureInfo.InvariantCulture, $"{what}, then {Then.TotalSeconds:0.0} s");
    }
}

/// <summary>
/// A seeded chaos schedule: partitions between the sites and inside a site, isolations, crashes,
/// restarts, heals, the loss of the whole prime site, and prime switches once the prime site is
/// confirmed gone. The schedule depends on the seed and the layout only (<see cref="Random"/> with
/// the seed), so it is printed before a run and the same seed gives the same schedule; how the realm
/// reacts in real time differs from run to run. A small model of which nodes run and which site is
/// prime keeps every step meaningful (a restart names a crashed node, a switch follows the loss of
/// the prime site); the model assumes each switch it schedules is accepted, and the run checks the
/// real precondition before it asks.
/// </summary>
internal static class ChaosSchedule
{
    /// <summary>The environment variable naming the seeds to run instead of the CI ones: a range (<c>1-50</c>), a list (<c>7,42</c>) or one seed.</summary>
    public const string SeedsVariable = "ACTORREALM_CHAOS_SEEDS";

    /// <summary>The environment variable naming how many steps a schedule has (default: the spec's).</summary>
    public const string StepsVariable = "ACTORREALM_CHAOS_STEPS";

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

    /// <summary>The number of steps: <see cref="StepsVariable"/> when set, else <paramref name="defaultSteps"/>.</summary>
    public static int Steps(int defaultSteps) =>
        int.TryParse(Environment.GetEnvironmentVariable(StepsVariable), CultureInfo.InvariantCulture, out var steps) && steps > 0 ? steps : defaultSteps;

    /// <summary>The schedule of <paramref name="seed"/> for nodes named <c>&lt;site&gt;-&lt;i&gt;</c>.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="nodes">Every node's name and site, in layout order.</param>
    /// <param name="prime">The initial prime site.</param>
    /// <param name="steps">How many steps.</param>
    public static IReadOnlyList<ChaosStep> Generate(int seed, IReadOnlyList<(string Name, string Site)> nodes, string prime, int steps)
    {
        var random = new Random(seed);
        var sites = nodes.Select(n => n.Site).Distinct().ToList();
        var alive = nodes.Select(n => n.Name).ToHashSet();
        var schedule = new List<ChaosStep>();
        for (var i = 0; i < steps; i++)
        {
            var options = Options(nodes, alive, prime).ToList();
            var kind = Pick(random, options);
            var step = Step(kind, random, nodes, sites, alive, prime);
            switch (kind)
            {
                case ChaosKind.Kill:
                    alive.Remove(step.Nodes[0]);
                    break;
                case ChaosKind.Restart:
                    alive.Add(step.Nodes[0]);
                    break;
                case ChaosKind.LosePrimeSite:
                    alive.ExceptWith(step.Nodes);
                    break;
                case ChaosKind.SwitchPrime:
                    prime = step.Site!;
                    break;
            }

            schedule.Add(step);
        }

        return schedule;
    }

    /// <summary>The kinds of step that make sense now, each with its weight.</summary>
    private static IEnumerable<(ChaosKind Kind, int Weight)> Options(IReadOnlyList<(string Name, string Site)> nodes, HashSet<string> alive, string prime)
    {
        var primeAlive = nodes.Any(n => n.Site == prime && alive.Contains(n.Name));
        var othersAlive = nodes.Any(n => n.Site != prime && alive.Contains(n.Name));
        yield return (ChaosKind.CutSites, 2);
        yield return (ChaosKind.CutLink, 2);
        yield return (ChaosKind.Isolate, 1);
        yield return (ChaosKind.Heal, 2);
        if (alive.Count > 1)
        {
            yield return (ChaosKind.Kill, 2);
        }

        if (alive.Count < nodes.Count)
        {
            yield return (ChaosKind.Restart, 2);
        }

        if (primeAlive && othersAlive)
        {
            yield return (ChaosKind.LosePrimeSite, 1);
        }

        if (!primeAlive && othersAlive)
        {
            yield return (ChaosKind.SwitchPrime, 4);
        }
    }

    private static ChaosKind Pick(Random random, List<(ChaosKind Kind, int Weight)> options)
    {
        var roll = random.Next(options.Sum(o => o.Weight));
        foreach (var (kind, weight) in options)
        {
            if (roll < weight)
            {
                return kind;
            }

            roll -= weight;
        }

        throw new InvalidOperationException("No chaos step to pick.");
    }

    private static ChaosStep Step(ChaosKind kind, Random random, IReadOnlyList<(string Name, string Site)> nodes, List<string> sites, HashSet<string> alive, string prime)
    {
        var then = TimeSpan.FromMilliseconds(random.Next(1000, 4000));
        var running = nodes.Where(n => alive.Contains(n.Name)).ToList();
        switch (kind)
        {
            case ChaosKind.CutLink:
                // Half the cuts stay inside a site, half cross the sites.
                var a = nodes[random.Next(nodes.Count)];
                var inside = random.Next(2) == 0;
                var peers = nodes.Where(n => n != a && (n.Site == a.Site) == inside).ToList();
                return new ChaosStep(kind, [a.Name, peers[random.Next(peers.Count)].Name], null, then);
            case ChaosKind.Isolate:
            case ChaosKind.Kill:
                return new ChaosStep(kind, [running[random.Next(running.Count)].Name], null, then);
            case ChaosKind.Restart:
                var dead = nodes.Where(n => !alive.Contains(n.Name)).ToList();
                return new ChaosStep(kind, [dead[random.Next(dead.Count)].Name], null, then);
            case ChaosKind.LosePrimeSite:
                return new ChaosStep(kind, [.. running.Where(n => n.Site == prime).Select(n => n.Name)], prime, then);
            case ChaosKind.SwitchPrime:
                var askers = running.Where(n => n.Site != prime).ToList();
                var asker = askers[random.Next(askers.Count)];
                return new ChaosStep(kind, [asker.Name], asker.Site, then);
            default:
                return new ChaosStep(kind, [], null, then);
        }
    }
}
