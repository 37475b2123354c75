using ActorRealm.Cluster;
using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

public sealed class FormationSmokeSpec(ITestOutputHelper output)
{
    [Fact]
    public void Two_plus_two_forms()
    {
        using var cluster = new MultiNodeCluster(1, output);
        cluster.StartAllAndAwaitUp();
        output.WriteLine(cluster.Dump());
        Assert.All(cluster.Nodes, n => Assert.Equal(ClusterMemberStatus.Up, n.Status.SelfStatus));
    }
}
