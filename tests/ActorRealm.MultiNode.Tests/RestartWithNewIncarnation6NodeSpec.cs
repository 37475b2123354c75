using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>Three nodes per site; a node restarts with a new incarnation before the cluster noticed; see <see cref="Scenarios.RestartWithNewIncarnation"/>. (main:3,dr:3)</summary>
public sealed class RestartWithNewIncarnation6NodeSpec(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_old_incarnation_is_removed_and_the_new_one_is_Up(int seed)
    {
        using var cluster = new MultiNodeCluster(seed, output, "main:3,dr:3");
        Scenarios.RestartWithNewIncarnation(cluster, "main-2");
    }
}
