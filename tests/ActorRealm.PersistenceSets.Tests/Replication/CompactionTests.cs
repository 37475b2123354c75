using ActorRealm.PersistenceSets.Replication;

namespace ActorRealm.PersistenceSets.Tests.Replication;

/// <summary>
/// Log compaction in the machine: how far a server may compact, a member or standby leader too far behind gets the
/// snapshot, deduplication and the election survive it, and a restart starts from the snapshot.
/// </summary>
public sealed class CompactionTests
{
    [Fact]
    public void The_primary_compacts_only_what_the_standby_set_holds_and_a_member_only_what_its_leader_allows()
    {
        var cluster = new TestCluster();
        cluster.Run(60);
        var leader = cluster.LeaderOf("_setA");
        var member = cluster.ServersOf("_setA").First(s => s != leader);
        cluster.CutSites();
        for (var seq = 1; seq <= 10; seq++)
        {
            Assert.IsType<Acknowledged>(cluster.Publish(leader, "p", seq, ticks: 2));
        }

        var held = cluster[leader].Status.Standby!.StandbyCommitted;
        cluster.Step(leader, new Compact(cluster[leader].CommitIndex));
        Assert.Equal(held, cluster[leader].Snapshot.Index); // not beyond what the standby set holds
        Assert.True(cluster[leader].CommitIndex > held + 5, "the cut left entries that only the primary set holds");

        cluster.Heal();
        cluster.Run(40);
        var commit = cluster[leader].CommitIndex;
        cluster.Step(leader, new Compact(commit));
        cluster.Run(10); // members learn how far they may compact
        cluster.Step(member, new Compact(commit));
        Assert.Equal((commit, commit), (cluster[leader].Snapshot.Index, cluster[member].Snapshot.Index));
        Assert.Equal(commit + 1, cluster[member].LogStart);
        Assert.DoesNotContain(cluster[member].Log, e => e.Index <= commit);
    }

    [Fact]
    public void A_member_behind_the_compacted_prefix_gets_the_snapshot_and_catches_up_with_nothing_lost()
    {
        var cluster = new TestCluster();
        cluster.Run(60);
        var leader = cluster.LeaderOf("_setA");
        var behind = cluster.ServersOf("_setA").First(s => s != leader);
        cluster.Crash(behind);
        for (var seq = 1; seq <= 20; seq++)
        {
            Assert.IsType<Acknowledged>(cluster.Publish(leader, "p", seq, ticks: 2));
        }

        cluster.Run(20);
        var commit = cluster[leader].CommitIndex;
        cluster.Step(leader, new Compact(commit - 2));
        Assert.Equal(commit - 2, cluster[leader].Snapshot.Index);

        cluster.Start(behind);
        cluster.Run(40);

        Assert.Contains(cluster.Events<SnapshotInstalled>(behind), e => e.Index == commit - 2);
        Assert.Equal(cluster[leader].Status.LastIndex, cluster[behind].Status.LastIndex);
        Assert.Equal(cluster[leader].Snapshot.Producers, cluster[behind].Snapshot.Producers);
        Assert.Equal(cluster[leader].Log, cluster[behind].Log.Where(e => e.Index >= cluster[leader].LogStart));

        // Its storage holds the snapshot and the entries after it: a restart recovers them.
        cluster.Crash(behind);
        cluster.Start(behind);
        Assert.Equal(commit - 2, cluster[behind].Snapshot.Index);
        Assert.Equal(cluster[leader].Status.LastIndex, cluster[behind].Status.LastIndex);
    }

    [Fact]
    public void A_retried_publish_of_a_compacted_entry_is_answered_with_its_index_and_stored_once()
    {
        var cluster = new TestCluster();
        cluster.Run(60);
        var leader = cluster.LeaderOf("_setA");
        var first = Assert.IsType<Acknowledged>(cluster.Publish(leader, "p", 1));
        var second = Assert.IsType<Acknowledged>(cluster.Publish(leader, "p", 2));
        cluster.Run(20);
        cluster.Step(leader, new Compact(second.Index));
        Assert.Equal(second.Index, cluster[leader].Snapshot.Index);

        // The producer's latest sequence is known with its index; an older one is below what it stored.
        Assert.Equal(second.Index, Assert.IsType<Acknowledged>(cluster.Publish(leader, "p", 2)).Index);
        Assert.Equal(RefusalReason.SequenceAlreadyPassed, Assert.IsType<Refused>(cluster.Publish(leader, "p", 1)).Reason);
        Assert.True(first.Index < second.Index);
        Assert.DoesNotContain(cluster[leader].Log, e => e.Payload is Publish);

        // A new leader elected after the compaction knows it too.
        cluster.Crash(leader);
        cluster.Run(80);
        var next = cluster.PrimaryLeader();
        Assert.Equal(second.Index, Assert.IsType<Acknowledged>(cluster.Publish(next, "p", 2)).Index);
    }

    [Fact]
    public void The_standby_leader_behind_the_primarys_compacted_prefix_gets_the_snapshot()
    {
        var cluster = new TestCluster(perSet: 1);
        cluster.Run(60);
        cluster.Publish("a1", "p", 1);
        cluster.Run(20);
        cluster.Crash("b1");
        cluster.Run(5);
        // The standby set held entry 2 (the publish): the primary may compact that far, no further.
        var held = cluster["a1"].Status.Standby!.StandbyCommitted;
        for (var seq = 2; seq <= 6; seq++)
        {
            cluster.Publish("a1", "p", seq, ticks: 2);
        }

        cluster.Step("a1", new Compact(cluster["a1"].CommitIndex));
        Assert.Equal(held, cluster["a1"].Snapshot.Index);

        // The standby server lost its disk: it needs what the primary compacted.
        cluster.WipeDisk("b1");
        cluster.Start("b1");
        cluster.Run(60);

        Assert.Contains(cluster.Events<SnapshotInstalled>("b1"), e => e.Index == held);
        Assert.Equal(cluster["a1"].Status.LastIndex, cluster["b1"].Status.LastIndex);
        Assert.Equal(cluster["a1"].Status.LastIndex, cluster["a1"].Status.Standby!.StandbyCommitted);
    }
}
