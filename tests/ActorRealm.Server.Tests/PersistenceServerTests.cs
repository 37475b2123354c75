using ActorRealm.Contracts.Persistence;
using ActorRealm.Server.Tests.Support;
using Akka.Actor;
using static ActorRealm.Server.Tests.Support.PersistenceRealm;

namespace ActorRealm.Server.Tests;

/// <summary>
/// Persistence server processes (ADR 0071) as real actor systems in this process, on loopback, with real realm
/// servers of both sites (<see cref="PersistenceRealm"/>). A raw client sends the public contract messages over
/// Akka.Remote from a system of its own (no client library: this is what the library builds on).
/// </summary>
public sealed class PersistenceServerTests
{
    [Fact]
    public async Task Acks_need_a_majority_a_killed_leader_loses_no_acknowledged_message_and_a_restarted_server_recovers_its_journal()
    {
        await using var realm = await PersistenceRealm.StartAsync();
        using var client = realm.RawClientSystem();
        var servers = realm.Servers;
        var acknowledged = new List<long>();
        await realm.StartServersAsync();

        var leader = await realm.LeaderAsync();
        for (var seq = 1; seq <= 20; seq++)
        {
            var ack = Assert.IsType<RequestAcknowledged>(await PublishAsync(client, realm, leader, seq));
            Assert.Equal(seq - 1, ack.Offset);
            acknowledged.Add(seq);
        }

        // Two primary members stop: the leader alone is no majority, so a publish is not acknowledged.
        var members = Primary.Where(s => s != leader).ToArray();
        foreach (var member in members)
        {
            await servers[member].StopAsync();
            servers.Remove(member);
        }

        var lastBefore = (await StatusAsync(servers[leader])).LastIndex;
        var alone = await PublishAsync(client, realm, leader, 21, TimeSpan.FromSeconds(3)).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null, TaskScheduler.Default);
        Assert.IsNotType<RequestAcknowledged>(alone);

        // One returns (its journal gives back its log): with it, the set has a majority again and the publish is stored.
        servers[members[0]] = await realm.StartServerAsync(members[0]);
        await Eventually.Until(async () => await TryPublishAsync(client, realm, 21) ? "ok" : null, Deadline, "the retried publish 21 to be acknowledged");
        acknowledged.Add(21);
        Assert.True((await StatusAsync(servers[members[0]])).LastIndex >= Math.Min(lastBefore, 21));

        // The other member returns too; then the leader's system dies: the other two elect a new leader, which has every acknowledged message once, in order.
        servers[members[1]] = await realm.StartServerAsync(members[1]);
        leader = await realm.LeaderAsync();
        await Eventually.Until(async () => (await StatusAsync(servers[members[1]])).DurableIndex >= (await StatusAsync(servers[leader])).CommitIndex ? "ok" : null, Deadline, $"{members[1]} to catch up");
        await servers[leader].System.Terminate();
        servers.Remove(leader);
        var newLeader = await realm.LeaderAsync();
        Assert.NotEqual(leader, newLeader);
        for (var seq = 22; seq <= 30; seq++)
        {
            await Eventually.Until(async () => await TryPublishAsync(client, realm, seq) ? "ok" : null, Deadline, $"publish {seq}");
            acknowledged.Add(seq);
        }

        Assert.Equal(acknowledged, await ReadSequencesAsync(client, realm, newLeader));

        // The standby set catches up: every standby server has them too, once and in order.
        foreach (var name in Standby)
        {
            await Eventually.Until(
                async () => (await ReadSequencesAsync(client, realm, name)).SequenceEqual(acknowledged) ? "ok" : null,
                Deadline,
                $"{name} to hold every acknowledged message",
                () => $"{name}: {string.Join(",", ReadSequencesAsync(client, realm, name).GetAwaiter().GetResult())}");
        }

        // A server restarted alone (every other persistence server stopped) recovers its whole log from its journal.
        var b3Last = (await StatusAsync(servers["b3"])).LastIndex;
        foreach (var server in servers.Values)
        {
            await server.StopAsync();
        }

        servers.Clear();
        servers["b3"] = await realm.StartServerAsync("b3");
        Assert.Equal(b3Last, (await StatusAsync(servers["b3"])).LastIndex);
    }

    private static Task<IPersistenceAnswer> PublishAsync(ActorSystem client, PersistenceRealm realm, string server, long seq, TimeSpan? timeout = null) =>
        realm.Remote(client, server).Ask<IPersistenceAnswer>(new PublishRequest(seq, "orders", "producer-1", seq, BitConverter.GetBytes(seq)), timeout ?? TimeSpan.FromSeconds(10));

    /// <summary>Publishes <paramref name="seq"/> to whichever server serves now; true once it is acknowledged (a retry is deduplicated).</summary>
    private static async Task<bool> TryPublishAsync(ActorSystem client, PersistenceRealm realm, long seq)
    {
        foreach (var name in Primary.Where(realm.Servers.ContainsKey))
        {
            if ((await StatusAsync(realm.Servers[name])).Serving)
            {
                return await PublishAsync(client, realm, name, seq, TimeSpan.FromSeconds(3)) is RequestAcknowledged;
            }
        }

        return false;
    }

    private static async Task<List<long>> ReadSequencesAsync(ActorSystem client, PersistenceRealm realm, string server)
    {
        var read = await realm.ReadAllAsync(client, server, "orders");
        Assert.All(read, m => Assert.Equal(m.ProducerSeq, BitConverter.ToInt64(m.Data.Span)));
        Assert.Equal(Enumerable.Range(0, read.Count).Select(i => (long)i), read.Select(m => m.Offset));
        return [.. read.Select(m => m.ProducerSeq)];
    }
}
