using System.Collections;
using ActorRealm.Cli;
using ActorRealm.Hocon;
using ActorRealm.PersistenceSets.Replication;
using ActorRealm.PersistenceSets.Serialization;
using ActorRealm.PersistenceSets.Server;
using ActorRealm.Server.PersistenceServer;
using ActorRealm.Server.Tests.Support;
using ActorRealm.TestSupport;
using Akka.Actor;
using Microsoft.Extensions.Logging.Abstractions;
using AkkaConfigurationFactory = Akka.Configuration.ConfigurationFactory;

namespace ActorRealm.Server.Tests;

/// <summary>
/// Persistence server processes (ADR 0071) as real actor systems in this process, on loopback, with real realm
/// servers of both sites: 3 servers in the primary set and 3 in the standby set, each with its own SQLite journal.
/// An application client publishes over Akka.Remote from a system of its own.
/// </summary>
public sealed class PersistenceServerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly string[] Primary = ["a1", "a2", "a3"];
    private static readonly string[] Standby = ["b1", "b2", "b3"];

    [Fact]
    public async Task Acks_need_a_majority_a_killed_leader_loses_no_acknowledged_message_and_a_restarted_server_recovers_its_journal()
    {
        using var realm = LocalRealm.Create("main:1,dr:1", tls: false);
        using var data = new TempDirectory();
        var ports = FreePorts.Take(6);
        var sets = Sets(ports);
        await using var main = await RealmNode.StartAsync(realm.Configuration("main-1", sets), NullLoggerFactory.Instance);
        await using var dr = await RealmNode.StartAsync(realm.Configuration("dr-1", sets), NullLoggerFactory.Instance);
        var servers = new Dictionary<string, PersistenceServerNode>();
        using var client = ClientSystem();
        var acknowledged = new List<long>();
        try
        {
            foreach (var name in Primary.Concat(Standby))
            {
                servers[name] = await StartServerAsync(realm, data, sets, name);
            }

            var leader = await LeaderAsync(servers);
            for (var seq = 1; seq <= 20; seq++)
            {
                Assert.IsType<Acknowledged>((await PublishAsync(client, servers[leader], seq)).Result);
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
            var alone = await PublishAsync(client, servers[leader], 21, TimeSpan.FromSeconds(3)).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result.Result : null, TaskScheduler.Default);
            Assert.IsNotType<Acknowledged>(alone);

            // One returns (its journal gives back its log): with it, the set has a majority again and the publish is stored.
            servers[members[0]] = await StartServerAsync(realm, data, sets, members[0]);
            await Eventually.Until(async () => await TryPublishAsync(client, servers, 21) ? "ok" : null, Deadline, "the retried publish 21 to be acknowledged");
            acknowledged.Add(21);
            Assert.True((await StatusAsync(servers[members[0]])).LastIndex >= Math.Min(lastBefore, 21));

            // The other member returns too; then the leader's system dies: the other two elect a new leader, which has every acknowledged message once, in order.
            servers[members[1]] = await StartServerAsync(realm, data, sets, members[1]);
            leader = await LeaderAsync(servers);
            await Eventually.Until(async () => (await StatusAsync(servers[members[1]])).DurableIndex >= (await StatusAsync(servers[leader])).CommitIndex ? "ok" : null, Deadline, $"{members[1]} to catch up");
            await servers[leader].System.Terminate();
            servers.Remove(leader);
            var newLeader = await LeaderAsync(servers);
            Assert.NotEqual(leader, newLeader);
            for (var seq = 22; seq <= 30; seq++)
            {
                await Eventually.Until(async () => await TryPublishAsync(client, servers, seq) ? "ok" : null, Deadline, $"publish {seq}");
                acknowledged.Add(seq);
            }

            Assert.Equal(acknowledged, await ReadSequencesAsync(client, servers[newLeader]));

            // The standby set catches up: every standby server has them too, once and in order.
            foreach (var name in Standby)
            {
                await Eventually.Until(
                    async () => (await ReadSequencesAsync(client, servers[name])).SequenceEqual(acknowledged) ? "ok" : null,
                    Deadline,
                    $"{name} to hold every acknowledged message",
                    () => $"{name}: {string.Join(",", ReadSequencesAsync(client, servers[name]).GetAwaiter().GetResult())}");
            }

            // A server restarted alone (every other persistence server stopped) recovers its whole log from its journal.
            var b3Last = (await StatusAsync(servers["b3"])).LastIndex;
            foreach (var server in servers.Values)
            {
                await server.StopAsync();
            }

            servers.Clear();
            servers["b3"] = await StartServerAsync(realm, data, sets, "b3");
            Assert.Equal(b3Last, (await StatusAsync(servers["b3"])).LastIndex);
        }
        finally
        {
            foreach (var server in servers.Values)
            {
                await server.StopAsync();
            }
        }
    }

    private static string Sets(int[] ports) => $$"""
        actorrealm.persistence {
          sets {
            _setA { site = main, servers = [
              { name = a1, address = "127.0.0.1:{{ports[0]}}" }, { name = a2, address = "127.0.0.1:{{ports[1]}}" }, { name = a3, address = "127.0.0.1:{{ports[2]}}" } ] }
            _setB { site = dr, servers = [
              { name = b1, address = "127.0.0.1:{{ports[3]}}" }, { name = b2, address = "127.0.0.1:{{ports[4]}}" }, { name = b3, address = "127.0.0.1:{{ports[5]}}" } ] }
          }
          primary-set = _setA
          # The test realm's min-unreachable is 1 s: the lease must be shorter.
          realm-link { lease = 800ms, push-interval = 200ms, retry-interval = 500ms }
        }
        """;

    private static async Task<PersistenceServerNode> StartServerAsync(LocalRealm realm, TempDirectory data, string sets, string name)
    {
        var site = name.StartsWith('a') ? "main-1" : "dr-1";
        var overrides = $$"""
            {{sets}}
            actorrealm.persistence.server = {{name}}
            actorrealm.node.data-dir = "{{data.Path.Replace("\\", "/", StringComparison.Ordinal)}}/{{name}}"
            """;
        var config = ConfigFactory.Load(ConfigFactory.ParseString(overrides).WithFallback(ConfigFactory.ParseFile(realm.Files.NodeConfigs[site])), ReferenceCatalog.Reference(), new Hashtable());
        return await PersistenceServerNode.StartAsync(PersistenceServerConfiguration.From(config), NullLoggerFactory.Instance);
    }

    private static ActorSystem ClientSystem() => ActorSystem.Create(
        "client",
        AkkaConfigurationFactory.ParseString($$"""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.loglevel = WARNING
            akka.stdout-loglevel = WARNING
            {{PersistenceSetsSerializer.Hocon}}
            """));

    private static async Task<ReplicationStatus> StatusAsync(PersistenceServerNode server) =>
        await server.Server.Ask<ReplicationStatus>(GetReplicationStatus.Instance, TimeSpan.FromSeconds(10));

    /// <summary>The primary leader once it serves (elected, with its realm server's quorum lease).</summary>
    private static async Task<string> LeaderAsync(Dictionary<string, PersistenceServerNode> servers) =>
        await Eventually.Until(
            async () =>
            {
                foreach (var name in Primary.Where(servers.ContainsKey))
                {
                    if (await StatusAsync(servers[name]) is { Serving: true })
                    {
                        return name;
                    }
                }

                return null;
            },
            Deadline,
            "a serving primary leader");

    private static ActorSelection Remote(ActorSystem client, PersistenceServerNode server) =>
        client.ActorSelection($"akka.tcp://test@{server.Configuration.Server.Address}/user/{PersistenceServerOptions.ActorName}");

    private static Task<ClientAnswer> PublishAsync(ActorSystem client, PersistenceServerNode server, long seq, TimeSpan? timeout = null) =>
        Remote(client, server).Ask<ClientAnswer>(new PublishRequest(seq, new Publish("orders", "producer-1", seq, BitConverter.GetBytes(seq))), timeout ?? TimeSpan.FromSeconds(10));

    /// <summary>Publishes <paramref name="seq"/> to whichever server serves now; true once it is acknowledged (a retry is deduplicated).</summary>
    private static async Task<bool> TryPublishAsync(ActorSystem client, Dictionary<string, PersistenceServerNode> servers, long seq)
    {
        foreach (var name in Primary.Where(servers.ContainsKey))
        {
            if ((await StatusAsync(servers[name])).Serving)
            {
                return (await PublishAsync(client, servers[name], seq, TimeSpan.FromSeconds(3))).Result is Acknowledged;
            }
        }

        return false;
    }

    private static async Task<List<long>> ReadSequencesAsync(ActorSystem client, PersistenceServerNode server)
    {
        var read = await Remote(client, server).Ask<ChannelRead>(new ReadChannel(1, "orders", 0, 1000), TimeSpan.FromSeconds(10));
        Assert.All(read.Messages, m => Assert.Equal(m.ProducerSeq, BitConverter.ToInt64(m.Data.Span)));
        return [.. read.Messages.Select(m => m.ProducerSeq)];
    }
}
