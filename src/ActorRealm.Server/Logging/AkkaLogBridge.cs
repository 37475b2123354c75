using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;
using AkkaLogLevel = Akka.Event.LogLevel;
using MelLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace ActorRealm.Server.Logging;

/// <summary>
/// Akka's logger for a realm node: every Akka log event goes to the node's own
/// <see cref="ILoggerFactory"/> (Serilog, one line per event), under the category of the class that
/// logged it and with Akka's message alone (no second timestamp or level). Akka.Logger.Serilog writes
/// to the process-wide <c>Serilog.Log.Logger</c> instead, which cannot tell apart the nodes a test
/// runs in one process (docs/adr/0053-node-logging-on-akka.md). Registered through Akka.Hosting
/// (<c>ConfigureLoggers</c>) with the factory in a <see cref="LoggerFactorySetup"/>.
/// </summary>
public sealed class AkkaLogBridge : ActorBase, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly ILoggerFactory _factory;

    /// <summary>Akka creates it at start.</summary>
    /// <exception cref="InvalidOperationException">The system has no <see cref="LoggerFactorySetup"/>.</exception>
    public AkkaLogBridge()
    {
        var setup = Context.System.Settings.Setup.Get<LoggerFactorySetup>();
        _factory = setup.HasValue
            ? setup.Value.LoggerFactory
            : throw new InvalidOperationException("AkkaLogBridge needs a LoggerFactorySetup in the actor system's setup.");
    }

    /// <summary>The node's level for an Akka level.</summary>
    public static MelLogLevel LevelOf(AkkaLogLevel level) => level switch
    {
        AkkaLogLevel.DebugLevel => MelLogLevel.Debug,
        AkkaLogLevel.InfoLevel => MelLogLevel.Information,
        AkkaLogLevel.WarningLevel => MelLogLevel.Warning,
        _ => MelLogLevel.Error,
    };

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case InitializeLogger:
                Sender.Tell(new LoggerInitialized());
                return true;
            case LogEvent log:
                Write(log);
                return true;
            default:
                return false;
        }
    }

    private void Write(LogEvent log)
    {
        var logger = _factory.CreateLogger(Category(log));
        var level = LevelOf(log.LogLevel());
        if (logger.IsEnabled(level))
        {
            logger.Log(level, default, Format(log), log.Cause, static (state, _) => state);
        }
    }

    /// <summary>
    /// The class that logged (an actor or extension type, e.g. <c>Akka.Cluster.ClusterCoreDaemon</c>), so
    /// that <c>actorrealm.node.log.overrides</c> can raise or lower Akka's parts by namespace. Events
    /// Akka logs under a plain string source all fall under <c>Akka</c>.
    /// </summary>
    private static string Category(LogEvent log) =>
        log.LogClass is { } type && type != typeof(DummyClassForStringSources) ? type.FullName ?? "Akka" : "Akka";

    private static string Format(LogEvent log)
    {
        try
        {
            return log.Message?.ToString() ?? string.Empty;
        }
        catch (FormatException)
        {
            // A message whose template does not match its arguments: keep what there is.
            return log.Message is LogMessage m ? $"{m.Format} [{string.Join(", ", m.Unformatted())}]" : "(unformattable log message)";
        }
    }
}
