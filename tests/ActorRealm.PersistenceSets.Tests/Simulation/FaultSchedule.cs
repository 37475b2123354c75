namespace ActorRealm.PersistenceSets.Tests.Simulation;

/// <summary>What the schedule does at a moment of virtual time.</summary>
internal enum FaultKind
{
    Crash,
    CutSites,
    Isolate,
    SlowDisk,
    RealmFlap,
    CutOver,
    Migrate,
}

/// <summary>One fault or administrator action: at <paramref name="At"/> ms, for <paramref name="For"/> ms, on <paramref name="Target"/>.</summary>
internal sealed record Fault(long At, FaultKind Kind, string Target, long For)
{
    public override string ToString() => $"{At,5} ms {Kind} {Target} for {For} ms";
}

/// <summary>The network's character and the faults of one run, all drawn from the seed before the run starts.</summary>
internal sealed record FaultSchedule(double Loss, double Duplication, int MaxDelayMs, IReadOnlyList<Fault> Faults)
{
    public const long FaultPhaseMs = 2500;

    public static FaultSchedule Draw(Random random, IReadOnlyList<string> servers)
    {
        var loss = random.Next(4) == 0 ? 0 : random.NextDouble() * 0.1;
        var dup = random.NextDouble() * 0.05;
        var maxDelay = 2 + random.Next(30);
        var faults = new List<Fault>();
        var count = 2 + random.Next(9);
        for (var i = 0; i < count; i++)
        {
            var at = 100 + random.Next((int)FaultPhaseMs - 300);
            var kind = (FaultKind)random.Next(Enum.GetValues<FaultKind>().Length);
            var target = kind switch
            {
                FaultKind.CutSites or FaultKind.CutOver or FaultKind.Migrate => "-",
                FaultKind.RealmFlap => random.Next(2) == 0 ? "main" : "dr",
                _ => servers[random.Next(servers.Count)],
            };
            faults.Add(new Fault(at, kind, target, 50 + random.Next(900)));
        }

        // A disaster: the whole primary site crashes, then the administrator cuts over (and it comes back later).
        if (random.Next(4) == 0)
        {
            var at = 300 + random.Next(1200);
            faults.AddRange(servers.Where(s => s.StartsWith('a')).Select(s => new Fault(at, FaultKind.Crash, s, 600 + random.Next(600))));
            faults.Add(new Fault(at + 50 + random.Next(200), FaultKind.CutOver, "-", 0));
        }

        return new FaultSchedule(loss, dup, maxDelay, [.. faults.OrderBy(f => f.At)]);
    }

    public override string ToString() =>
        $"network: loss {Loss:P1}, duplication {Duplication:P1}, delay 1..{MaxDelayMs} ms\n" + string.Join('\n', Faults);
}
