using System.Net;
using System.Net.Sockets;
using ActorRealm.Actors;
using ActorRealm.Cluster;
using ActorRealm.Persistence;
using ActorRealm.Server.Admin;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Server;

/// <summary>
/// One realm server node: the actor system (named after the realm) with the remote transport, the
/// cluster extension, the persistence store and the admin API. <see cref="StartAsync"/> refuses to
/// start with a <see cref="NodeStartupException"/> listing what to fix; <see cref="StopAsync"/> leaves
/// the cluster gracefully (coordinated shutdown) and stops everything.
/// </summary>
public sealed partial class RealmNode : INodeAdministration, IAsyncDisposable
{
    private readonly ILogger _log;
    private readonly Cluster.Cluster _cluster;
    private AdminServer? _admin;
    private int _stopping;

    private RealmNode(NodeConfiguration configuration, ActorSystem system, Cluster.Cluster cluster, ILogger log)
    {
        Configuration = configuration;
        System = system;
        _cluster = cluster;
        _log = log;
    }

    /// <summary>The node's checked configuration.</summary>
    public NodeConfiguration Configuration { get; }

    /// <summary>The node's actor system.</summary>
    public ActorSystem System { get; }

    /// <summary>The node's cluster extension.</summary>
    public Cluster.Cluster Cluster => _cluster;

    /// <summary>The admin API's base address, or null when it is off (<c>admin-port = 0</c>).</summary>
    public Uri? AdminAddress => _admin?.BaseAddress;

    /// <summary>Completes when the actor system has terminated (after <see cref="StopAsync"/>, or on a fatal error).</summary>
    public Task WhenTerminated => System.WhenTerminated;

    /// <summary>
    /// Starts the node: checks its ports, opens its data directory and store, starts the transport,
    /// the cluster and the admin API, then joins through the seed nodes in the background.
    /// </summary>
    /// <exception cref="NodeStartupException">The node cannot start; every problem found is listed.</exception>
    public static async Task<RealmNode> StartAsync(NodeConfiguration configuration, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var log = loggerFactory.CreateLogger<RealmNode>();
        var settings = configuration.Node;
        var busy = PortProblems(settings);
        if (busy.Count > 0)
        {
            throw new NodeStartupException(busy);
        }

        CreateDataDirectory(settings.DataDirectory);
        var system = CreateSystem(configuration, loggerFactory);
        RealmNode? node = null;
        try
        {
            await CheckStoreAsync(configuration, log, cancellationToken).ConfigureAwait(false);
            var cluster = StartCluster(system, configuration);
            node = new RealmNode(configuration, system, cluster, log);
            foreach (var warning in configuration.Warnings)
            {
                NodeLog.ConfigurationWarning(log, warning);
            }

            if (settings.AdminPort != 0)
            {
                node._admin = await StartAdminAsync(configuration, node, loggerFactory, cancellationToken).ConfigureAwait(false);
                NodeLog.AdminListening(log, node._admin.BaseAddress, configuration.AdminToken is not null);
            }

            NodeLog.Started(log, settings.Name, settings.Site, configuration.Address, settings.Realm, settings.DataDirectory);
            _ = node.JoinAsync();
            return node;
        }
        catch
        {
            if (node?._admin is { } admin)
            {
                await admin.DisposeAsync().ConfigureAwait(false);
            }

            await system.Terminate().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public NodeStatusView Status() => StatusViews.From(_cluster.CurrentStatus, _cluster.Layout);

    /// <inheritdoc />
    public async Task<PrimeSwitchResultView> SwitchPrimeAsync(string site, string confirmSiteDown, string requestedBy, CancellationToken cancellationToken)
    {
        PrimeSwitchOutcome outcome;
        try
        {
            outcome = await _cluster.RequestPrimeSwitchAsync(site, confirmSiteDown, requestedBy, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException e)
        {
            throw new TimeoutException($"The node did not answer the prime switch in time: {e.Message}", e);
        }

        return new PrimeSwitchResultView(
            outcome.Accepted,
            outcome.Prime.Site,
            outcome.Prime.Epoch,
            [.. outcome.StoredBy.Select(a => a.ToString())],
            outcome.Refusal?.ToString(),
            outcome.Message);
    }

    /// <summary>
    /// Leaves the cluster gracefully and stops the node: coordinated shutdown (its <c>cluster-leave</c>
    /// phase waits for removal up to the phase timeout), then the admin API. Safe to call more than once.
    /// </summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopping, 1) == 0)
        {
            NodeLog.Stopping(_log, Configuration.Node.Name);
        }

        await System.CoordinatedShutdown.Run(CoordinatedShutdownReason.ProcessExit).ConfigureAwait(false);
        await System.WhenTerminated.ConfigureAwait(false);
        if (Interlocked.Exchange(ref _admin, null) is { } admin)
        {
            await admin.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task JoinAsync()
    {
        try
        {
            NodeLog.Joining(_log, Configuration.Cluster.SeedNodes);
            var status = await _cluster.JoinSeedNodesAsync(CancellationToken.None).ContinueWith(_ => _cluster.CurrentStatus, TaskScheduler.Default).ConfigureAwait(false);
            NodeLog.Up(_log, status.NodeName, status.Quorum.Explanation);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            NodeLog.JoinAbandoned(_log, e.Message);
        }
    }

    private static List<string> PortProblems(NodeSettings settings)
    {
        var problems = new List<string>();
        foreach (var (host, port, key) in new[] { (settings.Host, settings.Port, "actorrealm.node.port"), (settings.AdminBindHostname, settings.AdminPort, "actorrealm.node.admin-port") })
        {
            if (port != 0 && PortInUse(host, port) is { } reason)
            {
                problems.Add($"{key} {port} on {host} cannot be used: {reason}. Stop whatever listens there or choose another port.");
            }
        }

        return problems;
    }

    private static string? PortInUse(string host, int port)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host.Trim('[', ']'), out var ip) ? [ip] : Dns.GetHostAddresses(host);
        }
        catch (SocketException e)
        {
            return $"the host cannot be resolved ({e.Message})";
        }

        foreach (var address in addresses)
        {
            using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Bind(new IPEndPoint(address, port));
            }
            catch (SocketException e)
            {
                return e.SocketErrorCode == SocketError.AddressAlreadyInUse ? "the port is already in use" : e.Message;
            }
        }

        return null;
    }

    private static void CreateDataDirectory(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NodeStartupException($"actorrealm.node.data-dir '{path}' cannot be created: {e.Message}", e);
        }
    }

    private static async Task CheckStoreAsync(NodeConfiguration configuration, ILogger log, CancellationToken cancellationToken)
    {
        try
        {
            var settings = PersistenceSettings.FromConfig(configuration.Config);
            var report = await PersistenceStartup.CheckAsync(settings, configuration.Node.DataDirectory, cancellationToken).ConfigureAwait(false);
            foreach (var warning in report.Warnings)
            {
                NodeLog.ConfigurationWarning(log, warning);
            }
        }
        catch (PersistenceStartupException e)
        {
            throw new NodeStartupException($"The persistence store cannot be opened: {e.Message}", e);
        }
    }

    private static async Task<AdminServer> StartAdminAsync(NodeConfiguration configuration, INodeAdministration node, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var options = new AdminServerOptions(configuration.Node.AdminBindHostname, configuration.Node.AdminPort, configuration.Tls?.Certificate, configuration.AdminToken);
        try
        {
            return await AdminServer.StartAsync(options, node, loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new NodeStartupException($"The admin API cannot listen on {options.BindHost}:{options.Port} (actorrealm.node.admin-port): {e.Message}", e);
        }
    }
}
