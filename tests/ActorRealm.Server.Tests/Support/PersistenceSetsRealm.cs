using System.Collections;
using ActorRealm.Cli;
using ActorRealm.Cluster.Remote;
using ActorRealm.Contracts;
using ActorRealm.Contracts.Persistence;
using ActorRealm.Hocon;
using ActorRealm.PersistenceSets.Replication;
using ActorRealm.PersistenceSets.Server;
using ActorRealm.Server.PersistenceServer;
using ActorRealm.TestSupport;
using ActorRealm.Client;
using Akka.Actor;
using Akka.Actor.Setup;
using Microsoft.Extensions.Logging.Abstractions;
using AkkaConfig = Akka.Configuration.Config;
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

    private PersistenceSetsRealm(string persistence, bool tls)
    {
        Realm = LocalRealm.Create("main:1,dr:1", tls);
        var ports = LoopbackPorts.Take(6);
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
        Client = ClientSystem("client");
    }

    public LocalRealm Realm { get; }

    public ActorSystem Client { get; }

    public Dictionary<string, RealmNode> Nodes { get; } = [];

    public Dictionary<string, PersistenceServerNode> Servers { get; } = [];

    /// <summary>A realm with the sets; <paramref name="persistence"/> adds keys under <c>actorrealm.persistence</c>; TLS off unless asked.</summary>
    public static PersistenceSetsRealm Create(string persistence = "", bool tls = false) => new(persistence, tls);

    /// <summary>The realm's name, its actor systems' name.</summary>
    public const string Name = "test";

    /// <summary>The realm servers' cluster addresses, the client library's contact points.</summary>
    public IReadOnlyList<string> ContactPoints => [.. Realm.Layout.Nodes.Select(n => $"127.0.0.1:{n.Port}")];

    /// <summary>With TLS: files a client can use (main-1's certificate, which the realm's CA issued, and the CA); else null.</summary>
    public RealmClientTls? ClientTls => Realm.Files.CaCertificate is { } ca
        ? new RealmClientTls(Path.Combine(Path.GetDirectoryName(ca)!, "main-1.crt"), Path.Combine(Path.GetDirectoryName(ca)!, "main-1.key"), ca)
        : null;

    /// <summary>A plain remoting system (no client library) with the realm's transport security and <paramref name="over"/> (default: the contracts' serializer).</summary>
    public ActorSystem ClientSystem(string name, AkkaConfig? over = null)
    {
        var config = AkkaConfigurationFactory.ParseString($$"""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0, enable-ssl = {{(ClientTls is null ? "off" : "on")}} }
            akka.loglevel = WARNING
            akka.stdout-loglevel = WARNING
            """).WithFallback(over ?? AkkaConfigurationFactory.ParseString(RealmServices.SerializationHocon));
        var bootstrap = BootstrapSetup.Create().WithConfig(config);
        return ActorSystem.Create(name, ClientTls is { } tls ? ActorSystemSetup.Create(bootstrap, RealmClient.TransportSecurity(tls)) : ActorSystemSetup.Create(bootstrap));
    }

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
            Servers[name] = await PersistenceServerNode.StartAsync(ServerConfiguration(name), NullLoggerFactory.Instance);
        }
    }

    /// <summary>Server <paramref name="name"/>'s checked configuration, with <paramref name="overrides"/> (HOCON) over it.</summary>
    public PersistenceServerConfiguration ServerConfiguration(string name, string overrides = "")
    {
        var node = name.StartsWith('a') ? "main-1" : "dr-1";
        var hocon = $$"""
            {{_sets}}
            actorrealm.persistence.server = {{name}}
            actorrealm.node.data-dir = "{{DataDirectory(name).Replace("\\", "/", StringComparison.Ordinal)}}"
            {{overrides}}
            """;
        var config = ConfigFactory.Load(ConfigFactory.ParseString(hocon).WithFallback(ConfigFactory.ParseFile(Realm.Files.NodeConfigs[node])), ReferenceCatalog.Reference(), new Hashtable());
        return PersistenceServerConfiguration.From(config);
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
        var read = await ReadAllAsync(Client, server, "orders");
        Assert.All(read, m => Assert.Equal(m.ProducerSeq, BitConverter.ToInt64(m.Data.Span)));
        Assert.Equal(Enumerable.Range(0, read.Count).Select(i => (long)i), read.Select(m => m.Offset));
        return [.. read.Select(m => m.ProducerSeq)];
    }

    /// <summary>Every committed message of <paramref name="channel"/> in <paramref name="server"/>'s own copy, read from <paramref name="client"/>.</summary>
    public async Task<IReadOnlyList<ChannelMessage>> ReadAllAsync(ActorSystem client, string server, string channel)
    {
        var all = new List<ChannelMessage>();
        while (true)
        {
            var read = await Remote(client, server).Ask<ChannelMessages>(new ReadChannelRequest(1, channel, all.Count, 10_000, AnyServer: true), TimeSpan.FromSeconds(10));
            all.AddRange(read.Messages);
            if (read.Messages.Length == 0 || all.Count >= read.EndOffset)
            {
                return all;
            }
        }
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

    /// <summary><paramref name="server"/>'s server actor, seen from <paramref name="client"/> (default: <see cref="Client"/>).</summary>
    public ActorSelection Remote(ActorSystem client, string server) =>
        client.ActorSelection($"{(ClientTls is null ? "akka.tcp" : "akka.ssl.tcp")}://{Name}@{Servers[server].Configuration.Server.Address}/user/{PersistenceServerOptions.ActorName}");

    private ActorSelection Remote(string server) => Remote(Client, server);
}
