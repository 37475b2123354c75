using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>Seeded chaos on two nodes per site (see <see cref="ChaosRun"/> and <see cref="Chaos6NodeSpec"/>).</summary>
public sealed class Chaos4NodeSpec(ITestOutputHelper output)
{
    public static TheoryData<int> Seeds => [.. ChaosRun.Seeds(21, 22, 23)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_faults_keep_the_invariants_and_the_realm_converges(int seed) => ChaosRun.Run(seed, output, "main:2,dr:2", steps: 12);
}
