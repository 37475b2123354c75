using System.Collections.Concurrent;
using System.Globalization;
using ActorRealm.PersistenceSets.Replication;

namespace ActorRealm.PersistenceSets.Tests.Simulation;

/// <summary>Which seeds to run, and running many of them on every core.</summary>
internal static class SimulationSeeds
{
    public const int CiSeeds = 10_000;
    public const string Variable = "ACTORREALM_SETS_SEEDS";
    private static long _eventCount;

    /// <summary>Events handled by every run so far (for the report of a run's cost).</summary>
    public static long EventCount => Interlocked.Read(ref _eventCount);

    /// <summary>
    /// <c>ACTORREALM_SETS_SEEDS</c>: <c>a-b</c> (a range), <c>1,5,9</c> (a list) or <c>42</c> (one seed); unset: the CI
    /// seeds 0..9999.
    /// </summary>
    public static IReadOnlyList<int> FromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable(Variable);
        return string.IsNullOrWhiteSpace(text) ? [.. Enumerable.Range(0, CiSeeds)] : Parse(text);
    }

    public static IReadOnlyList<int> Parse(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).SelectMany(part =>
        {
            var dash = part.IndexOf('-', 1);
            if (dash < 0)
            {
                return [int.Parse(part, CultureInfo.InvariantCulture)];
            }

            var from = int.Parse(part[..dash], CultureInfo.InvariantCulture);
            var to = int.Parse(part[(dash + 1)..], CultureInfo.InvariantCulture);
            return Enumerable.Range(from, to - from + 1);
        })];

    /// <summary>Runs the seeds in parallel; returns the failures (seed and description), lowest seed first.</summary>
    /// <param name="seeds">The seeds.</param>
    /// <param name="switches">The safety rules (null: all on).</param>
    /// <param name="stopAtFirst">Stop as soon as one seed fails (the teeth tests).</param>
    public static IReadOnlyList<(int Seed, string Failure)> Run(IReadOnlyList<int> seeds, SafetySwitches? switches = null, bool stopAtFirst = false)
    {
        var failures = new ConcurrentBag<(int, string)>();
        Parallel.ForEach(seeds, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, (seed, state) =>
        {
            var simulation = new ClusterSimulation(seed, SimulationConfig.ForSeed(seed, switches));
            var failure = simulation.Run();
            Interlocked.Add(ref _eventCount, simulation.Events);
            if (failure is not null)
            {
                failures.Add((seed, failure));
                if (stopAtFirst)
                {
                    state.Stop();
                }
            }
        });
        return [.. failures.OrderBy(f => f.Item1)];
    }
}
