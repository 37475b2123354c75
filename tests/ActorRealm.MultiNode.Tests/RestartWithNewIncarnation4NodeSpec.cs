using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>
/// A node crashes and restarts on the same address before the cluster noticed: the new incarnation's
/// join downs the old one, which is removed; the new one is Up everywhere. The cluster keeps
/// serving throughout (3 of 4 reachable is a majority).
/// </summary>
public sealed class RestartWithNewIncarnation4NodeSpec(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_old_incarnation_is_removed_and_the_new_one_is_Up(int seed)
    {
        using var cluster = new MultiNodeCluster(seed, output, "main:2,dr:2");
        Scenarios.RestartWithNewIncarnation(cluster, "main-2");
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void A_node_restarted_after_it_was_downed_joins_again(int seed)
    {
        using var cluster = new MultiNodeCluster(seed, output, "main:2,dr:2");
        cluster.StartAllAndAwaitUp();
        var old = cluster["dr-2"].Cluster.SelfNode;

        cluster.Kill("dr-2");
        cluster.AwaitAll(s => s.SeesGone([old]), cluster.DowningBudget, "dr-2 downed");
        cluster.RunFor(TimeSpan.FromSeconds(2));
        cluster.Restart("dr-2");

        var all = cluster.Nodes.ToList();
        cluster.AwaitAll(s => s.IsUpWithExactly(all) && s.IsServing, TimeSpan.FromSeconds(30), "the new dr-2 is Up");
    }
}
