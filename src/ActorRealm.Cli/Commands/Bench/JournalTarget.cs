using ActorRealm.Persistence;
using ActorRealm.Persistence.Journal;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>The measured side: appends through <see cref="IEventJournal"/>.</summary>
internal sealed class JournalTarget(PersistenceStore store) : IAppendTarget
{
    public PersistenceStore Store => store;

    public Task<long> HighestAsync(string persistenceId) => store.Journal.HighestSequenceNrAsync(persistenceId);

    public Task AppendAsync(string persistenceId, long sequenceNr, byte[] payload) =>
        store.Journal.AppendAsync(persistenceId, sequenceNr, [new EventData(payload, "bench")]);

    public ValueTask DisposeAsync() => store.DisposeAsync();
}
