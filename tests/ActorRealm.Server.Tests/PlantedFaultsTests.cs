using ActorRealm.Hocon;
using ActorRealm.PersistenceSets.Server;
using ActorRealm.Server.PersistenceServer;

namespace ActorRealm.Server.Tests;

/// <summary>The chaos harness's planted faults load only behind ACTORREALM_TESTING_FAULTS=1, and loudly (ADR 0079).</summary>
public sealed class PlantedFaultsTests
{
    [Fact]
    public void No_testing_key_plants_nothing()
    {
        var (faults, problems, warnings) = Read("actorrealm.persistence.tick-interval = 50ms", environment: "1");

        Assert.Same(PlantedFaults.None, faults);
        Assert.Empty(problems);
        Assert.Empty(warnings);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0")]
    [InlineData("true")]
    public void A_planted_fault_without_the_environment_gate_is_a_problem(string? environment)
    {
        var (faults, problems, _) = Read("actorrealm.testing.skip-epoch-check = on", environment);

        Assert.False(faults.Any);
        var problem = Assert.Single(problems);
        Assert.Contains("actorrealm.testing.skip-epoch-check", problem, StringComparison.Ordinal);
        Assert.Contains("never for production", problem, StringComparison.Ordinal);
        Assert.Contains("ACTORREALM_TESTING_FAULTS=1", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_gate_each_fault_loads_with_a_warning_and_switches_its_rule_off()
    {
        var (faults, problems, warnings) = Read("actorrealm.testing { ack-before-majority-durable = on, skip-epoch-check = on }", environment: "1");

        Assert.Empty(problems);
        Assert.Equal(new PlantedFaults(AckBeforeMajorityDurable: true, SkipEpochCheck: true), faults);
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.StartsWith("PLANTED FAULT", w, StringComparison.Ordinal));
        Assert.False(faults.Switches.MajorityForCommit);
        Assert.False(faults.Switches.EpochCheck);
        Assert.True(faults.Switches.ElectionRestriction);
    }

    private static (PlantedFaults Faults, List<string> Problems, List<string> Warnings) Read(string hocon, string? environment)
    {
        var problems = new List<string>();
        var warnings = new List<string>();
        var faults = PersistenceServerConfiguration.ReadPlantedFaults(ConfigFactory.ParseString(hocon), problems, warnings, environment);
        return (faults, problems, warnings);
    }
}
