using System.Text.Json;
using ActorRealm.Cli.Commands.Chaos;
using ActorRealm.PersistenceSets.Server;
using ActorRealm.TestSupport;
using Xunit.Abstractions;

namespace ActorRealm.Server.Tests;

/// <summary>
/// <c>actorrealm chaos</c> on real processes (ADR 0079): a short seeded run passes with no violation, and a planted
/// fault is caught. Longer runs and the other planted fault: docs/testing.md, "Chaos on real processes".
/// </summary>
public sealed class ChaosRunTests(ITestOutputHelper output)
{
    /// <summary>
    /// Seed 3's first cycles (a standby server killed, then the primary leader left alone, its members frozen, and
    /// killed, as far as 20 s reach on a loaded machine): every acknowledged publish is read back once, in order, at its
    /// acknowledged offset, from both sets.
    /// </summary>
    [Fact]
    public async Task A_short_seeded_run_on_real_processes_passes_with_no_violation()
    {
        using var dir = new TempDirectory();
        var progress = new StringWriter();

        var (json, passed) = await ChaosRun.RunAsync(new ChaosOptions(TimeSpan.FromSeconds(20), Seed: 3, CutOverEvery: 0, PlantedFaults.None), dir.Path, progress, CancellationToken.None);

        output.WriteLine(progress.ToString());
        output.WriteLine(json);
        var verdict = JsonDocument.Parse(json).RootElement;
        Assert.True(passed, json);
        Assert.Equal("pass", verdict.GetProperty("verdict").GetString());
        Assert.True(verdict.GetProperty("cycles").GetInt32() >= 1, json);
        Assert.True(verdict.GetProperty("acked").GetInt32() > 0, json);
        Assert.Equal(2, verdict.GetProperty("read_back_sets").GetInt32());
        Assert.All(ViolationKind.All, kind => Assert.Equal(0, verdict.GetProperty(kind).GetInt32()));
    }
}
