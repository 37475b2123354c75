using ActorRealm.PersistenceSets.Replication;
using Xunit.Abstractions;

namespace ActorRealm.PersistenceSets.Tests.Simulation;

/// <summary>
/// The simulator has teeth: with one safety rule switched off, some CI seed finds a violation. The search stops at
/// the first violating seed (the one found first depends on scheduling; any is proof).
/// </summary>
public sealed class SafetySwitchTeethTests(ITestOutputHelper output)
{
    public static TheoryData<string> Rules => ["ElectionRestriction", "MajorityForCommit", "EpochCheck", "CompactOnlyWhatStandbyHolds"];

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_disabled_safety_rule_is_caught_within_the_CI_seeds(string rule)
    {
        var switches = rule switch
        {
            "ElectionRestriction" => SafetySwitches.All with { ElectionRestriction = false },
            "MajorityForCommit" => SafetySwitches.All with { MajorityForCommit = false },
            "CompactOnlyWhatStandbyHolds" => SafetySwitches.All with { CompactOnlyWhatStandbyHolds = false },
            _ => SafetySwitches.All with { EpochCheck = false },
        };
        var failures = SimulationSeeds.Run([.. Enumerable.Range(0, SimulationSeeds.CiSeeds)], switches, stopAtFirst: true);
        Assert.NotEmpty(failures);
        output.WriteLine($"{rule} off: seed {failures[0].Seed}: {failures[0].Failure.Split('\n')[0]}");
    }
}
