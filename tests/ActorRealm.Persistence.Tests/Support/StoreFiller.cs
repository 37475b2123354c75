using Akka.Actor;
using Akka.TestKit;
using static ActorRealm.Persistence.Tests.Support.RecordingActor;

namespace ActorRealm.Persistence.Tests.Support;

/// <summary>Puts events into a test store through a persistent actor, then stops the system.</summary>
public static class StoreFiller
{
    public static async Task FillAsync(TestKitBase testKit, IStoreLocation location, string persistenceId, int chunks, int size = 500)
    {
        await using var systems = new StoreSystems(location);
        var system = await systems.StartAsync();
        var probe = testKit.CreateTestProbe(system);
        var actor = system.ActorOf(RecordingActor.Props(persistenceId, probe.Ref));
        probe.ExpectMsg<Recovered>(TimeSpan.FromSeconds(30));
        actor.Tell(new PersistChunks(chunks, size));
        probe.ExpectMsg<Done>(TimeSpan.FromSeconds(60));
    }
}
