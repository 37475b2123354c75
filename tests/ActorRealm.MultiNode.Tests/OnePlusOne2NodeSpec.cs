using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>
/// The product document's main example: one node per site. With production (main) prime, losing
/// the disaster-recovery node leaves main serving ("two out of three" votes) and main downs it within
/// pause + stable-after + 2 s; losing main stops dr until an administrator switches the prime site to
/// dr after confirming main is down. (main:1,dr:1)
/// </summary>
public sealed class OnePlusOne2NodeSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task Losing_dr_leaves_main_serving()
    {
        await RealmTestCluster.RunFormedAsync(output, "main:1,dr:1", async cluster =>
        {
            var main = cluster["main-1"];
            var lost = cluster.Site("dr").Incarnations();
            var stoppedServing = false;
            cluster.OnEveryStatus((node, status) => stoppedServing |= node == main && !status.IsServing);

            await cluster.KillAsync("dr-1");
            var took = await cluster.AwaitAsync(() => main.Status.SeesGone(lost), TimeSpan.FromSeconds(20), "main downs dr");
            output.WriteLine($"crash to Down took {took.TotalSeconds:0.000} s (budget {cluster.Timings.DowningBudget.TotalSeconds:0.#} s)");
            Assert.True(took <= cluster.Timings.DowningBudget, $"crash to Down took {took}, more than pause + stable-after + 2 s = {cluster.Timings.DowningBudget}");
            Assert.False(stoppedServing, "main must serve throughout");
            Assert.True(main.Status.IsServing);
            Assert.Contains("1 of 2 members reachable, exactly half, with every member of prime site 'main'", main.Status.Quorum.Explanation, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Losing_main_stops_dr_until_the_switch()
    {
        await RealmTestCluster.RunFormedAsync(output, "main:1,dr:1", async cluster =>
        {
            var dr = cluster["dr-1"];
            await cluster.KillAsync("main-1");
            await cluster.AwaitAsync(() => !dr.Status.IsServing, TimeSpan.FromSeconds(10), "dr stops serving");
            Assert.Contains("prime site 'main' is missing", dr.Status.Quorum.Explanation, StringComparison.Ordinal);

            cluster.Step("dr stays alive and does not serve until the switch");
            await cluster.RunForAsync(cluster.Timings.PrimeSwitchMinUnreachable + TimeSpan.FromSeconds(1));
            Assert.False(dr.Status.IsServing);
            Assert.Empty(cluster.Downs);

            var outcome = await cluster.ResultAsync(dr.Realm.RequestPrimeSwitchAsync("dr", "main", "spec"), TimeSpan.FromSeconds(10), "the switch answers");
            Assert.True(outcome.Accepted, outcome.Message);
            await cluster.AwaitAsync(() => dr.Status is { IsServing: true, PrimeSite: "dr", PrimeEpoch: 1 }, TimeSpan.FromSeconds(10), "dr serves as prime");
        });
    }
}
