using System.Runtime.CompilerServices;
using ActorRealm.Persistence.Journal;

namespace ActorRealm.Persistence.Storage;

/// <summary>The event journal over a <see cref="SqlStore"/>: writes go to the group-commit writer, reads to pooled read connections.</summary>
internal sealed class SqlEventJournal(SqlStore store) : IEventJournal
{
    public JournalCounters Counters => store.Writer?.Counters ?? new JournalCounters(0, 0, 0, 0, 0);

    public Task AppendAsync(string persistenceId, long firstSequenceNr, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        RequireId(persistenceId);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstSequenceNr, 1);
        if (events.Count == 0)
        {
            throw new ArgumentException("An append needs at least one event.", nameof(events));
        }

        var tags = new string?[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var data = events[i] ?? throw new ArgumentException($"Event {i} is null.", nameof(events));
            ArgumentNullException.ThrowIfNull(data.Payload, $"{nameof(events)}[{i}].Payload");
            ArgumentNullException.ThrowIfNull(data.Manifest, $"{nameof(events)}[{i}].Manifest");
            ArgumentNullException.ThrowIfNull(data.Tags, $"{nameof(events)}[{i}].Tags");
            if (data.Tags.Any(string.IsNullOrEmpty))
            {
                throw new ArgumentException($"Event {i} has a null or empty tag.", nameof(events));
            }

            tags[i] = Tags.ToJson(data.Tags);
        }

        return store.WriteAsync(new AppendRequest(persistenceId, firstSequenceNr, events, tags), cancellationToken);
    }

    public async IAsyncEnumerable<PersistedEvent> ReadAsync(
        string persistenceId,
        long fromSequenceNr = 1,
        long toSequenceNr = long.MaxValue,
        long max = long.MaxValue,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        RequireId(persistenceId);
        var next = Math.Max(fromSequenceNr, 1);
        var remaining = max;
        while (remaining > 0 && next <= toSequenceNr)
        {
            var limit = (int)Math.Min(remaining, store.Settings.ReplayBatchSize);
            var page = await store.ReadAsync(
                store.Statements.ReadRange,
                Rows.ReadEventsAsync,
                cancellationToken,
                ("@pid", persistenceId),
                ("@from", next),
                ("@to", toSequenceNr),
                ("@limit", limit)).ConfigureAwait(false);
            foreach (var persisted in page)
            {
                yield return persisted;
            }

            if (page.Count < limit)
            {
                yield break;
            }

            remaining -= page.Count;
            next = page[^1].SequenceNr + 1;
        }
    }

    public Task<long> HighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default)
    {
        RequireId(persistenceId);
        return store.ReadAsync(
            store.Statements.Highest,
            async (command, ct) => Db.ToInt64(await command.ExecuteScalarAsync(ct).ConfigureAwait(false)),
            cancellationToken,
            ("@pid", persistenceId));
    }

    public Task DeleteUpToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        RequireId(persistenceId);
        return store.WriteAsync(new DeleteEventsRequest(persistenceId, toSequenceNr), cancellationToken);
    }

    public IAsyncEnumerable<PersistedEvent> ReadByTagAsync(string tag, long afterOrdering = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        return ReadOrderedAsync(store.Statements.ReadTag, afterOrdering, ("@tag", tag), cancellationToken);
    }

    public IAsyncEnumerable<PersistedEvent> ReadAllAsync(long afterOrdering = 0, CancellationToken cancellationToken = default) =>
        ReadOrderedAsync(store.Statements.ReadAll, afterOrdering, null, cancellationToken);

    public async Task<IReadOnlyList<PersistenceIdInfo>> ListPersistenceIdsAsync(CancellationToken cancellationToken = default) =>
        await store.ReadAsync(store.Statements.ListPersistenceIds, Rows.ReadPersistenceIdsAsync, cancellationToken).ConfigureAwait(false);

    private static void RequireId(string persistenceId) => ArgumentException.ThrowIfNullOrEmpty(persistenceId);

    private async IAsyncEnumerable<PersistedEvent> ReadOrderedAsync(
        string sql,
        long afterOrdering,
        (string, object?)? filter,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = afterOrdering;
        while (true)
        {
            var limit = store.Settings.ReplayBatchSize;
            (string, object?)[] parameters = filter is { } f
                ? [f, ("@after", after), ("@limit", limit)]
                : [("@after", after), ("@limit", limit)];
            var page = await store.ReadAsync(sql, Rows.ReadEventsAsync, cancellationToken, parameters).ConfigureAwait(false);
            foreach (var persisted in page)
            {
                yield return persisted;
            }

            if (page.Count < limit)
            {
                yield break;
            }

            after = page[^1].Ordering;
        }
    }
}
