using System.Diagnostics;
using System.Text.Json;
using ActorRealm.Server.Admin;
using ActorRealm.Server.Tests.Support;
using Xunit.Abstractions;

namespace ActorRealm.Server.Tests;

/// <summary>
/// Real <c>actorrealm node</c> processes (2 + 2 on loopback): SIGKILL one and time until the
/// survivors show it down; SIGTERM one and see it leave gracefully; the CLI against live nodes.
/// Set ACTORREALM_TEST_TIMINGS=reference to run the kill with the reference timings
/// (acceptable-heartbeat-pause 3 s, stable-after 20 s) instead of the fast ones.
/// The figures are written to the test output (<c>--logger "console;verbosity=detailed"</c>).
/// </summary>
public sealed class NodeProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(120);

    private static bool ReferenceTimings => Environment.GetEnvironmentVariable("ACTORREALM_TEST_TIMINGS") == "reference";

    [Fact]
    public async Task Sigkill_shows_down_on_the_survivors_within_pause_plus_stable_after_plus_2s()
    {
        using var realm = LocalRealm.Create("main:2,dr:2", tls: true, ReferenceTimings ? string.Empty : LocalRealm.KillTimings);
        await using var nodes = new ProcessRealm(realm);
        nodes.StartAll();
        await nodes.WaitForAsync("main-1", s => s.Members.Count(m => m.Status == MemberView.UpStatus) == 4, StartDeadline, "4 members up");
        var settings = realm.Configuration("main-1").Cluster;
        var bound = settings.FailureDetector.AcceptableHeartbeatPause + settings.StableAfter + TimeSpan.FromSeconds(2);
        var victim = realm.Node("dr-2").Address;

        var clock = Stopwatch.StartNew();
        nodes["dr-2"].Kill();
        nodes.Stopped.Add("dr-2");
        string[] survivors = ["main-1", "main-2", "dr-1"];
        var seen = await Task.WhenAll(survivors.Select(s => SeenDownAsync(nodes, s, victim, clock, bound + TimeSpan.FromSeconds(30))));

        output.WriteLine($"timings: {(ReferenceTimings ? "reference" : "fast")}; heartbeat {settings.FailureDetector.HeartbeatInterval.TotalSeconds} s, " +
            $"pause {settings.FailureDetector.AcceptableHeartbeatPause.TotalSeconds} s, stable-after {settings.StableAfter.TotalSeconds} s");
        foreach (var (observer, unreachable, down, _) in seen)
        {
            output.WriteLine($"SIGKILL -> unreachable on {observer} {(unreachable == TimeSpan.Zero ? "not seen" : $"{unreachable.TotalSeconds:0.00} s")}, -> down on {observer} {down.TotalSeconds:0.00} s (bound {bound.TotalSeconds:0.0} s)");
        }

        var slowest = seen.MaxBy(s => s.Down);
        Assert.True(slowest.Down <= bound, $"dr-2 showed down on {slowest.Observer} after {slowest.Down.TotalSeconds:0.00} s, more than {bound.TotalSeconds:0.0} s.{nodes.Describe()}");
        Assert.All(seen, s => Assert.True(s.Status.HasQuorum, $"{s.Observer}: {s.Status.Quorum.Explanation}"));
        Assert.True((await nodes.StatusAsync("dr-1")).HasQuorum, "dr-1 (3 of 4 reachable) keeps quorum");
    }

    [Fact]
    public async Task Sigterm_leaves_gracefully_and_the_cli_works_against_live_nodes()
    {
        using var realm = LocalRealm.Create("main:2,dr:2", tls: false);
        await using var nodes = new ProcessRealm(realm);
        nodes.StartAll();
        await nodes.WaitForAsync("dr-1", s => s.Members.Count(m => m.Status == MemberView.UpStatus && m.Reachable) == 4, StartDeadline, "4 members up and reachable");
        var admin = realm.Node("dr-1").AdminAddress;

        var json = CliRunner.Run("status", "--admin", admin, "--token", realm.Files.AdminToken, "--json");
        var refused = CliRunner.Run("prime", "set", "--admin", admin, "--token", realm.Files.AdminToken, "--site", "dr", "--confirm-site-down", "main");

        Assert.True(json.Exit == 0, json.Error);
        var served = JsonSerializer.Deserialize(json.Output, AdminJsonContext.Instance.NodeStatusView)!;
        Assert.Equal(("dr-1", "main", 0L), (served.Node, served.PrimeSite, served.PrimeEpoch));
        Assert.Equal(4, served.Members.Count(m => m.Status == MemberView.UpStatus && m.Reachable));
        Assert.Equal(1, refused.Exit);
        Assert.Contains("Refused (OldPrimeRecentlyReachable)", refused.Error, StringComparison.Ordinal);

        var leaver = realm.Node("main-2").Address;
        var seen = new List<string>();
        Assert.True(Cli.Commands.Demo.ProcessSignals.Terminate(GetProcess(nodes["main-2"].Id)), "SIGTERM could not be sent");
        nodes.Stopped.Add("main-2");
        await nodes.WaitForAsync(
            "dr-1",
            s =>
            {
                var status = s.Members.Single(m => m.Address == leaver).Status;
                if (seen.Count == 0 || seen[^1] != status)
                {
                    seen.Add(status);
                }

                return status is "removed" or "absent";
            },
            TimeSpan.FromSeconds(60),
            "main-2 to be removed after leaving");
        Assert.True(await nodes["main-2"].WaitForExitAsync(TimeSpan.FromSeconds(60)), "main-2 did not exit after SIGTERM");

        output.WriteLine($"main-2 as seen from dr-1 after SIGTERM: {string.Join(" -> ", seen)}");
        Assert.Equal(0, nodes["main-2"].ExitCode);
        Assert.DoesNotContain("down", seen);
        Assert.Contains(File.ReadLines(realm.Files.LogFile("main-2")), l => l.Contains("This node left the cluster", StringComparison.Ordinal));
        Assert.True((await nodes.StatusAsync("dr-1")).HasQuorum, "3 of 4 members with the whole prime site... minus one: still a majority");
    }

    private static Process GetProcess(int id) => Process.GetProcessById(id);

    /// <summary>Polls <paramref name="observer"/> until it shows <paramref name="victim"/> down (or removed); the times are since the kill.</summary>
    private static async Task<(string Observer, TimeSpan Unreachable, TimeSpan Down, NodeStatusView Status)> SeenDownAsync(
        ProcessRealm nodes, string observer, string victim, Stopwatch clock, TimeSpan timeout)
    {
        var unreachable = TimeSpan.Zero;
        var status = await nodes.WaitForAsync(
            observer,
            s =>
            {
                var member = s.Members.Single(m => m.Address == victim);
                if (!member.Reachable && unreachable == TimeSpan.Zero)
                {
                    unreachable = clock.Elapsed;
                }

                return member.Status is "down" or "removed" or MemberView.AbsentStatus;
            },
            timeout,
            $"{victim} to show down on {observer}");
        return (observer, unreachable, clock.Elapsed, status);
    }
}
