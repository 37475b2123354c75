using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>A node restarted on its address is a new incarnation; the old one is removed. (main:2,dr:2)</summary>
public sealed class RestartWithNewIncarnation4NodeSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task The_old_incarnation_is_removed_and_the_new_one_is_Up()
    {
        await using var cluster = new RealmTestCluster(output, "main:2,dr:2");
        await cluster.RunAsync(() => Scenarios.RestartWithNewIncarnation(cluster, "dr-2"));
    }
}
