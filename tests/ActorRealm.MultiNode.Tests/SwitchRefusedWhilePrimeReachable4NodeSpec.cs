using ActorRealm.Cluster.Prime;
using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>
/// The guarded switch refuses, with a clear message, while the prime site is reachable, when the
/// site confirmed down is not the prime site, for unknown sites, and when the requesting side
/// would not have quorum even as the new prime site. Nothing changes: epoch 0 stays everywhere.
/// </summary>
public sealed class SwitchRefusedWhilePrimeReachable4NodeSpec(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_switch_is_refused_while_the_old_prime_is_reachable(int seed)
    {
        using var cluster = new MultiNodeCluster(seed, output, "main:2,dr:2");
        cluster.StartAllAndAwaitUp();
        cluster.RunFor(cluster.Settings.PrimeSwitchMinUnreachable + TimeSpan.FromSeconds(1));
        var dr1 = cluster["dr-1"].Cluster;

        var reachable = cluster.Result(dr1.RequestPrimeSwitchAsync("dr", "main", "spec"), TimeSpan.FromSeconds(5), "answer");
        Assert.False(reachable.Accepted);
        Assert.Equal(PrimeSwitchRefusal.OldPrimeRecentlyReachable, reachable.Refusal);
        Assert.Contains("main-1:2552 is reachable now", reachable.Message, StringComparison.Ordinal);

        var wrongSite = cluster.Result(dr1.RequestPrimeSwitchAsync("main", "dr", "spec"), TimeSpan.FromSeconds(5), "answer");
        Assert.Equal(PrimeSwitchRefusal.AlreadyPrime, wrongSite.Refusal);

        var notPrime = cluster.Result(dr1.RequestPrimeSwitchAsync("dr", "dr", "spec"), TimeSpan.FromSeconds(5), "answer");
        Assert.Equal(PrimeSwitchRefusal.NotCurrentPrime, notPrime.Refusal);

        var unknown = cluster.Result(dr1.RequestPrimeSwitchAsync("drr", "main", "spec"), TimeSpan.FromSeconds(5), "answer");
        Assert.Equal(PrimeSwitchRefusal.UnknownSite, unknown.Refusal);
        Assert.Contains("Unknown site 'drr'", unknown.Message, StringComparison.Ordinal);

        // dr-1 loses main, but dr-2 (on dr-1's side) still reaches it: main is reachable from the side.
        cluster.Cut("dr-1", "main-1");
        cluster.Cut("dr-1", "main-2");
        cluster.RunFor(cluster.Settings.PrimeSwitchMinUnreachable + TimeSpan.FromSeconds(2));
        Assert.False(cluster["dr-1"].Status.HasQuorum);
        var throughDr2 = cluster.Result(dr1.RequestPrimeSwitchAsync("dr", "main", "spec"), TimeSpan.FromSeconds(5), "answer");
        Assert.Equal(PrimeSwitchRefusal.OldPrimeRecentlyReachable, throughDr2.Refusal);

        Assert.All(cluster.Nodes, n => Assert.Equal(("main", 0L), (n.Status.PrimeSite, n.Status.PrimeEpoch)));
        Assert.All(cluster.Nodes, n => Assert.Null(new PrimeEpochStore(n.DataDirectory).Load()));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void The_switch_is_refused_when_the_new_prime_side_would_not_have_quorum(int seed)
    {
        using var cluster = new MultiNodeCluster(seed, output, "main:2,dr:2");
        cluster.StartAllAndAwaitUp();
        cluster.Kill("main-1");
        cluster.Kill("main-2");
        cluster.Kill("dr-2");
        cluster.RunFor(cluster.Settings.PrimeSwitchMinUnreachable + TimeSpan.FromSeconds(2));

        var refused = cluster.Result(cluster["dr-1"].Cluster.RequestPrimeSwitchAsync("dr", "main", "spec"), TimeSpan.FromSeconds(5), "answer");
        Assert.False(refused.Accepted);
        Assert.Equal(PrimeSwitchRefusal.NoQuorumAfterSwitch, refused.Refusal);
        Assert.Contains("bring every member of 'dr' back first", refused.Message, StringComparison.Ordinal);
        Assert.False(cluster["dr-1"].Status.IsServing);
        Assert.Equal(0, cluster["dr-1"].Status.PrimeEpoch);
    }

    [Fact]
    public void A_node_that_is_not_a_member_refuses_to_switch()
    {
        using var cluster = new MultiNodeCluster(9, output, "main:1,dr:1");
        cluster.StartAll();
        var outcome = cluster.Result(cluster["dr-1"].Cluster.RequestPrimeSwitchAsync("dr", "main", "spec"), TimeSpan.FromSeconds(5), "answer");
        Assert.Equal(PrimeSwitchRefusal.NotAMember, outcome.Refusal);
    }
}
