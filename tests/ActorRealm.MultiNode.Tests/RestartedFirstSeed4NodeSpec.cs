using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>
/// Regression for the first half of the bug class of old chaos seeds 423 and 277 (ADR 0036): a
/// restarted first seed founded a second cluster although the realm's cluster answered. Both seed
/// nodes (main-1, dr-1) crash; main-2 and dr-2 keep the realm's cluster (without quorum). dr-1
/// restarts first and keeps trying to join; then main-1 restarts while dr-1 is still joining, so the
/// only other seed node answers Akka's InitJoin with a refusal (InitJoinNack). A first seed that asks
/// only the seed nodes then joins itself at once and founds a second cluster, which dr-1 joins; the
/// realm's cluster then has to move over to it. Asking every configured member lets main-2 and dr-2
/// answer: main-1 and dr-1 join the realm's cluster, main-2 and dr-2 never restart. (main:2,dr:2)
/// </summary>
public sealed class RestartedFirstSeed4NodeSpec(ITestOutputHelper output)
{
    [Fact]
    public Task A_restarted_first_seed_does_not_found_a_second_cluster_while_the_realms_cluster_answers() =>
        RealmTestCluster.RunFormedAsync(output, "main:2,dr:2", async cluster =>
        {
            await cluster.KillAsync("main-1");
            await cluster.KillAsync("dr-1");
            var realmCluster = cluster.Nodes.Where(n => n.Name is "main-2" or "dr-2").ToList();
            await cluster.AwaitAllAsync(s => !s.HasQuorum, TimeSpan.FromSeconds(15), "main-2 and dr-2 lose quorum", realmCluster);

            cluster.Step("dr-1 restarts and keeps trying to join; then the first seed restarts");
            var dr1 = await cluster.StartAsync("dr-1");
            await cluster.AwaitAsync(() => dr1.Setup.State.View is not null, TimeSpan.FromSeconds(5), "dr-1 runs");
            var main1 = await cluster.StartAsync("main-1");

            var all = cluster.Nodes.ToList();
            await cluster.AwaitAllAsync(s => s.IsUpWithExactly(all) && s.IsServing, TimeSpan.FromSeconds(40), "one realm again");
            var founded = main1.Log.Where(l => l.Incarnation > 1 && l.Message.Contains("is JOINING itself", StringComparison.Ordinal)).ToList();
            Assert.True(founded.Count == 0, $"the restarted first seed founded a cluster: {string.Join("; ", founded.Select(l => l.Message))}");
            Assert.All(realmCluster, n => Assert.Equal(1, n.Incarnations));
            Assert.All(cluster.Nodes.Where(n => n.Name is "main-1" or "dr-1"), n => Assert.Equal(2, n.Incarnations));
        });
}
