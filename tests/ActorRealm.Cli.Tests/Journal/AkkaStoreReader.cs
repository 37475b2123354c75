using ActorRealm.Cli.Commands.Bench;
using ActorRealm.Persistence;
using Akka.Actor;
using Akka.Persistence;
using Akka.Serialization;
using AkkaConfigurationFactory = Akka.Configuration.ConfigurationFactory;
using PersistenceSettings = ActorRealm.Persistence.PersistenceSettings;

namespace ActorRealm.Cli.Tests.Journal;

/// <summary>Reads a persistence id's events back the way a node would: an actor system on the store, and a persistent actor recovering.</summary>
internal static class AkkaStoreReader
{
    /// <summary>The sequence numbers of every event recovered for each of <paramref name="persistenceIds"/>.</summary>
    public static async Task<Dictionary<string, List<long>>> RecoverAsync(PersistenceSettings settings, string? dataDirectory, IEnumerable<string> persistenceIds)
    {
        await PersistenceStartup.CheckAsync(settings, dataDirectory);
        var parts = AkkaPersistenceSetup.Build(settings, dataDirectory);
        var serialization = SerializationSetup.Create(system =>
            [SerializerDetails.Create("actorrealm-bench", new BenchEventSerializer(system), [typeof(BenchEvent)])]);
        var config = AkkaConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(parts.Config);
        var system = ActorSystem.Create("reader", parts.AddTo(BootstrapSetup.Create().WithConfig(config).And(serialization)));
        try
        {
            var recovered = new Dictionary<string, List<long>>(StringComparer.Ordinal);
            foreach (var id in persistenceIds)
            {
                var done = new TaskCompletionSource<List<long>>(TaskCreationOptions.RunContinuationsAsynchronously);
                system.ActorOf(Props.Create(() => new Collector(id, done)));
                recovered[id] = await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }

            return recovered;
        }
        finally
        {
            await system.Terminate();
        }
    }

    private sealed class Collector : ReceivePersistentActor
    {
        public Collector(string persistenceId, TaskCompletionSource<List<long>> done)
        {
            PersistenceId = persistenceId;
            var sequenceNrs = new List<long>();
            Recover<BenchEvent>(_ => sequenceNrs.Add(LastSequenceNr));
            Recover<RecoveryCompleted>(_ => done.TrySetResult(sequenceNrs));
            CommandAny(_ => { });
        }

        public override string PersistenceId { get; }

        protected override void OnRecoveryFailure(Exception reason, object? message = null) => throw reason;
    }
}
