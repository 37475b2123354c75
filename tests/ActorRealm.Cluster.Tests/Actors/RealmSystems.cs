using Akka.Actor;
using Akka.Event;

namespace ActorRealm.Cluster.Tests.Actors;

/// <summary>Ending test actor systems quickly, without the graceful leave.</summary>
internal static class RealmSystems
{
    /// <summary>Ends <paramref name="system"/> as a crash would (no leave); completes when it has terminated.</summary>
    public static async Task KillAsync(ActorSystem system)
    {
        await CoordinatedShutdown.Get(system).Run(KilledReason.Instance, CoordinatedShutdown.PhaseActorSystemTerminate);
        await system.WhenTerminated;
    }

    /// <summary>Why a test ended a system abruptly.</summary>
    public sealed class KilledReason : CoordinatedShutdown.Reason
    {
        public static readonly KilledReason Instance = new();

        public override int ExitCode => 137;

        public override string ToString() => "killed by the test";
    }
}

/// <summary>The nodes' Akka logger: drops everything (tests read log events from the event stream when they need them).</summary>
public sealed class SilentLogger : ReceiveActor
{
    /// <summary>Answers Akka's logger start-up and ignores the rest.</summary>
    public SilentLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        ReceiveAny(_ => { });
    }
}
