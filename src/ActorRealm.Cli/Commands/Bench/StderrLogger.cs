using Akka.Actor;
using Akka.Event;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>Akka's log for the benchmark process, on stderr: stdout carries the acknowledgements and the report.</summary>
internal sealed class StderrLogger : ReceiveActor
{
    public StderrLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e => Console.Error.WriteLine($"[{e.LogLevel()}] {e.LogSource}: {e.Message}{(e.Cause is null ? string.Empty : " " + e.Cause.Message)}"));
    }
}
