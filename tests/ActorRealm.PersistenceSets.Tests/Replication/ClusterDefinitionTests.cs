using ActorRealm.PersistenceSets.Replication;

namespace ActorRealm.PersistenceSets.Tests.Replication;

public sealed class ClusterDefinitionTests
{
    private static readonly SetDefinition A = new("_setA", "main", ["a1", "a2", "a3"]);
    private static readonly SetDefinition B = new("_setB", "dr", ["b1", "b2", "b3"]);

    [Fact]
    public void A_definition_needs_two_named_sets_with_distinct_servers_and_a_known_primary()
    {
        Assert.Throws<ArgumentException>(() => new ClusterDefinition([A], "_setA", StandbyMode.Async));
        Assert.Throws<ArgumentException>(() => new ClusterDefinition([A, B with { Servers = [] }], "_setA", StandbyMode.Async));
        Assert.Throws<ArgumentException>(() => new ClusterDefinition([A, B with { Servers = ["a1"] }], "_setA", StandbyMode.Async));
        Assert.Contains("_setC", Assert.Throws<ArgumentException>(() => new ClusterDefinition([A, B], "_setC", StandbyMode.Async)).Message);
        var cluster = new ClusterDefinition([A, B], "_setA", StandbyMode.Sync);
        Assert.Equal(B, cluster.SetOf("b2"));
        Assert.Equal(A, cluster.OtherSet("_setB"));
        Assert.Equal(2, A.Majority);
    }
}
