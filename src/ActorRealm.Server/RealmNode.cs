using ActorRealm.Cluster;
using ActorRealm.Cluster.Joining;
using ActorRealm.Contracts;
using ActorRealm.Persistence;
using ActorRealm.PersistenceSets.RealmLink;
using ActorRealm.PersistenceSets.Status;
using ActorRealm.Server.Admin;
using ActorRealm.Server.Metrics;
using Akka.Actor;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Server;

/// <summary>
/// One realm server node: its current incarnation (an Akka.NET actor system, hosted with
/// Akka.Hosting, see <see cref="NodeIncarnation"/>) and the admin API. When the cluster downs the node,
/// or the node moves over to another cluster of its realm, the incarnation's system ends and the node
/// starts the next one on the same address, which rejoins by itself; the process and the admin API
/// stay. <see cref="StartAsync"/> refuses to start with a <see cref="NodeStartupException"/> listing
/// what to fix; <see cref="StopAsync"/> leaves the cluster gracefully (coordinated shutdown).
/// </summary>
public sealed partial class RealmNode : INodeAdministration, IRunningNode, IAsyncDisposable
{
    private readonly ILogger _log;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private volatile NodeIncarnation _current;
    private AdminServer? _admin;
    private volatile bool _stopping;

    private RealmNode(NodeConfiguration configuration, NodeIncarnation first, ILoggerFactory loggerFactory)
    {
        Configuration = configuration;
        _current = first;
        _loggerFactory = loggerFactory;
        _log = loggerFactory.CreateLogger<RealmNode>();
    }

    /// <summary>Raised, on a thread pool thread, after a new incarnation started (a rejoin after being downed or a move).</summary>
    public event EventHandler<ActorSystem>? IncarnationStarted;

    /// <summary>The node's checked configuration.</summary>
    public NodeConfiguration Configuration { get; }

    /// <summary>The current incarnation's actor system.</summary>
    public ActorSystem System => _current.System;

    /// <summary>The current incarnation's realm extension.</summary>
    public RealmCluster Cluster => _current.Realm;

    /// <summary>How many incarnations this node has run in this process (1 until it is downed or moves).</summary>
    public int Incarnations => _current.Setup.Incarnation;

    /// <summary>The admin API's base address, or null when it is off (<c>admin-port = 0</c>).</summary>
    public Uri? AdminAddress => _admin?.BaseAddress;

    /// <summary>
    /// Completes when the node is done: after <see cref="StopAsync"/>, or when an incarnation ended
    /// for a reason that is not a rejoin (it left the cluster on an administrator's request, or failed).
    /// </summary>
    public Task WhenTerminated => _terminated.Task;

    /// <summary>Whether the node ended on its own (not through <see cref="StopAsync"/>).</summary>
    public bool EndedUnexpectedly { get; private set; }

    /// <summary>
    /// Starts the node: checks its ports and data directory, starts the first incarnation (which
    /// joins through the seed nodes in the background) and the admin API.
    /// </summary>
    /// <exception cref="NodeStartupException">The node cannot start; every problem found is listed.</exception>
    public static async Task<RealmNode> StartAsync(NodeConfiguration configuration, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var settings = configuration.Node;
        var busy = PortProblems(settings);
        if (busy.Count > 0)
        {
            throw new NodeStartupException(busy);
        }

        StartChecks.CreateDataDirectory(settings.DataDirectory);
        ThreadPoolFloor.Raise(settings.MinPoolThreads);
        var store = await CheckStoreAsync(configuration, cancellationToken).ConfigureAwait(false);
        var setup = CreateSetup(configuration);
        // A probe system logs through the same bridge as the node, which reads its logger factory from the setup.
        setup.ProbeSetups = [new LoggerFactorySetup(loggerFactory)];
        var first = await NodeIncarnation.StartAsync(configuration, setup, loggerFactory, cancellationToken).ConfigureAwait(false);
        var node = new RealmNode(configuration, first, loggerFactory);
        try
        {
            foreach (var warning in configuration.Warnings.Concat(store.Warnings))
            {
                NodeLog.ConfigurationWarning(node._log, warning);
            }

            if (settings.AdminPort != 0)
            {
                node._admin = await StartAdminAsync(configuration, node, loggerFactory, cancellationToken).ConfigureAwait(false);
                NodeLog.AdminListening(node._log, node._admin.BaseAddress, configuration.AdminToken is not null);
            }

            NodeLog.Started(node._log, settings.Name, settings.Site, configuration.Address, settings.Realm, settings.DataDirectory);
            first.BeginJoin(node._log);
            node.Run(first);
            return node;
        }
        catch
        {
            if (node._admin is { } admin)
            {
                await admin.DisposeAsync().ConfigureAwait(false);
            }

            await first.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public NodeStatusView Status() => StatusViews.From(Cluster.CurrentStatus, Cluster.Layout);

    /// <inheritdoc />
    public async Task<PersistenceStatusView?> PersistenceAsync(CancellationToken cancellationToken) =>
        await PersistenceViewAsync(cancellationToken).ConfigureAwait(false) is { } view ? PersistenceStatusView.From(view) : null;

    /// <inheritdoc />
    public async Task<string> MetricsAsync(CancellationToken cancellationToken) =>
        RealmMetrics.Render(Status(), await PersistenceViewAsync(cancellationToken).ConfigureAwait(false));

    private async Task<PersistenceView?> PersistenceViewAsync(CancellationToken cancellationToken) =>
        _current.PersistenceClients is { } registry
            ? await registry.Ask<PersistenceView>(GetPersistenceView.Instance, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false)
            : null;

    /// <inheritdoc />
    public async Task<PersistenceChangeResultView?> ChangePersistencePrimaryAsync(PersistenceChangeKind kind, string toSet, string confirmSiteDown, string requestedBy, CancellationToken cancellationToken)
    {
        if (_current.PersistenceClients is not { } registry)
        {
            return null;
        }

        var change = kind == PersistenceChangeKind.CutOver ? "cutover" : "migration";
        var node = Configuration.Node.Name;
        // The registry answers within its own timeouts (gathering 2 s, the persistence server 10 s).
        var answer = await registry.Ask<object>(new RequestPersistenceChange(kind, toSet, confirmSiteDown, requestedBy), TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false);
        return answer switch
        {
            PersistenceChangeRefused r => new PersistenceChangeResultView(
                r.Verdict == PrecheckVerdict.BadRequest ? PersistenceChangeResultView.InvalidOutcome : PersistenceChangeResultView.RefusedOutcome, change, toSet, null, null, node, r.Message),
            PersistenceChangeOutcome { Answer: { } a } => new PersistenceChangeResultView(
                a.Outcome == PersistenceAdminOutcome.Accepted ? PersistenceChangeResultView.AcceptedOutcome : PersistenceChangeResultView.RefusedOutcome,
                change,
                toSet,
                a.Outcome == PersistenceAdminOutcome.Accepted ? a.NewEpoch : null,
                a.Server,
                node,
                a.Outcome == PersistenceAdminOutcome.Redirect ? $"{a.Message} (the redirects went on too long; retry)" : a.Message),
            PersistenceChangeOutcome o => new PersistenceChangeResultView(PersistenceChangeResultView.UnavailableOutcome, change, toSet, null, null, node, o.Unavailable ?? "no persistence server answered"),
            _ => throw new InvalidOperationException($"Unexpected answer {answer.GetType().Name} from the persistence registry."),
        };
    }

    /// <inheritdoc />
    public async Task<PersistenceRealmView?> PersistenceRealmAsync(CancellationToken cancellationToken)
    {
        if (_current.PersistenceClients is not { } registry)
        {
            return null;
        }

        var realm = await registry.Ask<RealmPersistence>(GetRealmPersistence.Instance, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        return new PersistenceRealmView(
            Configuration.Node.Name,
            [.. realm.Registries.Select(r => r.RealmServer)],
            [.. realm.Registries.SelectMany(r => r.Clients.Select(s => new PersistenceLiveServerView(
                r.RealmServer,
                s.Server,
                s.Set,
                s.SetRole.ToString().ToLowerInvariant(),
                s.Role.ToString().ToLowerInvariant(),
                s.Epoch,
                s.Term,
                s.CommittedIndex,
                s.Serving,
                s.LastMigration?.NewEpoch,
                s.LastMigration?.PublishPause.TotalSeconds,
                s.LastExport?.File,
                s.LastExport?.Count,
                s.LastMigration?.Abandoned)))]);
    }

    /// <inheritdoc />
    public async Task<PrimeSwitchResultView> SwitchPrimeAsync(string site, string confirmSiteDown, string requestedBy, CancellationToken cancellationToken)
    {
        PrimeSwitchOutcome outcome;
        try
        {
            outcome = await Cluster.RequestPrimeSwitchAsync(site, confirmSiteDown, requestedBy, cancellationToken).ConfigureAwait(false);
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
    /// Leaves the cluster gracefully and stops the node: coordinated shutdown of the current
    /// incarnation (its <c>cluster-leave</c> phase waits for removal up to the phase timeout), then
    /// the admin API. Safe to call more than once.
    /// </summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_stopping)
            {
                _stopping = true;
                NodeLog.Stopping(_log, Configuration.Node.Name);
            }

            await _current.DisposeAsync().ConfigureAwait(false);
            if (Interlocked.Exchange(ref _admin, null) is { } admin)
            {
                await admin.DisposeAsync().ConfigureAwait(false);
            }

            _terminated.TrySetResult();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>Watches <paramref name="incarnation"/>; when it ends to rejoin, starts the next one.</summary>
    private void Run(NodeIncarnation incarnation) =>
        _ = incarnation.System.WhenTerminated.ContinueWith(_ => OnIncarnationEndedAsync(incarnation), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();

    private async Task OnIncarnationEndedAsync(NodeIncarnation ended)
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stopping || !ReferenceEquals(ended, _current))
            {
                return;
            }

            var reason = CoordinatedShutdown.Get(ended.System).ShutdownReason;
            await ended.DisposeAsync().ConfigureAwait(false);
            // Akka's shutdown after a TLS handshake failed on a connection this node opened (a peer that died in the
            // middle of it) is no reason to leave the realm for good: rejoin, as after downing (ADR 0081).
            if (reason is not (CoordinatedShutdown.ClusterDowningReason or RejoinReason) && !AkkaTlsShutdown.Is(reason))
            {
                NodeLog.IncarnationEnded(_log, reason?.ToString() ?? "no reason given");
                EndedUnexpectedly = reason is not CoordinatedShutdown.ClusterLeavingReason;
                _terminated.TrySetResult();
                return;
            }

            var next = ended.Setup.NextIncarnation(ended.Realm.NextJoinTargets);
            NodeLog.Rejoining(_log, reason.ToString() ?? "rejoin", next.Incarnation, next.JoinTargets.IsEmpty ? "the seed nodes" : string.Join(", ", next.JoinTargets));
            // Rebinding the same port can race with the old transport's release for a moment.
            var incarnation = await RetryAsync(() => NodeIncarnation.StartAsync(Configuration, next, _loggerFactory, CancellationToken.None)).ConfigureAwait(false);
            if (incarnation is null)
            {
                EndedUnexpectedly = true;
                _terminated.TrySetResult();
                return;
            }

            _current = incarnation;
            incarnation.BeginJoin(_log);
            Run(incarnation);
            IncarnationStarted?.Invoke(this, incarnation.System);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task<NodeIncarnation?> RetryAsync(Func<Task<NodeIncarnation>> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await start().ConfigureAwait(false);
            }
            catch (NodeStartupException e) when (attempt < 10)
            {
                NodeLog.IncarnationRetry(_log, e.Message, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt)).ConfigureAwait(false);
            }
            catch (NodeStartupException e)
            {
                NodeLog.IncarnationFailed(_log, e.Message);
                return null;
            }
        }
    }

    private static Task<PersistenceStartupReport> CheckStoreAsync(NodeConfiguration configuration, CancellationToken cancellationToken) =>
        StartChecks.CheckStoreAsync(configuration.Persistence, configuration.Node.DataDirectory, cancellationToken);

    private static RealmSetup CreateSetup(NodeConfiguration configuration)
    {
        var node = configuration.Node;
        try
        {
            return RealmSetup.Create(node.Realm, node.Name, node.Site, node.Roles, configuration.Address, configuration.Cluster, configuration.Remote, node.DataDirectory);
        }
        catch (ClusterConfigurationException e)
        {
            throw new NodeStartupException(e.Problems);
        }
    }

    private static List<string> PortProblems(NodeSettings settings)
    {
        var problems = new List<string>();
        foreach (var (host, port, key) in new[] { (settings.Host, settings.Port, "actorrealm.node.port"), (settings.AdminBindHostname, settings.AdminPort, "actorrealm.node.admin-port") })
        {
            if (port != 0 && StartChecks.PortInUse(host, port) is { } reason)
            {
                problems.Add($"{key} {port} on {host} cannot be used: {reason}. Stop whatever listens there or choose another port.");
            }
        }

        return problems;
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
