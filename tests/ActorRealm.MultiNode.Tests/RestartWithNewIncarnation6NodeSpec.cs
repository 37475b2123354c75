using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>A prime-site node restarted on its address in a three-per-site realm is a new incarnation. (main:3,dr:3)</summary>
public sealed class RestartWithNewIncarnation6NodeSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task The_old_incarnation_is_removed_and_the_new_one_is_Up()
    {
        await using var cluster = new RealmTestCluster(output, "main:3,dr:3");
        await cluster.RunAsync(() => Scenarios.RestartWithNewIncarnation(cluster, "main-2"));
    }
}
