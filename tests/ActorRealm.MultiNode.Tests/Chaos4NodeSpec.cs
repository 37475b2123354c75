using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>
/// Seeded chaos on two nodes per site (<see cref="ChaosRun"/>): seed 5 in CI (seed 1 as well until the suite needed its time; seed 5 loses
/// the prime site, switches it, restarts a main node and cuts the sites: it found the stale-view
/// joiner, now <see cref="JoinedThroughStaleMember6NodeSpec"/>); others with
/// <c>ACTORREALM_CHAOS_SEEDS</c> (a range <c>1-50</c>, a list <c>7,42</c> or one seed) and
/// <c>ACTORREALM_CHAOS_STEPS</c>. See docs/testing.md.
/// </summary>
public sealed class Chaos4NodeSpec(ITestOutputHelper output)
{
    public static TheoryData<int> Seeds => [.. ChaosSchedule.Seeds(5)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public Task Random_faults_keep_the_invariants_and_the_realm_converges(int seed) =>
        ChaosRun.RunAsync(seed, output, "main:2,dr:2", steps: 6, nameof(Chaos4NodeSpec));
}
