using System.Diagnostics;
using System.Text.Json;
using ActorRealm.Cli.Commands.Chaos;
using ActorRealm.Cli.Commands.Demo;
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
    /// acknowledged offset, from both sets' leaders and from each server's own copy. It once failed with two sets serving: the killed leader a3's last status
    /// stayed listed as serving in epoch 0 after the final migration (ADR 0080).
    /// </summary>
    [Fact]
    public async Task A_short_seeded_run_on_real_processes_passes_with_no_violation()
    {
        var (json, verdict, _) = await PassingRunAsync(new ChaosOptions(TimeSpan.FromSeconds(20), Seed: 3, CutOverEvery: 0, PlantedFaults.None));

        Assert.Equal("pass", verdict.GetProperty("verdict").GetString());
        Assert.True(verdict.GetProperty("cycles").GetInt32() >= 1, json);
        Assert.True(verdict.GetProperty("acked").GetInt32() > 0, json);
        Assert.Equal(2, verdict.GetProperty("read_back_sets").GetInt32());
        Assert.Equal(6, verdict.GetProperty("read_back_servers").GetInt32());
        Assert.All(ViolationKind.All, kind => Assert.Equal(0, verdict.GetProperty(kind).GetInt32()));
    }

    /// <summary>
    /// Regression (ADR 0080), seed 1's first cycle: the whole primary site frozen (its realm server and _setA), the
    /// administrator's prime switch and cut-over to _setB, then the site resumed. With remote DeathWatch on the realm
    /// link the resumed persistence servers had quarantined their realm server for good and _setA never followed
    /// epoch 1 (a stall); now it follows, and the read-back from both sets finds nothing lost. Also (ADR 0084): the
    /// resumed realm server judged dr-1 unreachable on heartbeats from before its sleep and, as the prime site's only
    /// member, gave the old primary quorum until it learned the prime switch (lost_acked about one run in four); a
    /// paused node now claims no quorum until it has observed afresh.
    /// </summary>
    [Fact]
    public async Task A_frozen_primary_site_cut_over_then_resumed_follows_the_new_epoch()
    {
        var (json, verdict, progress) = await PassingRunAsync(new ChaosOptions(TimeSpan.FromSeconds(5), Seed: 1, CutOverEvery: 1, PlantedFaults.None));

        Assert.Equal(1, verdict.GetProperty("faults").GetProperty("cutover").GetInt32());
        Assert.Contains("site main frozen", progress, StringComparison.Ordinal);
        Assert.Contains("_setA follows epoch 1", progress, StringComparison.Ordinal);
        Assert.Equal(0, verdict.GetProperty("stalls").GetInt32());
        Assert.Equal(2, verdict.GetProperty("read_back_sets").GetInt32());
        Assert.Equal(6, verdict.GetProperty("read_back_servers").GetInt32());
        Assert.All(ViolationKind.All, kind => Assert.Equal(0, verdict.GetProperty(kind).GetInt32()));
    }

    /// <summary>
    /// Partitions (ADR 0082), seed 135's first cycles: the WAN between the sites cut (4.6 s), then the primary leader cut
    /// from every other server (5.6 s), each longer than the failure detectors' budgets, with both ends running
    /// throughout; then the administrator's mistake (ADR 0083): the WAN cut again, the prime site switched and the
    /// standby set cut over at the other site while the primary set still serves, both serving in different epochs
    /// until the heal, after which the old set follows the new epoch and everything it acknowledged meanwhile is in its
    /// exports. The run moves into network namespaces of its own, so it runs as the CLI would (a process; Linux as
    /// root, as CI runs).
    /// </summary>
    [Fact]
    public async Task A_short_run_with_cut_links_between_live_processes_passes_with_no_violation()
    {
        Assert.True(ChaosNetwork.Unavailable() is null, $"{ChaosNetwork.Unavailable()} (this test runs as root on Linux, as CI does)");
        var info = NodeLauncher.Current().StartInfo(["chaos", "--partitions", "--minutes", "3", "--cycles", "3", "--seed", "135", "--cutover-every", "0", "--mistaken-switch-every", "3", "--json"]);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var process = Process.Start(info)!;
        var progress = process.StandardError.ReadToEndAsync();
        var json = (await process.StandardOutput.ReadToEndAsync()).Trim();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(8));
        output.WriteLine(await progress);
        output.WriteLine(json);

        Assert.True(process.ExitCode == 0, json);
        var verdict = JsonDocument.Parse(json).RootElement;
        Assert.True(verdict.GetProperty("partitions").GetBoolean(), json);
        Assert.Equal(1, verdict.GetProperty("faults").GetProperty("wan-cut").GetInt32());
        Assert.Equal(1, verdict.GetProperty("faults").GetProperty("isolate").GetInt32());
        Assert.Equal(1, verdict.GetProperty("faults").GetProperty("mistaken-switch").GetInt32());
        Assert.Contains("WAN cut between the sites", await progress, StringComparison.Ordinal);
        Assert.Contains("_setA follows epoch 1", await progress, StringComparison.Ordinal);
        // The old side acknowledged on while cut off: lost by the mistaken cut-over, and every one of them exported.
        Assert.True(verdict.GetProperty("cutover_loss_explained").GetInt32() > 0, json);
        Assert.Equal(0, verdict.GetProperty("stalls").GetInt32());
        Assert.Equal(2, verdict.GetProperty("read_back_sets").GetInt32());
        Assert.Equal(6, verdict.GetProperty("read_back_servers").GetInt32());
        Assert.All(ViolationKind.All, kind => Assert.Equal(0, verdict.GetProperty(kind).GetInt32()));
    }

    /// <summary>Runs <paramref name="options"/> in a fresh directory, shows its progress, and asserts it passed.</summary>
    private async Task<(string Json, JsonElement Verdict, string Progress)> PassingRunAsync(ChaosOptions options)
    {
        using var dir = new TempDirectory();
        var progress = new StringWriter();

        var (json, passed) = await ChaosRun.RunAsync(options, dir.Path, progress, CancellationToken.None);

        output.WriteLine(progress.ToString());
        output.WriteLine(json);
        Assert.True(passed, json);
        return (json, JsonDocument.Parse(json).RootElement, progress.ToString());
    }
}
