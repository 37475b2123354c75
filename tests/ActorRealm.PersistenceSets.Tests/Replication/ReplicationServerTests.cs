using ActorRealm.PersistenceSets.Replication;

namespace ActorRealm.PersistenceSets.Tests.Replication;

/// <summary>The pure machine, driven by hand: elections, commit, deduplication, redirects and refusals.</summary>
public sealed class ReplicationServerTests
{
    [Fact]
    public void Each_set_elects_one_leader_and_only_the_primary_leader_serves()
    {
        var cluster = new TestCluster();
        cluster.Run(60);
        var a = cluster.LeaderOf("_setA");
        var b = cluster.LeaderOf("_setB");
        Assert.True(cluster[a].Status.Serving);
        Assert.False(cluster[b].Status.Serving);
        Assert.Equal(a, cluster.PrimaryLeader());
        Assert.All(cluster.ServersOf("_setA").Where(n => n != a), n => Assert.Equal(a, cluster[n].Status.Leader));
    }

    [Fact]
    public void A_publish_is_acknowledged_after_a_majority_holds_it_and_not_before()
    {
        var cluster = new TestCluster();
        cluster.Run(60);
        var leader = cluster.LeaderOf("_setA");
        var members = cluster.ServersOf("_setA").Where(n => n != leader).ToList();
        cluster.SlowDisk(members[0]);
        cluster.SlowDisk(members[1]);
        Assert.Null(cluster.Publish(leader, "p", 1));
        Assert.Equal(cluster[leader].Status.LastIndex - 1, cluster[leader].Status.CommitIndex);

        cluster.FlushDisk(members[0]);
        cluster.Run(5);
        var ack = Assert.IsType<Acknowledged>(cluster.Outputs.Select(o => o.Output).OfType<ClientReply>().Last().Result);
        Assert.Equal(cluster[leader].Status.LastIndex, ack.Index);
    }

    [Fact]
    public void An_append_stays_within_the_byte_budget_so_that_it_fits_a_transport_frame()
    {
        var cluster = new TestCluster();
        cluster.Run(60);
        var leader = cluster.LeaderOf("_setA");
        var behind = cluster.ServersOf("_setA").First(n => n != leader);
        var big = new string('m', 400 * 1024);

        // The member misses eight large messages, then catches up: no append to it carries more than the budget.
        cluster.Cut([behind], cluster.Definition.Sets.SelectMany(s => s.Servers).Where(n => n != behind));
        for (var seq = 1; seq <= 8; seq++)
        {
            Assert.IsType<Acknowledged>(cluster.Publish(leader, "p", seq, data: big));
        }

        cluster.Outputs.Clear();
        cluster.Heal();
        cluster.Run(40);
        var appends = cluster.Outputs.Where(o => o.Server == leader).Select(o => o.Output).OfType<Send>()
            .Where(s => s.To == behind).Select(s => s.Message).OfType<AppendEntries>().Where(a => a.Entries.Count > 0).ToList();
        Assert.NotEmpty(appends);
        var budget = ReplicationSettings.Default.MaxBytesPerAppend;
        Assert.All(appends, a => Assert.True(a.Entries.Sum(e => e.Payload.ByteCount + ReplicationSettings.EntryOverheadBytes) <= budget, $"an append of {a.Entries.Count} entries"));
        Assert.Contains(appends, a => a.Entries.Count == 2);
        Assert.Equal(cluster[leader].Status.LastIndex, cluster[behind].Status.LastIndex);

        // An entry larger than the budget still travels, alone; small ones fill the budget.
        var log = new ReplicationLog(LogSnapshot.Empty, cluster[leader].Log);
        Assert.Equal(2, log.LastWithin(2, 9, maxBytes: 100, overhead: 0));
        Assert.Equal(1, log.LastWithin(1, 9, maxBytes: 100, overhead: 50));
    }

    [Fact]
    public void A_repeated_publish_is_answered_with_its_original_index_even_after_a_leader_change()
    {
        var cluster = new TestCluster();
        cluster.Run(60);
        var leader = cluster.LeaderOf("_setA");
        var first = Assert.IsType<Acknowledged>(cluster.Publish(leader, "p", 1));
        var again = Assert.IsType<Acknowledged>(cluster.Publish(leader, "p", 1));
        Assert.Equal(first.Index, again.Index);

        cluster.Crash(leader);
        cluster.Run(80);
        var next = cluster.PrimaryLeader();
        Assert.NotEqual(leader, next);
        var retried = Assert.IsType<Acknowledged>(cluster.Publish(next, "p", 1));
        Assert.Equal(first.Index, retried.Index);
        Assert.Single(cluster[next].Log, e => e.Payload is Publish { ProducerId: "p", ProducerSeq: 1 });
        Assert.IsType<Refused>(cluster.Publish(next, "p", 0)); // below what the producer already stored
    }

    [Fact]
    public void Members_and_standby_servers_redirect_to_the_primary_leader()
    {
        var cluster = new TestCluster();
        cluster.Run(60);
        var leader = cluster.PrimaryLeader();
        var member = cluster.ServersOf("_setA").First(n => n != leader);
        Assert.Equal(new Redirect(leader), cluster.Publish(member, "p", 1));
        var standbyLeader = cluster.LeaderOf("_setB");
        Assert.Equal(new Redirect(leader), cluster.Publish(standbyLeader, "p", 1));
    }

    [Fact]
    public void The_primary_leader_refuses_without_realm_quorum()
    {
        var cluster = new TestCluster();
        cluster.Run(60);
        var leader = cluster.PrimaryLeader();
        cluster.Step(leader, new RealmQuorumChanged(false));
        var refused = Assert.IsType<Refused>(cluster.Publish(leader, "p", 1));
        Assert.Equal(RefusalReason.NoRealmQuorum, refused.Reason);
        Assert.False(cluster[leader].Status.Serving);
    }

    [Fact]
    public void A_primary_leader_losing_its_realm_quorum_refuses_its_unacknowledged_publish_at_once_and_acknowledges_the_retry_once_quorum_returns()
    {
        // The leader lost its lease (paused, or cut off from its realm server) with a publish in flight: the client
        // hears at once that the outcome is unknown, not at its own timeout.
        var (cluster, leader) = LeaderWithoutQuorumCommittingAPublish();
        var refused = Assert.IsType<Refused>(Assert.Single(cluster.Outputs.Where(o => o.Server == leader).Select(o => o.Output).OfType<ClientReply>()).Result);
        Assert.Equal(RefusalReason.NoRealmQuorum, refused.Reason);

        // The members committed it meanwhile; another set may be primary by now, so a retry is not acknowledged yet.
        Assert.Equal(cluster[leader].Status.LastIndex, cluster[leader].Status.CommitIndex);
        Assert.Equal(RefusalReason.NoRealmQuorum, Assert.IsType<Refused>(cluster.Publish(leader, "p", 1)).Reason);

        var lastIndex = cluster[leader].Status.LastIndex;
        cluster.Step(leader, new RealmQuorumChanged(true));
        var acknowledged = Assert.IsType<Acknowledged>(cluster.Publish(leader, "p", 1));
        Assert.Equal(lastIndex, acknowledged.Index);
        Assert.Equal(lastIndex, cluster[leader].Status.LastIndex);
    }

    [Fact]
    public void An_entry_committed_without_realm_quorum_is_never_acknowledged_once_the_leader_learns_a_newer_epoch()
    {
        var (cluster, leader) = LeaderWithoutQuorumCommittingAPublish();
        cluster.Step(leader, new EpochNotice(new EpochRecord(1, "_setB", 1)));
        cluster.Step(leader, new RealmQuorumChanged(true));

        Assert.IsNotType<Acknowledged>(cluster.Publish(leader, "p", 1));
        Assert.DoesNotContain(cluster.Outputs.Where(o => o.Server == leader).Select(o => o.Output).OfType<ClientReply>(), r => r.Result is Acknowledged);
    }

    // A publish in flight when the primary leader loses its realm quorum, committed by its members afterwards.
    private static (TestCluster Cluster, string Leader) LeaderWithoutQuorumCommittingAPublish()
    {
        var cluster = new TestCluster();
        cluster.Run(60);
        var leader = cluster.PrimaryLeader();
        cluster.Cut([leader], cluster.ServersOf("_setA").Where(n => n != leader));
        Assert.Null(cluster.Publish(leader, "p", 1, ticks: 0));
        cluster.Step(leader, new RealmQuorumChanged(false));
        cluster.Heal();
        cluster.Run(5);
        return (cluster, leader);
    }

    [Fact]
    public void The_leaders_own_copy_counts_only_once_persisted()
    {
        var cluster = new TestCluster(perSet: 1);
        cluster.Run(40);
        var leader = cluster.PrimaryLeader();
        cluster.SlowDisk(leader);
        Assert.Null(cluster.Publish(leader, "p", 1));
        Assert.Equal(cluster[leader].Status.LastIndex - 1, cluster[leader].Status.DurableIndex);
        cluster.FlushDisk(leader);
        cluster.Run(2);
        Assert.IsType<Acknowledged>(cluster.Outputs.Select(o => o.Output).OfType<ClientReply>().Last().Result);
    }
}
