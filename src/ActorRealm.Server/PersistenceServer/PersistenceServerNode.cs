using ActorRealm.Cluster.Configuration;
using ActorRealm.Contracts;
using ActorRealm.Persistence;
using ActorRealm.PersistenceSets.RealmLink;
using ActorRealm.PersistenceSets.Serialization;
using ActorRealm.PersistenceSets.Server;
using ActorRealm.Server.Admin;
using ActorRealm.Server.Logging;
using Akka.Actor;
using Akka.Hosting;
using Akka.Hosting.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Server.PersistenceServer;

/// <summary>
/// One persistence server process (ADR 0071): its own actor system (Akka.Remote, not a cluster member) at the
/// server's layout address with the realm's transport security, its journal (Akka.Persistence.Sql under its data
/// directory), and its <see cref="PersistenceServerActor"/> at <c>/user/persistence-server</c>, which links to the
/// realm servers of its set. <see cref="StartAsync"/> refuses bad start conditions with a <see cref="NodeStartupException"/>.
/// </summary>
public sealed class PersistenceServerNode : IRunningNode, IAsyncDisposable
{
    private readonly IHost _host;
    private readonly AkkaPersistenceParts _store;
    private readonly AdminServer? _health;
    private int _stopped;

    private PersistenceServerNode(IHost host, ActorSystem system, IActorRef server, PersistenceServerConfiguration configuration, AkkaPersistenceParts store, AdminServer? health)
    {
        _host = host;
        _store = store;
        _health = health;
        System = system;
        Server = server;
        Configuration = configuration;
    }

    /// <summary>The server's checked configuration.</summary>
    public PersistenceServerConfiguration Configuration { get; }

    /// <summary>Its actor system.</summary>
    public ActorSystem System { get; }

    /// <summary>Its server actor.</summary>
    public IActorRef Server { get; }

    /// <summary>Where its health endpoints answer (<c>actorrealm.persistence.health.port</c>), or null when it serves none.</summary>
    public Uri? HealthAddress => _health?.BaseAddress;

    /// <inheritdoc />
    public Task WhenTerminated => System.WhenTerminated;

    /// <summary>
    /// 79 when Akka shut the system down after a TLS handshake failed on a connection it opened (a peer that died in the
    /// middle of it): the process exits and its supervisor starts it again, as after a crash (ADR 0081).
    /// </summary>
    /// <remarks>80 when its replication machine failed (<see cref="ReplicationMachineFailed"/>, ADR 0083).</remarks>
    public int EndedExitCode => CoordinatedShutdown.Get(System).ShutdownReason switch
    {
        var reason when AkkaTlsShutdown.Is(reason) => AkkaTlsShutdownExitCode,
        ReplicationMachineFailed => ReplicationMachineFailed.ExitCodeValue,
        _ => NodeHost.StartFailed,
    };

    /// <summary>The exit code of a persistence server that Akka shut down for a failed TLS handshake.</summary>
    public const int AkkaTlsShutdownExitCode = 79;

    /// <summary>Starts the server: checks its port, data directory and store, then starts its actor system.</summary>
    /// <exception cref="NodeStartupException">It cannot start; the message says why.</exception>
    public static async Task<PersistenceServerNode> StartAsync(PersistenceServerConfiguration configuration, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var me = configuration.Server;
        if (StartChecks.PortInUse(me.Address.Host, me.Address.Port) is { } busy)
        {
            throw new NodeStartupException($"Persistence server '{me.Name}' cannot listen on {me.Address} (its address in actorrealm.persistence.sets.{me.Set}): {busy}. Stop whatever listens there, or check that actorrealm.persistence.server names the right server.");
        }

        var dataDirectory = configuration.Node.DataDirectory;
        StartChecks.CreateDataDirectory(dataDirectory);
        // Its journal is SQLite by default too: the same pool floor as a realm node (ThreadPoolFloor says why).
        ThreadPoolFloor.Raise(configuration.Node.MinPoolThreads);
        var store = await StartChecks.CheckStoreAsync(configuration.Persistence, dataDirectory, cancellationToken).ConfigureAwait(false);
        var parts = AkkaPersistenceSetup.Build(configuration.Persistence, dataDirectory);
        var akka = RealmAkkaConfig.BuildRemoteOnly(configuration.Config, configuration.Remote, me.Address, parts.Hocon, PersistenceSetsSerializer.Hocon, RealmServices.SerializationHocon);
        var protocol = RealmAkkaConfig.Protocol(akka, configuration.Remote.Transport.Tls.Enabled);
        var layout = configuration.Sets.Layout!;
        var set = layout.Set(me.Set);
        var timings = configuration.Sets.RealmLink;
        var realm = configuration.Node.Realm;
        var options = new PersistenceServerOptions(
            layout,
            me.Name,
            realm,
            protocol,
            dataDirectory,
            new RealmLinkSettings(realm, protocol, set.RealmServers, new PersistenceServerHello(me.Name, me.Set, me.Site), timings.Lease, timings.RetryInterval, timings.PushInterval, timings.LostAfter))
        {
            TickInterval = configuration.TickInterval,
            MaxMessageBytes = configuration.MaxMessageBytes,
            CutOverProbeTimeout = configuration.CutOverProbeTimeout,
            Retention = configuration.Retention,
            StatusInterval = timings.PushInterval,
            ReadyMaxLag = configuration.ReadyMaxLag,
            Faults = configuration.Faults,
        };
        var log = loggerFactory.CreateLogger<PersistenceServerNode>();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = $"actorrealm-{me.Name}", DisableDefaults = true });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddAkka(realm, (akkaBuilder, _) =>
        {
            akkaBuilder
                .AddHocon(akka, HoconAddMode.Prepend)
                .AddSetup(new LoggerFactorySetup(loggerFactory))
                .ConfigureLoggers(loggers =>
                {
                    loggers.ClearLoggers();
                    loggers.AddLogger<AkkaLogBridge>();
                    loggers.LogLevel = NodeConfiguration.AkkaLevel(configuration.Node.Log);
                })
                .WithActors((system, registry) => registry.Register<PersistenceServerActor>(system.ActorOf(PersistenceServerActor.Props(options), PersistenceServerOptions.ActorName)));
            foreach (var setup in parts.Setups)
            {
                akkaBuilder.AddSetup(setup);
            }

            if (configuration.TransportSecurity.Setup is { } tls)
            {
                akkaBuilder.AddSetup(tls);
            }
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            throw new NodeStartupException($"Persistence server '{me.Name}' cannot start its transport on {me.Address}: {e.GetBaseException().Message}", e);
        }

        foreach (var warning in configuration.Warnings.Concat(store.Warnings))
        {
            NodeLog.ConfigurationWarning(log, warning);
        }

        PersistenceServerLog.Started(log, me.Name, me.Set, me.Site, me.Address, realm, dataDirectory, parts.Store);
        var system = host.Services.GetRequiredService<ActorSystem>();
        var server = host.Services.GetRequiredService<ActorRegistry>().Get<PersistenceServerActor>();
        AdminServer? health;
        try
        {
            health = await PersistenceHealth.StartAsync(configuration, server, loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await NodeIncarnation.StopHostedSystemAsync(system, host).ConfigureAwait(false);
            parts.ReleaseConnections();
            throw;
        }

        return new PersistenceServerNode(host, system, server, configuration, parts, health);
    }

    /// <summary>
    /// Stops the server: coordinated shutdown of its actor system (the journal finishes what it writes), then the host;
    /// then it lets go of its journal file, so a server started again in this process opens it anew.
    /// </summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        // Probes see it gone first, so nothing routes to a server that is leaving.
        if (_health is not null)
        {
            await _health.DisposeAsync().ConfigureAwait(false);
        }

        await NodeIncarnation.StopHostedSystemAsync(System, _host).ConfigureAwait(false);
        _store.ReleaseConnections();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);
}

/// <summary>The persistence server process's log lines.</summary>
internal static partial class PersistenceServerLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Persistence server {Server} of set {Set} at site {Site} started at {Address} in realm {Realm}; data in {DataDirectory}, journal {Store}")]
    public static partial void Started(ILogger logger, string server, string set, string site, ActorRealm.Cluster.NodeAddress address, string realm, string dataDirectory, string store);
}
