using ActorRealm.Cluster;
using ActorRealm.Cluster.Prime;
using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>
/// The guarded switch refuses, with a clear message, while the prime site is reachable (from the
/// asking node or from another member of its side), when the site to make prime already is, when the
/// site confirmed down is not the prime site, for unknown sites, when the asking side would not have
/// quorum even as the new prime site, and on a node that is not a member. Nothing changes: epoch 0
/// stays everywhere and nothing is stored. (main:2,dr:2)
/// </summary>
public sealed class SwitchRefusedWhilePrimeReachable4NodeSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task The_switch_is_refused_while_the_old_prime_is_reachable()
    {
        await RealmTestCluster.RunFormedAsync(output, "main:2,dr:2", async cluster =>
        {
            var dr1 = cluster["dr-1"];

            var reachable = await Switch(cluster, dr1, "dr", "main");
            Assert.Equal(PrimeSwitchRefusal.OldPrimeRecentlyReachable, reachable.Refusal);
            Assert.Contains($"{cluster["main-1"].Address} is reachable now", reachable.Message, StringComparison.Ordinal);
            Assert.Contains($"{cluster["main-2"].Address} is reachable now", reachable.Message, StringComparison.Ordinal);

            var alreadyPrime = await Switch(cluster, dr1, "main", "dr");
            Assert.Equal(PrimeSwitchRefusal.AlreadyPrime, alreadyPrime.Refusal);
            Assert.Contains("Site 'main' is already the prime site (epoch 0)", alreadyPrime.Message, StringComparison.Ordinal);

            var notPrime = await Switch(cluster, dr1, "dr", "dr");
            Assert.Equal(PrimeSwitchRefusal.NotCurrentPrime, notPrime.Refusal);
            Assert.Contains("the prime site is 'main' (epoch 0)", notPrime.Message, StringComparison.Ordinal);

            var unknown = await Switch(cluster, dr1, "drr", "main");
            Assert.Equal(PrimeSwitchRefusal.UnknownSite, unknown.Refusal);
            Assert.Contains("Unknown site 'drr'; the configured sites are", unknown.Message, StringComparison.Ordinal);

            cluster.Step("dr-1 loses main, but dr-2 on its side still reaches main: the prime site is reachable from the side");
            await cluster.BlackholeAsync("dr-1", "main");
            await cluster.AwaitAsync(() => !dr1.Status.HasQuorum && cluster.Site("main").All(m => !dr1.Status.MemberAt(m.Address)!.Reachable), TimeSpan.FromSeconds(15), "dr-1 marks main unreachable");
            await cluster.RunForAsync(cluster.Timings.PrimeSwitchMinUnreachable + TimeSpan.FromSeconds(1));
            var throughDr2 = await Switch(cluster, dr1, "dr", "main");
            Assert.Equal(PrimeSwitchRefusal.OldPrimeRecentlyReachable, throughDr2.Refusal);
            Assert.Contains($"{cluster["main-1"].Address} is reachable now", throughDr2.Message, StringComparison.Ordinal);

            Assert.Empty(cluster.Downs);
            Assert.All(cluster.Nodes, n => Assert.Equal(("main", 0L), (n.Status.PrimeSite, n.Status.PrimeEpoch)));
            Assert.All(cluster.Nodes, n => Assert.Null(new PrimeEpochStore(n.DataDirectory).Load()));
        });
    }

    [Fact]
    public async Task The_switch_is_refused_when_the_new_prime_side_would_not_have_quorum()
    {
        await RealmTestCluster.RunFormedAsync(output, "main:2,dr:2", async cluster =>
        {
            var dr1 = cluster["dr-1"];
            await cluster.KillAsync("main-1");
            await cluster.KillAsync("main-2");
            await cluster.KillAsync("dr-2");

            await cluster.AwaitAsync(() => dr1.Status.Members.Count(m => m.Reachable) == 1, TimeSpan.FromSeconds(15), "dr-1 reaches nobody else");
            await cluster.RunForAsync(cluster.Timings.PrimeSwitchMinUnreachable + TimeSpan.FromSeconds(1));

            var refused = await Switch(cluster, dr1, "dr", "main");
            Assert.Equal(PrimeSwitchRefusal.NoQuorumAfterSwitch, refused.Refusal);
            Assert.Contains("Switching to 'dr' would not give this side quorum (no quorum: 1 of 4 members reachable", refused.Message, StringComparison.Ordinal);
            Assert.Contains($"To switch, bring back {cluster["dr-2"].Address}:", refused.Message, StringComparison.Ordinal);
            Assert.False(dr1.Status.IsServing);
            Assert.Equal(0, dr1.Status.PrimeEpoch);
            Assert.Null(new PrimeEpochStore(dr1.DataDirectory).Load());
        });
    }

    [Fact]
    public async Task A_node_that_is_not_a_member_refuses_to_switch()
    {
        await using var cluster = new RealmTestCluster(output, "main:1,dr:1");
        await cluster.RunAsync(async () =>
        {
            // main-1, the first seed, never starts: dr-1 keeps trying to join and is no member.
            var dr1 = await cluster.StartAsync("dr-1");
            await cluster.AwaitAsync(() => dr1.Setup.State.View is not null, TimeSpan.FromSeconds(5), "dr-1 has a view");
            var refused = await Switch(cluster, dr1, "dr", "main");
            Assert.Equal(PrimeSwitchRefusal.NotAMember, refused.Refusal);
            Assert.Contains("is not a member of the cluster; ask a member of the surviving side", refused.Message, StringComparison.Ordinal);
            Assert.Equal(ClusterMemberStatus.Absent, dr1.Status.SelfStatus);
        });
    }

    private static async Task<PrimeSwitchOutcome> Switch(RealmTestCluster cluster, RealmTestNode at, string newSite, string confirmDown)
    {
        var outcome = await cluster.ResultAsync(at.Realm.RequestPrimeSwitchAsync(newSite, confirmDown, "spec"), TimeSpan.FromSeconds(10), $"the switch to {newSite} at {at.Name} answers");
        Assert.False(outcome.Accepted, outcome.Message);
        return outcome;
    }
}
