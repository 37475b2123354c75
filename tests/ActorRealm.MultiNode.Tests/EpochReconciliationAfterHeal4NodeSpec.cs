using ActorRealm.Cluster.Prime;
using ActorRealm.MultiNode.Tests.Harness;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>
/// A mistaken switch: the sites are cut (both alive), main keeps serving as prime in epoch 0, and an
/// operator on dr, believing main is down, switches dr to prime (epoch 1) after min-unreachable.
/// Both sides now serve, in different epochs (the hazard the document warns about; the epoch makes
/// it visible). At the heal every main node logs a loud split-brain warning naming both epochs and
/// follows epoch 1, stored durably; the realm converges on one prime site.
/// </summary>
public sealed class EpochReconciliationAfterHeal4NodeSpec(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_lower_epoch_is_detected_loudly_and_follows_the_higher_one(int seed)
    {
        using var cluster = new MultiNodeCluster(seed, output, "main:2,dr:2");
        cluster.StartAllAndAwaitUp();
        var main = cluster.Site("main").ToList();
        var dr = cluster.Site("dr").ToList();

        cluster.Blackhole("main", "dr");
        cluster.RunFor(cluster.Settings.PrimeSwitchMinUnreachable + TimeSpan.FromSeconds(2));
        Assert.All(main, n => Assert.True(n.Status.IsServing));

        cluster.Step("the mistaken switch on dr");
        var switched = cluster.Result(cluster["dr-2"].Cluster.RequestPrimeSwitchAsync("dr", "main", "operator who thought main was down"), TimeSpan.FromSeconds(10), "switch answers");
        Assert.True(switched.Accepted, switched.Message);
        cluster.AwaitAll(s => s.IsServing && s.PrimeEpoch == 1 && s.PrimeSite == "dr", TimeSpan.FromSeconds(10), "dr serves in epoch 1", dr);
        Assert.All(main, n => Assert.Equal(("main", 0L), (n.Status.PrimeSite, n.Status.PrimeEpoch)));

        cluster.Heal();
        var all = cluster.Nodes.ToList();
        cluster.AwaitAll(s => s.IsUpWithExactly(all) && s.PrimeSite == "dr" && s.PrimeEpoch == 1 && s.IsServing, TimeSpan.FromSeconds(60), "one realm, prime dr, epoch 1");

        foreach (var node in main)
        {
            var warning = node.Logs.Lines.First(l => l.Level >= LogLevel.Warning && l.Message.Contains("SPLIT BRAIN POSSIBLE", StringComparison.Ordinal));
            Assert.Contains("epoch 0", warning.Message, StringComparison.Ordinal);
            Assert.Contains("epoch 1", warning.Message, StringComparison.Ordinal);
            Assert.Equal(switched.Prime, new PrimeEpochStore(node.DataDirectory).Load());
        }

        Assert.All(cluster.Nodes, n => Assert.Equal(1, n.Starts));
    }
}
