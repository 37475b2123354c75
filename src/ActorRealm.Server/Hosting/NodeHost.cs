using ActorRealm.Hocon;
using ActorRealm.Server.PersistenceServer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog.Extensions.Logging;

namespace ActorRealm.Server;

/// <summary>How <see cref="NodeHost.RunAsync"/> runs a node process.</summary>
public sealed record NodeHostOptions
{
    /// <summary>Where refusals are printed before logging is set up (standard error).</summary>
    public TextWriter Error { get; init; } = Console.Error;

    /// <summary>Replaces standard output for log lines (tests); null writes to the console.</summary>
    public TextWriter? LogOutput { get; init; }

    /// <summary>
    /// Stop gracefully when standard input reaches its end: a parent that started the node with a
    /// pipe (<c>actorrealm demo</c>) cannot leave it orphaned, even when the parent is killed.
    /// </summary>
    public bool StopWhenStandardInputCloses { get; init; }

    /// <summary>
    /// The defaults the configuration was layered on (every module's reference): settings under
    /// <c>actorrealm</c> they do not define are logged as warnings at start, with the closest known
    /// key. Null skips the check.
    /// </summary>
    public Config? Reference { get; init; }
}

/// <summary>
/// Runs one node as a process (<c>actorrealm node</c>): the generic host with Serilog logging, the
/// node as a hosted service, and a graceful leave on SIGTERM or Ctrl-C.
/// </summary>
public static class NodeHost
{
    /// <summary>The exit code when the node refuses to start or stops on a fatal error.</summary>
    public const int StartFailed = 1;

    /// <summary>
    /// Runs the node described by <paramref name="config"/> (resolved: defaults, file, environment)
    /// until SIGTERM, Ctrl-C or <paramref name="cancellationToken"/>; returns the process exit code:
    /// 0 after a graceful stop, <see cref="StartFailed"/> when the node refuses to start.
    /// </summary>
    public static async Task<int> RunAsync(Config config, NodeHostOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        if (PersistenceServerConfiguration.IsPersistenceServer(config))
        {
            return await RunPersistenceServerAsync(config, options, cancellationToken).ConfigureAwait(false);
        }

        NodeConfiguration configuration;
        try
        {
            configuration = NodeConfiguration.From(config);
            if (options.Reference is { } reference)
            {
                configuration = configuration with { Warnings = [.. UnknownSettings.Find(config, reference).Select(u => u.Message), .. configuration.Warnings] };
            }
        }
        catch (NodeStartupException e)
        {
            await options.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return StartFailed;
        }

        await using var serilog = NodeLogging.CreateLogger(configuration.Node.Log, configuration.Node.Name, options.LogOutput);
        using var loggerFactory = new SerilogLoggerFactory(serilog);
        RealmNode node;
        try
        {
            // Started before the host so that a refusal is one clear message, not a host failure.
            node = await RealmNode.StartAsync(configuration, loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        catch (NodeStartupException e)
        {
            return await RefusedAsync(loggerFactory, options, e).ConfigureAwait(false);
        }

        return await HostAsync(node, config, serilog, loggerFactory, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A node file with <c>actorrealm.persistence.server</c> set runs a persistence server (ADR 0071).</summary>
    private static async Task<int> RunPersistenceServerAsync(Config config, NodeHostOptions options, CancellationToken cancellationToken)
    {
        PersistenceServerConfiguration configuration;
        try
        {
            configuration = PersistenceServerConfiguration.From(config);
        }
        catch (NodeStartupException e)
        {
            await options.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return StartFailed;
        }

        await using var serilog = NodeLogging.CreateLogger(configuration.Node.Log, configuration.Server.Name, options.LogOutput);
        using var loggerFactory = new SerilogLoggerFactory(serilog);
        PersistenceServerNode node;
        try
        {
            node = await PersistenceServerNode.StartAsync(configuration, loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        catch (NodeStartupException e)
        {
            return await RefusedAsync(loggerFactory, options, e).ConfigureAwait(false);
        }

        return await HostAsync(node, config, serilog, loggerFactory, options, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> RefusedAsync(ILoggerFactory loggerFactory, NodeHostOptions options, NodeStartupException refusal)
    {
        var log = loggerFactory.CreateLogger<NodeService>();
        NodeLog.RefusedToStart(log, refusal.Problems);
        await options.Error.WriteLineAsync(refusal.Message).ConfigureAwait(false);
        return StartFailed;
    }

    /// <summary>Runs a started node in the generic host until SIGTERM, Ctrl-C or cancellation, then stops it.</summary>
    private static async Task<int> HostAsync(IRunningNode node, Config config, Serilog.ILogger serilog, ILoggerFactory loggerFactory, NodeHostOptions options, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "actorrealm", DisableDefaults = true });
        builder.Logging.AddProvider(new SerilogLoggerProvider(serilog));
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = ShutdownTimeout(config);
            o.ServicesStartConcurrently = false;
        });
        var service = new NodeService(node, loggerFactory, options.StopWhenStandardInputCloses);
        builder.Services.AddSingleton<IHostedService>(provider =>
        {
            service.Lifetime = provider.GetRequiredService<IHostApplicationLifetime>();
            return service;
        });
        try
        {
            using var host = builder.Build();
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped before the host had started: the node still leaves gracefully below.
        }
        finally
        {
            // Idempotent: after a normal run the hosted service has stopped the node already.
            await node.StopAsync().ConfigureAwait(false);
        }

        return service.ExitCode;
    }

    /// <summary>
    /// How long the host waits for the node to stop: every coordinated-shutdown phase at its timeout
    /// (Akka runs them in order), plus a margin.
    /// </summary>
    internal static TimeSpan ShutdownTimeout(Config config)
    {
        var shutdown = config.GetConfigOrEmpty("akka.coordinated-shutdown");
        var phases = shutdown.GetConfigOrEmpty("phases");
        var fallback = shutdown.HasPath("default-phase-timeout") ? shutdown.GetDuration("default-phase-timeout") : TimeSpan.FromSeconds(5);
        var total = TimeSpan.FromSeconds(5);
        foreach (var phase in AkkaPhases)
        {
            total += phases.HasPath($"{phase}.timeout") ? phases.GetDuration($"{phase}.timeout") : fallback;
        }

        return total;
    }

    // Akka's coordinated-shutdown phases, in order.
    private static readonly string[] AkkaPhases =
    [
        "before-service-unbind", "service-unbind", "service-requests-done", "service-stop", "before-cluster-shutdown",
        "cluster-sharding-shutdown-region", "cluster-leave", "cluster-exiting", "cluster-exiting-done", "cluster-shutdown",
        "before-actor-system-terminate", "actor-system-terminate",
    ];
}
