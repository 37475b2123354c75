using ActorRealm.PersistenceSets.Replication;

namespace ActorRealm.PersistenceSets.Tests.Replication;

/// <summary>A closed connection to the leader starts an election within a few ticks; a false alarm changes nothing.</summary>
public sealed class ConnectionLossTests
{
    [Fact]
    public void A_dead_leaders_closed_connections_get_a_new_leader_well_within_the_election_timeout()
    {
        var cluster = new TestCluster();
        cluster.Run(60);
        var leader = cluster.LeaderOf("_setA");
        var term = cluster[leader].Status.Term;
        var members = cluster.ServersOf("_setA").Where(s => s != leader).ToList();

        cluster.Crash(leader);
        foreach (var member in members)
        {
            cluster.Step(member, new PeerConnectionLost(leader));
        }

        // The election timeout is 10 to 20 ticks here: without the closed connections nobody would stand yet.
        cluster.Run(6);
        var next = cluster.LeaderOf("_setA");
        Assert.Contains(next, members);
        Assert.Equal(term + 1, cluster[next].Status.Term); // one election, no split vote
        Assert.IsType<Acknowledged>(cluster.Publish(next, "p", 1));
    }

    [Fact]
    public void A_connection_that_closes_while_the_leader_lives_does_not_disturb_the_set()
    {
        var cluster = new TestCluster();
        cluster.Run(60);
        var leader = cluster.LeaderOf("_setA");
        var term = cluster[leader].Status.Term;
        var member = cluster.ServersOf("_setA").First(s => s != leader);

        cluster.Step(member, new PeerConnectionLost(leader));
        cluster.Run(40);

        Assert.Equal((leader, term), (cluster.LeaderOf("_setA"), cluster[leader].Status.Term));
        Assert.IsType<Acknowledged>(cluster.Publish(leader, "p", 1));
    }

    [Fact]
    public void Without_the_closed_connections_the_set_waits_for_its_election_timeout()
    {
        var cluster = new TestCluster();
        cluster.Run(60);
        var leader = cluster.LeaderOf("_setA");

        cluster.Crash(leader);
        cluster.Run(6);

        Assert.DoesNotContain(cluster.ServersOf("_setA"), s => s != leader && cluster[s].Status.Role == SetRole.Leader);
    }
}
