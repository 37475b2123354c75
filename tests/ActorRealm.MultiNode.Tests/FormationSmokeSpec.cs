using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>A 2 + 2 realm forms on Akka.Cluster: every node Up, serving, prime main epoch 0.</summary>
public sealed class FormationSmokeSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_plus_two_forms()
    {
        await using var cluster = new RealmTestCluster(output, "main:2,dr:2");
        await cluster.StartAllAndAwaitUpAsync();
        Assert.All(cluster.Nodes, n => Assert.Equal(("main", 0L), (n.Status.PrimeSite, n.Status.PrimeEpoch)));
        Assert.All(cluster.Nodes, n => Assert.True(n.Status.HasQuorum, n.Status.Quorum.Explanation));
    }
}
