using System.Collections;
using ActorRealm.Cli;
using ActorRealm.Contracts.Persistence;
using ActorRealm.Hocon;
using ActorRealm.PersistenceSets.Replication;
using ActorRealm.PersistenceSets.Server;
using ActorRealm.Server.PersistenceServer;
using ActorRealm.TestSupport;
using ActorRealm.Client;
using Akka.Actor;
using Akka.Actor.Setup;
using Config = Akka.Configuration.Config;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorRealm.Server.Tests.Support;

/// <summary>
/// A realm with persistence sets, in this process on loopback: realm servers main-1 and dr-1 (fast timings, TLS on
/// or off), and the six persistence servers of the product document, a1-a3 in the primary set <c>_setA</c> at main
/// and b1-b3 in <c>_setB</c> at dr, each with its own SQLite journal. Start servers with <see cref="StartServerAsync"/>;
/// disposing stops everything.
/// </summary>
internal sealed class PersistenceRealm : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    public static readonly string[] Primary = ["a1", "a2", "a3"];
    public static readonly string[] Standby = ["b1", "b2", "b3"];

    private readonly LocalRealm _realm;
    private readonly TempDirectory _data;
    private readonly string _sets;

    private PersistenceRealm(LocalRealm realm, TempDirectory data, string sets, RealmNode main, RealmNode dr)
    {
        Protocol = realm.Tls ? "akka.ssl.tcp" : "akka.tcp";
        _realm = realm;
        _data = data;
        _sets = sets;
        Main = main;
        Dr = dr;
    }

    public RealmNode Main { get; }

    /// <summary>The transport scheme of the realm's actor systems.</summary>
    public string Protocol { get; }

    /// <summary>With TLS: files a client can use (main-1's certificate, which the realm's CA issued, and the CA); else null.</summary>
    public RealmClientTls? ClientTls => _realm.Files.CaCertificate is { } ca
        ? new RealmClientTls(Path.Combine(Path.GetDirectoryName(ca)!, "main-1.crt"), Path.Combine(Path.GetDirectoryName(ca)!, "main-1.key"), ca)
        : null;

    public RealmNode Dr { get; }

    /// <summary>The running persistence servers by name.</summary>
    public Dictionary<string, PersistenceServerNode> Servers { get; } = [];

    /// <summary>The realm servers' cluster addresses, the client library's contact points.</summary>
    public IReadOnlyList<string> ContactPoints => [.. _realm.Layout.Nodes.Select(n => $"127.0.0.1:{n.Port}")];

    public const string Realm = "test";

    /// <summary>Starts both realm servers; <paramref name="extra"/> (HOCON) goes into the persistence block every node reads.</summary>
    public static async Task<PersistenceRealm> StartAsync(string extra = "", bool tls = false)
    {
        var realm = LocalRealm.Create("main:1,dr:1", tls);
        var data = new TempDirectory();
        var sets = Sets(FreePorts.Take(6), extra);
        var main = await RealmNode.StartAsync(realm.Configuration("main-1", sets), NullLoggerFactory.Instance);
        var dr = await RealmNode.StartAsync(realm.Configuration("dr-1", sets), NullLoggerFactory.Instance);
        return new PersistenceRealm(realm, data, sets, main, dr);
    }

    /// <summary>Starts the servers named (all six when none are named).</summary>
    public async Task StartServersAsync(params string[] names)
    {
        foreach (var name in names.Length == 0 ? [.. Primary, .. Standby] : names)
        {
            Servers[name] = await StartServerAsync(name);
        }
    }

    public async Task<PersistenceServerNode> StartServerAsync(string name) =>
        await PersistenceServerNode.StartAsync(ServerConfiguration(name), NullLoggerFactory.Instance);

    /// <summary>Server <paramref name="name"/>'s checked configuration, with <paramref name="overrides"/> (HOCON) over it.</summary>
    public PersistenceServerConfiguration ServerConfiguration(string name, string overrides = "")
    {
        var site = name.StartsWith('a') ? "main-1" : "dr-1";
        var hocon = $$"""
            {{_sets}}
            actorrealm.persistence.server = {{name}}
            actorrealm.node.data-dir = "{{_data.Path.Replace("\\", "/", StringComparison.Ordinal)}}/{{name}}"
            {{overrides}}
            """;
        var config = ConfigFactory.Load(ConfigFactory.ParseString(hocon).WithFallback(ConfigFactory.ParseFile(_realm.Files.NodeConfigs[site])), ReferenceCatalog.Reference(), new Hashtable());
        return PersistenceServerConfiguration.From(config);
    }

    public static async Task<ReplicationStatus> StatusAsync(PersistenceServerNode server) =>
        await server.Server.Ask<ReplicationStatus>(GetReplicationStatus.Instance, TimeSpan.FromSeconds(10));

    /// <summary>The primary leader once it serves (elected, with its realm server's quorum lease).</summary>
    public async Task<string> LeaderAsync() =>
        await Eventually.Until(
            async () =>
            {
                foreach (var name in Primary.Where(Servers.ContainsKey))
                {
                    if (await StatusAsync(Servers[name]) is { Serving: true })
                    {
                        return name;
                    }
                }

                return null;
            },
            Deadline,
            "a serving primary leader");

    /// <summary>A plain remoting system for raw contract requests (no client library), with the realm's TLS.</summary>
    public ActorSystem RawClientSystem(string name = "raw-client", Config? over = null)
    {
        var config = Akka.Configuration.ConfigurationFactory.ParseString($$"""
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0, enable-ssl = {{(ClientTls is null ? "off" : "on")}} }
            akka.loglevel = WARNING
            akka.stdout-loglevel = WARNING
            """).WithFallback(over ?? Akka.Configuration.ConfigurationFactory.ParseString(ActorRealm.Contracts.RealmServices.SerializationHocon));
        var bootstrap = BootstrapSetup.Create().WithConfig(config);
        return ActorSystem.Create(name, ClientTls is { } tls ? ActorSystemSetup.Create(bootstrap, RealmClient.TransportSecurity(tls)) : ActorSystemSetup.Create(bootstrap));
    }

    public ActorSelection Remote(ActorSystem client, string server) =>
        client.ActorSelection($"{Protocol}://{Realm}@{Servers[server].Configuration.Server.Address}/user/{PersistenceServerOptions.ActorName}");

    /// <summary>Every committed message of <paramref name="channel"/> in <paramref name="server"/>'s own copy.</summary>
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

        await Dr.DisposeAsync();
        await Main.DisposeAsync();
        _data.Dispose();
        _realm.Dispose();
    }

    private static string Sets(int[] ports, string extra) => $$"""
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
          {{extra}}
        }
        """;
}
