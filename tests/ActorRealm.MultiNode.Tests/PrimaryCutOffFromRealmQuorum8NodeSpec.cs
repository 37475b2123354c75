using ActorRealm.MultiNode.Tests.Harness;
using Xunit.Abstractions;

namespace ActorRealm.MultiNode.Tests;

/// <summary>The primary set's side loses the realm's quorum (dr is prime, the WAN is cut): the primary leader stops acknowledging within the lease, and serves again after the heal. (main:1,dr:1 + 3+3 persistence servers)</summary>
public sealed class PrimaryCutOffFromRealmQuorum8NodeSpec(ITestOutputHelper output)
{
    [Fact]
    public async Task The_primary_leader_refuses_with_no_realm_quorum_and_resumes_after_the_heal()
    {
        await using var cluster = new RealmTestCluster(output, "main:1,dr:1", prime: "dr", persistence: new PersistenceSpecLayout());
        await cluster.RunAsync(() => PersistenceScenarios.PrimaryCutOffFromRealmQuorum(cluster, output));
    }
}
