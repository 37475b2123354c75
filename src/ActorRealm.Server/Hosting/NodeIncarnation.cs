using ActorRealm.Cluster;
using ActorRealm.Cluster.Configuration;
using ActorRealm.Contracts;
using ActorRealm.PersistenceSets.RealmLink;
using ActorRealm.PersistenceSets.Serialization;
using ActorRealm.Server.Logging;
using ActorRealm.Server.Services;
using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Tools.Client;
using Akka.Hosting;
using Akka.Hosting.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Server;

/// <summary>
/// One incarnation of a realm node: an Akka.NET actor system composed with Akka.Hosting (our
/// resolved configuration, the <see cref="RealmSetup"/>, clustering, the ClusterClient receptionist
/// with the realm status service, the node's logger) in a host of its own, so that the node process
/// can end it and start the next one on the same address when the cluster downs it.
/// </summary>
internal sealed class NodeIncarnation : IAsyncDisposable
{
    private readonly IHost _host;
    private int _disposed;

    private NodeIncarnation(IHost host, RealmSetup setup, ActorSystem system)
    {
        _host = host;
        Setup = setup;
        System = system;
    }

    public RealmSetup Setup { get; }

    public ActorSystem System { get; }

    public RealmCluster Realm => RealmCluster.Get(System);

    /// <summary>The registry of this realm server's persistence clients, or null when the realm defines no persistence sets.</summary>
    public IActorRef? PersistenceClients { get; private init; }

    /// <summary>Starts the incarnation described by <paramref name="setup"/>; <see cref="BeginJoin"/> then joins.</summary>
    /// <exception cref="NodeStartupException">The actor system cannot start (for example its port is taken).</exception>
    public static async Task<NodeIncarnation> StartAsync(NodeConfiguration configuration, RealmSetup setup, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var akka = RealmAkkaConfig.Build(configuration.Config, setup, [.. configuration.AkkaDefaults, RealmServices.SerializationHocon, PersistenceSetsSerializer.Hocon]);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = $"actorrealm-{setup.NodeName}-{setup.Incarnation}", DisableDefaults = true });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddAkka(setup.Realm, (akkaBuilder, _) =>
        {
            akkaBuilder
                .AddHocon(akka, HoconAddMode.Prepend)
                .AddSetup(setup)
                .AddSetup(new LoggerFactorySetup(loggerFactory))
                .ConfigureLoggers(loggers =>
                {
                    loggers.ClearLoggers();
                    loggers.AddLogger<AkkaLogBridge>();
                    loggers.LogLevel = configuration.AkkaLogLevel;
                })
                .WithClustering()
                .WithClusterClientReceptionist()
                .WithActors((system, registry) =>
                {
                    var status = system.ActorOf(RealmStatusService.Props(RealmCluster.Get(system)), RealmStatusService.Name);
                    registry.Register<RealmStatusService>(status);
                    ClusterClientReceptionist.Get(system).RegisterService(status);
                    if (configuration.PersistenceSets.Layout is { } layout)
                    {
                        var persistence = system.ActorOf(
                            PersistenceRegistry.Props(layout, RealmCluster.Get(system), configuration.PersistenceSets.RealmLink),
                            PersistenceRegistry.Name);
                        registry.Register<PersistenceRegistry>(persistence);
                        var protocol = RealmAkkaConfig.Protocol(akka, setup.Remote.Transport.Tls.Enabled);
                        var directory = system.ActorOf(PersistenceDirectoryService.Props(layout, persistence, protocol, setup.Realm), PersistenceDirectoryService.Name);
                        ClusterClientReceptionist.Get(system).RegisterService(directory);
                    }
                });
            foreach (var extra in configuration.Setups)
            {
                akkaBuilder.AddSetup(extra);
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
            throw new NodeStartupException($"The cluster transport cannot start on {configuration.Address} (actorrealm.node.host/port): {e.GetBaseException().Message}", e);
        }

        var system = host.Services.GetRequiredService<ActorSystem>();
        var persistenceRegistry = host.Services.GetRequiredService<ActorRegistry>().TryGet<PersistenceRegistry>(out var found) ? found : null;
        return new NodeIncarnation(host, setup, system) { PersistenceClients = persistenceRegistry };
    }

    /// <summary>Joins the realm in the background (through the seed nodes, or the join targets of a move); logs when Up.</summary>
    public void BeginJoin(ILogger log) => _ = JoinAsync(this, log);

    /// <summary>Leaves gracefully if the system still runs (coordinated shutdown), then ends the host.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopHostedSystemAsync(System, _host).ConfigureAwait(false);
    }

    /// <summary>Runs coordinated shutdown of <paramref name="system"/> if it still runs, then stops and disposes its host.</summary>
    internal static async Task StopHostedSystemAsync(ActorSystem system, IHost host)
    {
        if (!system.WhenTerminated.IsCompleted)
        {
            await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance).ConfigureAwait(false);
        }

        await system.WhenTerminated.ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await host.StopAsync(timeout.Token).ConfigureAwait(false);
        host.Dispose();
    }

    private static async Task JoinAsync(NodeIncarnation incarnation, ILogger log)
    {
        try
        {
            NodeLog.Joining(log, incarnation.Setup.JoinTargets.IsEmpty ? incarnation.Setup.Cluster.SeedNodes : incarnation.Setup.JoinTargets);
            var status = await incarnation.Realm.JoinAsync(CancellationToken.None).ConfigureAwait(false);
            NodeLog.Up(log, status.NodeName, status.Quorum.Explanation);
        }
        catch (InvalidOperationException e)
        {
            NodeLog.JoinAbandoned(log, e.Message);
        }
    }
}
