using System.Collections;
using ActorRealm.Cli;
using ActorRealm.Contracts;
using ActorRealm.Contracts.Persistence;
using ActorRealm.Hocon;
using ActorRealm.PersistenceSets.Replication;
using ActorRealm.PersistenceSets.Server;
using ActorRealm.Server.PersistenceServer;
using ActorRealm.TestSupport;
using Akka.Actor;
using Microsoft.Extensions.Logging.Abstractions;
using AkkaConfigurationFactory = Akka.Configuration.ConfigurationFactory;

namespace ActorRealm.Server.Tests.Support;

/// <summary>
/// The document's example in this process, on loopback: realm servers <c>main-1</c> and <c>dr-1</c> with fast timings,
/// the primary set <c>_setA</c> (a1-a3, at main) and the standby set <c>_setB</c> (b1-b3, at dr), each persistence
/// server a real actor system with its own SQLite journal, and an application client system publishing over
/// Akka.Remote. Servers and realm servers can be stopped and started again on the same data.
/// </summary>
internal sealed class PersistenceSetsRealm : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    public static readonly string[] SetA = ["a1", "a2", "a3"];
    public static readonly string[] SetB = ["b1", "b2", "b3"];

    private readonly TempDirectory _data = new();
    private readonly string _sets;

    private PersistenceSetsRealm(string persistence)
    {
        Realm = LocalRealm.Create("main:1,dr:1", tls: false);
        var ports = FreePorts.Take(6);
        _sets = $$"""
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
              {{persistence}}
            }
            """;
        Client = ActorSystem.Create(
            "client",
            AkkaConfigurationFactory.ParseString($$"""
                akka.actor.provider = remote
                akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
                akka.loglevel = WARNING
                akka.stdout-loglevel = WARNING
                {{RealmServices.SerializationHocon}}
                """));
    }

    public LocalRealm Realm { get; }

    public ActorSystem Client { get; }

    public Dictionary<string, RealmNode> Nodes { get; } = [];

    public Dictionary<string, PersistenceServerNode> Servers { get; } = [];

    /// <summary>A realm with the sets; <paramref name="persistence"/> adds keys under <c>actorrealm.persistence</c>.</summary>
    public static PersistenceSetsRealm Create(string persistence = "") => new(persistence);

    public async Task StartNodesAsync(params string[] names)
    {
        foreach (var name in names)
        {
            Nodes[name] = await RealmNode.StartAsync(Realm.Configuration(name, _sets), NullLoggerFactory.Instance);
        }

        // Every running realm server sees every other up: a guard reads reachability, which a join not yet done would skew.
        await Eventually.Until(
            () => Task.FromResult(Nodes.Values.All(n => n.Status().Members.Count(m => m.Status == "up" && m.Reachable) == Nodes.Count) ? "ok" : null),
            Deadline,
            $"realm servers {string.Join(", ", Nodes.Keys)} to see each other up");
    }

    public async Task StopNodeAsync(string name)
    {
        await Nodes[name].StopAsync();
        Nodes.Remove(name);
    }

    public async Task StartServersAsync(params string[] names)
    {
        foreach (var name in names)
        {
            var node = name.StartsWith('a') ? "main-1" : "dr-1";
            var overrides = $$"""
                {{_sets}}
                actorrealm.persistence.server = {{name}}
                actorrealm.node.data-dir = "{{DataDirectory(name).Replace("\\", "/", StringComparison.Ordinal)}}"
                """;
            var config = ConfigFactory.Load(ConfigFactory.ParseString(overrides).WithFallback(ConfigFactory.ParseFile(Realm.Files.NodeConfigs[node])), ReferenceCatalog.Reference(), new Hashtable());
            Servers[name] = await PersistenceServerNode.StartAsync(PersistenceServerConfiguration.From(config), NullLoggerFactory.Instance);
        }
    }

    public async Task StopServersAsync(params string[] names)
    {
        foreach (var name in names)
        {
            await Servers[name].StopAsync();
            Servers.Remove(name);
        }
    }

    public string DataDirectory(string server) => Path.Combine(_data.Path, server);

    public async Task<ReplicationStatus> StatusAsync(string server) =>
        await Servers[server].Server.Ask<ReplicationStatus>(GetReplicationStatus.Instance, TimeSpan.FromSeconds(10));

    /// <summary>The server of <paramref name="set"/> that serves publishes, once one does (elected, with its realm server's quorum lease).</summary>
    public async Task<string> LeaderAsync(IEnumerable<string> set) =>
        await Eventually.Until(async () => await ServingAsync(set), Deadline, "a serving primary leader");

    /// <summary>The leader of <paramref name="set"/> (primary or standby), once it has one.</summary>
    public async Task<string> SetLeaderAsync(IEnumerable<string> set) =>
        await Eventually.Until(
            async () =>
            {
                foreach (var name in set.Where(Servers.ContainsKey))
                {
                    if (await StatusAsync(name) is { Role: SetRole.Leader })
                    {
                        return name;
                    }
                }

                return null;
            },
            Deadline,
            "a set leader");

    /// <summary>The server among <paramref name="candidates"/> that serves publishes now, or null.</summary>
    public async Task<string?> ServingAsync(IEnumerable<string> candidates)
    {
        foreach (var name in candidates.Where(Servers.ContainsKey))
        {
            if (await StatusAsync(name) is { Serving: true })
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>
    /// The one way these tests publish: message <paramref name="seq"/> of producer-1 on channel <c>orders</c>, its
    /// body the sequence number, as a raw <see cref="PublishRequest"/> (the public contract) to <paramref name="server"/>.
    /// </summary>
    public Task<IPersistenceAnswer> PublishAsync(string server, long seq, TimeSpan? timeout = null) =>
        Remote(server).Ask<IPersistenceAnswer>(new PublishRequest(seq, "orders", "producer-1", seq, BitConverter.GetBytes(seq)), timeout ?? TimeSpan.FromSeconds(10));

    /// <summary>Publishes <paramref name="seq"/> to whichever server serves now; its answer once acknowledged, else null (retry: it is deduplicated).</summary>
    public async Task<RequestAcknowledged?> TryPublishAsync(long seq)
    {
        if (await ServingAsync(Servers.Keys.Order(StringComparer.Ordinal).ToList()) is not { } leader)
        {
            return null;
        }

        try
        {
            return await PublishAsync(leader, seq, TimeSpan.FromSeconds(3)) as RequestAcknowledged;
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    /// <summary>The producer sequence numbers of the <c>orders</c> messages <paramref name="server"/> holds committed, in order.</summary>
    public async Task<List<long>> ReadSequencesAsync(string server)
    {
        var read = await Remote(server).Ask<ChannelMessages>(new ReadChannelRequest(1, "orders", 0, 10_000, AnyServer: true), TimeSpan.FromSeconds(10));
        Assert.All(read.Messages, m => Assert.Equal(m.ProducerSeq, BitConverter.ToInt64(m.Data.Span)));
        return [.. read.Messages.Select(m => m.ProducerSeq)];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in Servers.Values)
        {
            await server.StopAsync();
        }

        foreach (var node in Nodes.Values)
        {
            await node.StopAsync();
        }

        await Client.Terminate();
        Realm.Dispose();
        _data.Dispose();
    }

    private ActorSelection Remote(string server) =>
        Client.ActorSelection($"akka.tcp://test@{Servers[server].Configuration.Server.Address}/user/{PersistenceServerOptions.ActorName}");
}
