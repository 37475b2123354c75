using ActorRealm.Contracts.Persistence;
using ActorRealm.Server.Tests.Support;
using static ActorRealm.Server.Tests.Support.PersistenceSetsRealm;

namespace ActorRealm.Server.Tests;

/// <summary>
/// Persistence server processes (ADR 0071) as real actor systems in this process, on loopback, with real realm
/// servers of both sites: 3 servers in the primary set and 3 in the standby set, each with its own SQLite journal.
/// An application client publishes over Akka.Remote from a system of its own.
/// </summary>
public sealed class PersistenceServerTests
{
    [Fact]
    public async Task Acks_need_a_majority_a_killed_leader_loses_no_acknowledged_message_and_a_restarted_server_recovers_its_journal()
    {
        await using var realm = PersistenceSetsRealm.Create();
        await realm.StartNodesAsync("main-1", "dr-1");
        var acknowledged = new List<long>();
        await realm.StartServersAsync([.. SetA, .. SetB]);

        var leader = await realm.LeaderAsync(SetA);
        for (var seq = 1; seq <= 20; seq++)
        {
            Assert.IsType<RequestAcknowledged>(await realm.PublishAsync(leader, seq));
            acknowledged.Add(seq);
        }

        // Two primary members stop: the leader alone is no majority, so a publish is not acknowledged.
        var members = SetA.Where(s => s != leader).ToArray();
        await realm.StopServersAsync(members);

        var lastBefore = (await realm.StatusAsync(leader)).LastIndex;
        var alone = await realm.PublishAsync(leader, 21, TimeSpan.FromSeconds(3)).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null, TaskScheduler.Default);
        Assert.IsNotType<RequestAcknowledged>(alone);

        // One returns (its journal gives back its log): with it, the set has a majority again and the publish is stored.
        await realm.StartServersAsync(members[0]);
        await Eventually.Until(async () => await realm.TryPublishAsync(21), Deadline, "the retried publish 21 to be acknowledged");
        acknowledged.Add(21);
        Assert.True((await realm.StatusAsync(members[0])).LastIndex >= Math.Min(lastBefore, 21));

        // The other member returns too; then the leader's system dies: the other two elect a new leader, which has every acknowledged message once, in order.
        await realm.StartServersAsync(members[1]);
        leader = await realm.LeaderAsync(SetA);
        await Eventually.Until(async () => (await realm.StatusAsync(members[1])).DurableIndex >= (await realm.StatusAsync(leader)).CommitIndex ? "ok" : null, Deadline, $"{members[1]} to catch up");
        await realm.Servers[leader].System.Terminate();
        realm.Servers.Remove(leader);
        var newLeader = await realm.LeaderAsync(SetA);
        Assert.NotEqual(leader, newLeader);
        for (var seq = 22; seq <= 30; seq++)
        {
            await Eventually.Until(async () => await realm.TryPublishAsync(seq), Deadline, $"publish {seq}");
            acknowledged.Add(seq);
        }

        Assert.Equal(acknowledged, await realm.ReadSequencesAsync(newLeader));

        // The standby set catches up: every standby server has them too, once and in order.
        foreach (var name in SetB)
        {
            await Eventually.Until(
                async () => (await realm.ReadSequencesAsync(name)).SequenceEqual(acknowledged) ? "ok" : null,
                Deadline,
                $"{name} to hold every acknowledged message",
                () => $"{name}: {string.Join(",", realm.ReadSequencesAsync(name).GetAwaiter().GetResult())}");
        }

        // A server restarted alone (every other persistence server stopped) recovers its whole log from its journal.
        var b3Last = (await realm.StatusAsync("b3")).LastIndex;
        await realm.StopServersAsync([.. realm.Servers.Keys]);
        await realm.StartServersAsync("b3");
        Assert.Equal(b3Last, (await realm.StatusAsync("b3")).LastIndex);
    }
}
