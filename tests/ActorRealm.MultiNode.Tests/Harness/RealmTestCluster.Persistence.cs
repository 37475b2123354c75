using System.Globalization;
using System.Text;
using ActorRealm.Cluster;
using ActorRealm.Hocon;
using ActorRealm.Persistence;
using ActorRealm.PersistenceSets.Layout;
using ActorRealm.PersistenceSets.RealmLink;
using ActorRealm.PersistenceSets.Replication;
using ActorRealm.PersistenceSets.Server;
using ActorRealm.PersistenceSets.Status;
using ActorRealm.Server;
using ActorRealm.Server.PersistenceServer;
using Akka.Actor;
using Microsoft.Extensions.Logging.Abstractions;
using ReplicationSetRole = ActorRealm.PersistenceSets.Replication.SetRole;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>
/// A persistence cluster beside the realm (issue 11, ADR 0071): the primary set <c>_setA</c> (servers <c>a1</c>,
/// <c>a2</c>, ...) at <paramref name="PrimarySite"/> and the standby set <c>_setB</c> (<c>b1</c>, ...) at
/// <paramref name="StandbySite"/>.
/// </summary>
/// <param name="StandbyReplication"><c>async</c> or <c>sync</c>.</param>
/// <param name="ServersPerSet">Servers in each set.</param>
/// <param name="PrimarySite">The primary set's site.</param>
/// <param name="StandbySite">The standby set's site.</param>
internal sealed record PersistenceSpecLayout(string StandbyReplication = "async", int ServersPerSet = 3, string PrimarySite = "main", string StandbySite = "dr")
{
    public const string PrimarySet = "_setA";
    public const string StandbySet = "_setB";

    /// <summary>
    /// The realm link's timings: the spec realm's prime-switch min-unreachable is 5 s, the lease must be shorter
    /// (the reference.conf rule), and a short push interval lets the registry's view follow within a fraction of a second.
    /// </summary>
    public const string RealmLinkHocon = "realm-link { lease = 800ms, push-interval = 200ms, retry-interval = 500ms }";
}

/// <summary>
/// The persistence servers of a realm under test: each is a <see cref="PersistenceServerNode"/> started by the node
/// process's own path (configuration read from a node file's keys, journal on SQLite under its data directory), with
/// the same throttle adapter as the realm nodes, so <see cref="BlackholeAsync"/> and <see cref="HealAsync"/> cut and
/// heal its links too (a site name takes in its persistence servers). Each realm node runs a
/// <see cref="PersistenceRegistry"/> as a realm server does.
/// </summary>
internal sealed partial class RealmTestCluster
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private readonly List<PersistenceTestServer> _servers = [];
    private string _setsHocon = string.Empty;
    private PersistenceSetsSettings? _sets;

    /// <summary>The persistence servers, primary set first.</summary>
    public IReadOnlyList<PersistenceTestServer> PersistenceServers => _servers;

    public IEnumerable<PersistenceTestServer> PrimarySet => _servers.Where(s => s.Set == PersistenceSpecLayout.PrimarySet);

    public IEnumerable<PersistenceTestServer> StandbySet => _servers.Where(s => s.Set == PersistenceSpecLayout.StandbySet);

    public PersistenceTestServer Server(string name) => _servers.Single(s => s.Name == name);

    /// <summary>Every module's defaults (a persistence server reads the keys of all of them).</summary>
    private static Config AllReferences => ConfigFactory.Reference(
        [typeof(ClusterSettings).Assembly, typeof(PersistenceSettings).Assembly, typeof(PersistenceSetsSettings).Assembly, typeof(NodeSettings).Assembly]);

    /// <summary>Starts every persistence server and waits until the primary set has a serving leader and the standby set a leader that the primary leader replicates to.</summary>
    public async Task StartPersistenceAndAwaitLeadersAsync(TimeSpan? deadline = null)
    {
        await Task.WhenAll(_servers.Select(s => StartServerAsync(s.Name)));

        await AwaitStatusesAsync(
            all => PrimaryLeaderOf(all) is { Standby.StandbyLeader: { } standby } && StandbyLeaderOf(all)?.Server == standby,
            deadline ?? TimeSpan.FromSeconds(30),
            "a serving primary leader replicating to the standby set's leader");
        Step("persistence sets up");
    }

    /// <summary>Starts (again) persistence server <paramref name="name"/> on its address and data directory.</summary>
    public async Task<PersistenceTestServer> StartServerAsync(string name)
    {
        var server = Server(name);
        var config = ConfigFactory.Load(ConfigFactory.ParseString(ServerConfig(server), name), AllReferences);
        var node = await PersistenceServerNode.StartAsync(PersistenceServerConfiguration.From(config), NullLoggerFactory.Instance);
        server.Attach(node);
        // Throttles belong to a transport: the new one gets the current faults (its first sends may precede them;
        // no spec restarts a server behind a cut).
        FaultsChanged();
        await ApplyFaultsAsync();
        Log($"{name} incarnation {server.Incarnations} started");
        return server;
    }

    /// <summary>
    /// Crashes a persistence server as kill -9 does its process: its actor system ends at once, skipping every
    /// shutdown phase (its server actor hands nothing over), and its connections close, which its peers notice as a
    /// kill -9's closed sockets. (A server has no cluster membership to leave, unlike a realm node, which
    /// <see cref="KillAsync"/> blackholes first; a blackholed connection's close is swallowed by the throttle adapter
    /// and would only be noticed after the transport heartbeats' pause, 5 s.)
    /// </summary>
    public async Task KillServerAsync(string name)
    {
        var server = Server(name);
        await CoordinatedShutdown.Get(server.System).Run(KilledReason.Instance, CoordinatedShutdown.PhaseActorSystemTerminate);
        await server.Node.StopAsync();
        Log($"{name} killed");
    }

    /// <summary>Stops a persistence server as its process does on SIGTERM (coordinated shutdown; the journal finishes its writes).</summary>
    public async Task StopServerAsync(string name)
    {
        await Server(name).Node.StopAsync();
        Log($"{name} stopped");
    }

    /// <summary>Deletes a stopped server's data directory (its journal with it).</summary>
    public void WipeServerData(string name)
    {
        var server = Server(name);
        if (server.IsAlive)
        {
            throw new InvalidOperationException($"{name} still runs");
        }

        Directory.Delete(server.DataDirectory, recursive: true);
        Log($"{name}: data directory {server.DataDirectory} deleted");
    }

    /// <summary>A running server's replication status.</summary>
    public static async Task<ReplicationStatus> StatusAsync(PersistenceTestServer server)
    {
        var status = await server.Node.Server.Ask<ReplicationStatus>(GetReplicationStatus.Instance, AskTimeout);
        server.LastStatus = status;
        return status;
    }

    /// <summary>The statuses of every running server, by name.</summary>
    public async Task<Dictionary<string, ReplicationStatus>> StatusesAsync()
    {
        var result = new Dictionary<string, ReplicationStatus>();
        foreach (var server in _servers.Where(s => s.IsAlive))
        {
            try
            {
                result[server.Name] = await StatusAsync(server);
            }
            catch (Exception e) when (e is AskTimeoutException or ObjectDisposedException)
            {
                // A server between incarnations, or still recovering its journal.
            }
        }

        return result;
    }

    /// <summary>Waits until the running servers' statuses satisfy <paramref name="condition"/>; returns how long that took.</summary>
    public async Task<TimeSpan> AwaitStatusesAsync(Func<IReadOnlyDictionary<string, ReplicationStatus>, bool> condition, TimeSpan deadline, string description) =>
        await AwaitConditionAsync(async () => condition(await StatusesAsync()), deadline, description);

    /// <summary>Waits until <paramref name="condition"/> holds (polled every 50 ms); returns how long that took; on a timeout, fails with <paramref name="detail"/>.</summary>
    public async Task<TimeSpan> AwaitConditionAsync(Func<Task<bool>> condition, TimeSpan deadline, string description, Func<Task<string>>? detail = null)
    {
        var started = Now;
        while (true)
        {
            AssertNoViolations();
            if (await condition())
            {
                var took = Now - started;
                Log($"{description}: after {took.TotalSeconds:0.000} s");
                return took;
            }

            if (Now - started > deadline)
            {
                Fail($"Timed out after {deadline.TotalSeconds:0.#} s waiting for: {description}{(detail is null ? string.Empty : $" ({await detail()})")}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The primary leader that serves now, if any.</summary>
    public static ReplicationStatus? PrimaryLeaderOf(IReadOnlyDictionary<string, ReplicationStatus> statuses) =>
        statuses.Values.Where(s => s is { Serving: true, SetIsPrimary: true, Role: ReplicationSetRole.Leader }).MaxBy(s => s.Term);

    /// <summary>The standby set's leader in the highest term, if any.</summary>
    public static ReplicationStatus? StandbyLeaderOf(IReadOnlyDictionary<string, ReplicationStatus> statuses) =>
        statuses.Values.Where(s => s is { SetIsPrimary: false, Role: ReplicationSetRole.Leader }).MaxBy(s => s.Term);

    /// <summary>The name of the primary leader that serves now, waiting for one.</summary>
    public async Task<string> ServingPrimaryLeaderAsync(TimeSpan deadline)
    {
        string? leader = null;
        await AwaitStatusesAsync(all => (leader = PrimaryLeaderOf(all)?.Server) is not null, deadline, "a serving primary leader");
        return leader!;
    }

    /// <summary>Realm node <paramref name="node"/>'s view of the persistence cluster (what its <c>GET /api/persistence</c> shows).</summary>
    public async Task<PersistenceView> PersistenceViewAsync(string node) =>
        await this[node].System.ActorSelection($"/user/{PersistenceRegistry.Name}").Ask<PersistenceView>(GetPersistenceView.Instance, AskTimeout);

    /// <summary>Allocates the servers' ports and writes the sets' HOCON (the realm's definition, read by realm nodes and servers alike).</summary>
    private void DefinePersistence(PersistenceSpecLayout layout, IReadOnlyList<int> ports)
    {
        var index = 0;
        var sb = new StringBuilder("actorrealm.persistence {\n  sets {\n");
        foreach (var (set, site, prefix) in new[] { (PersistenceSpecLayout.PrimarySet, layout.PrimarySite, "a"), (PersistenceSpecLayout.StandbySet, layout.StandbySite, "b") })
        {
            var servers = Enumerable.Range(1, layout.ServersPerSet)
                .Select(i => new PersistenceTestServer($"{prefix}{i}", set, site, new NodeAddress("127.0.0.1", ports[index++]), Path.Combine(_root, $"{prefix}{i}")))
                .ToList();
            _servers.AddRange(servers);
            sb.Append(CultureInfo.InvariantCulture, $"    {set} {{ site = {site}, servers = [{string.Join(", ", servers.Select(s => $"{{ name = {s.Name}, address = \"{s.Address}\" }}"))}] }}\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"  }}\n  primary-set = {PersistenceSpecLayout.PrimarySet}\n  standby-replication = {layout.StandbyReplication}\n  {PersistenceSpecLayout.RealmLinkHocon}\n}}\n");
        _setsHocon = sb.ToString();
        _sets = PersistenceSetsSettings.FromConfig(ConfigFactory.Load(ConfigFactory.ParseString(_layoutHocon + _setsHocon, "persistence layout"), AllReferences));
        Log($"persistence sets ({layout.StandbyReplication}): {string.Join(", ", _servers)}");
    }

    /// <summary>A realm node runs the registry of its persistence clients, as the node process does.</summary>
    private void StartPersistenceRegistry(ActorSystem system)
    {
        if (_sets is { Layout: { } layout })
        {
            system.ActorOf(PersistenceRegistry.Props(layout, RealmCluster.Get(system), _sets.RealmLink), PersistenceRegistry.Name);
        }
    }

    /// <summary>A persistence server's node file: the realm's definition, its name and data directory, and the spec transport.</summary>
    private string ServerConfig(PersistenceTestServer server) => $$"""
        {{_layoutHocon}}
        {{_setsHocon}}
        actorrealm.realm = "{{RealmName}}"
        actorrealm.persistence.server = {{server.Name}}
        actorrealm.node { name = {{server.Name}}, site = {{server.Site}}, data-dir = "{{server.DataDirectory.Replace("\\", "/", StringComparison.Ordinal)}}", admin-port = 0 }
        actorrealm.remote { join-secret = "{{JoinSecret}}", transport.tls.enabled = off }
        akka {
          loglevel = INFO
          stdout-loglevel = OFF
          {{SpecRemoteHocon}}
        }
        """;
}
