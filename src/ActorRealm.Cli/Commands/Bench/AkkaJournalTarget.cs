using System.Collections.Concurrent;
using System.Data.Common;
using ActorRealm.Persistence;
using Akka.Actor;
using Akka.Serialization;
using LinqToDB.Interceptors;
using AkkaConfigurationFactory = Akka.Configuration.ConfigurationFactory;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>
/// The measured side: persistent actors on Akka.Persistence.Sql, configured exactly as a node configures them
/// (<see cref="PersistenceStartup"/>, then <see cref="AkkaPersistenceSetup"/>), one actor per persistence id.
/// </summary>
internal sealed class AkkaJournalTarget : IAppendTarget
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, IActorRef> _writers = new(StringComparer.Ordinal);
    private readonly ActorSystem _system;
    private readonly InsertCounter _inserts;

    private AkkaJournalTarget(ActorSystem system, InsertCounter inserts, string store)
    {
        _system = system;
        _inserts = inserts;
        Store = store;
    }

    /// <summary>The store, as the start-up check described it.</summary>
    public string Store { get; }

    /// <summary>INSERT statements the journal ran (a transaction runs one or more).</summary>
    public long InsertStatements => Interlocked.Read(ref _inserts.Count);

    /// <summary>Checks (creating when new) the store, then starts an actor system on it.</summary>
    /// <exception cref="PersistenceStartupException">The store cannot be used.</exception>
    public static async Task<AkkaJournalTarget> StartAsync(PersistenceSettings settings, string? dataDirectory, CancellationToken cancellationToken)
    {
        var report = await PersistenceStartup.CheckAsync(settings, dataDirectory, cancellationToken).ConfigureAwait(false);
        var parts = AkkaPersistenceSetup.Build(settings, dataDirectory);
        var inserts = new InsertCounter();
        if (parts.DataOptions.TryGetDataOptionsFor(AkkaPersistenceSetup.JournalPluginId, out var journalOptions) && journalOptions is not null)
        {
            parts.DataOptions.AddDataOptions(AkkaPersistenceSetup.JournalPluginId, LinqToDB.DataOptionsExtensions.UseInterceptor(journalOptions, inserts));
        }

        var config = AkkaConfigurationFactory.ParseString($"""
            akka.loglevel = WARNING
            akka.stdout-loglevel = OFF
            akka.loggers = ["{typeof(StderrLogger).FullName}, {typeof(StderrLogger).Assembly.GetName().Name}"]
            """).WithFallback(parts.Config);
        var serialization = SerializationSetup.Create(system =>
            [SerializerDetails.Create("actorrealm-bench", new BenchEventSerializer(system), [typeof(BenchEvent)])]);
        var setup = parts.AddTo(BootstrapSetup.Create().WithConfig(config).And(serialization));
        return new AkkaJournalTarget(ActorSystem.Create("bench", setup), inserts, report.Store);
    }

    public Task<long> HighestAsync(string persistenceId) => Writer(persistenceId).Ask<long>(BenchWriter.Highest.Instance, AskTimeout);

    public Task<long> RunWriterAsync(string persistenceId, long firstSequenceNr, byte[] payload, int inFlight, long deadline, Action<long, long> acknowledged)
    {
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        Writer(persistenceId).Tell(new BenchWriter.Run(firstSequenceNr, payload, inFlight, deadline, acknowledged, done));
        return done.Task;
    }

    public async ValueTask DisposeAsync() => await _system.Terminate().ConfigureAwait(false);

    private IActorRef Writer(string persistenceId) => _writers.GetOrAdd(
        persistenceId,
        id => _system.ActorOf(Props.Create(() => new BenchWriter(id)), Uri.EscapeDataString(id)));

    /// <summary>Counts the journal's INSERT statements, to report how many events each carried.</summary>
    private sealed class InsertCounter : CommandInterceptor
    {
        public long Count;

        public override DbCommand CommandInitialized(CommandEventData eventData, DbCommand command)
        {
            if (command.CommandText.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase))
            {
                Interlocked.Increment(ref Count);
            }

            return command;
        }
    }
}
