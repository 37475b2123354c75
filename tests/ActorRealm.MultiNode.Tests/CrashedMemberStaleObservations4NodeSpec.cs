using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>
/// Regression for the bug class of old chaos seed 172 (ADR 0034): a member that crashed keeps its
/// last reachability observations in everybody's gossip, and nothing can ever correct them. Here
/// dr-1 and main-2 lose their link (each observes the other unreachable; in a two-per-site realm
/// nobody is downed for a single broken link), dr-1 crashes, and the link heals: dr-1's stale
/// observation still says main-2 is unreachable. Counting it, the members nobody suspects (main-1,
/// dr-2) would have no quorum, so dr-1 would never be downed and the realm would never converge.
/// <c>SiteQuorumDowningStrategy.TrustedReachability</c> ignores the observations of members nobody
/// reaches: with <c>var reachability = state.EffectiveReachability;</c> instead of
/// <c>TrustedReachability(state)</c> in <c>SiteQuorumDowningStrategy.Decide</c> this spec fails
/// (dr-1 is never downed). (main:2,dr:2)
/// </summary>
public sealed class CrashedMemberStaleObservations4NodeSpec(ITestOutputHelper output)
{
    [Fact]
    public Task A_crashed_members_stale_observations_of_an_old_partition_do_not_block_downing_it() =>
        RealmTestCluster.RunFormedAsync(output, "main:2,dr:2", async cluster =>
        {
            var main1 = cluster["main-1"];
            var (dr1, main2) = (cluster["dr-1"].Realm.SelfNode, cluster["main-2"].Realm.SelfNode);
            await cluster.BlackholeAsync("dr-1", "main-2");
            await cluster.AwaitAsync(
                () => main1.Status.MemberAt(dr1.Address)!.UnreachableFrom.Contains(main2.Address) && main1.Status.MemberAt(main2.Address)!.UnreachableFrom.Contains(dr1.Address),
                TimeSpan.FromSeconds(15),
                "the gossip carries both ends' observations of the broken link");

            cluster.Step("a broken link in a two-per-site realm downs nobody");
            await cluster.RunForAsync(cluster.Timings.StableAfter + TimeSpan.FromSeconds(1));
            Assert.Empty(cluster.Downs);

            cluster.Step("dr-1 crashes; the link heals, but dr-1's observation of main-2 stays in the gossip");
            var survivors = cluster.Nodes.Where(n => n.Name != "dr-1").ToList();
            var stoppedServing = false;
            cluster.OnEveryStatus((node, status) => stoppedServing |= survivors.Contains(node) && !status.IsServing);
            await cluster.KillAsync("dr-1");
            await cluster.HealAsync();
            var took = await cluster.AwaitAllAsync(s => s.SeesGone([dr1]), TimeSpan.FromSeconds(20), "the survivors down the crashed dr-1", survivors);
            Assert.True(took <= cluster.Timings.DowningBudget, $"crash to Down took {took}, more than pause + stable-after + 2 s = {cluster.Timings.DowningBudget}");
            Assert.Contains(cluster.Downs, d => d.Downed.Contains(dr1));
            await cluster.AwaitAllAsync(s => s.IsUpWithExactly(survivors) && s.IsServing, TimeSpan.FromSeconds(10), "the survivors serve without dr-1", survivors);
            Assert.False(stoppedServing, "the survivors (three of four) must serve throughout");
        });
}
