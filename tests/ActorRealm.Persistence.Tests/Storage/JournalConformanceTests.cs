using ActorRealm.Persistence.Journal;
using ActorRealm.Persistence.Storage;
using ActorRealm.Persistence.Tests.Support;

namespace ActorRealm.Persistence.Tests.Storage;

/// <summary>What every journal provider must do. Subclassed once per provider.</summary>
public abstract class JournalConformanceTests : StoreTestBase
{
    private IEventJournal Journal => Store.Journal;

    [StoreFact]
    public async Task Appended_events_read_back_in_order_with_payload_manifest_and_tags()
    {
        await Journal.AppendAsync("a", 1, [Event("one", "red"), Event("two")]);
        await Journal.AppendAsync("a", 3, [Event("three", "red", "blue")]);

        var events = await Journal.ReadAsync("a").ToListAsync();

        Assert.Equal([1L, 2L, 3L], events.Select(e => e.SequenceNr));
        Assert.Equal(["one", "two", "three"], events.Select(Text));
        Assert.All(events, e => Assert.Equal("test.v1", e.Manifest));
        Assert.All(events, e => Assert.Equal("a", e.PersistenceId));
        Assert.Equal(["red"], events[0].Tags);
        Assert.Empty(events[1].Tags);
        Assert.Equal(["red", "blue"], events[2].Tags);
        Assert.True(events[0].Ordering < events[1].Ordering && events[1].Ordering < events[2].Ordering);
        Assert.InRange(events[0].Timestamp, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(3, await Journal.HighestSequenceNrAsync("a"));
    }

    [StoreFact]
    public async Task Unknown_id_has_highest_zero_and_no_events()
    {
        Assert.Equal(0, await Journal.HighestSequenceNrAsync("nobody"));
        Assert.Empty(await Journal.ReadAsync("nobody").ToListAsync());
    }

    [StoreFact]
    public async Task Append_with_a_stale_sequence_number_fails_with_the_numbers_and_writes_nothing()
    {
        await Journal.AppendAsync("a", 1, [Event("one"), Event("two")]);

        var behind = await Assert.ThrowsAsync<SequenceConflictException>(() => Journal.AppendAsync("a", 2, [Event("x"), Event("y")]));
        var ahead = await Assert.ThrowsAsync<SequenceConflictException>(() => Journal.AppendAsync("a", 5, [Event("z")]));

        Assert.Equal(("a", 2L, 2L), (behind.PersistenceId, behind.FirstSequenceNr, behind.HighestSequenceNr));
        Assert.Contains("'a'", behind.Message, StringComparison.Ordinal);
        Assert.Equal((5L, 2L), (ahead.FirstSequenceNr, ahead.HighestSequenceNr));
        Assert.Equal(["one", "two"], (await Journal.ReadAsync("a").ToListAsync()).Select(Text));
        Assert.Equal(2, await Journal.HighestSequenceNrAsync("a"));
    }

    [StoreFact]
    public async Task Racing_appends_at_the_same_sequence_number_exactly_one_wins()
    {
        var attempts = Enumerable.Range(0, 8).Select(i => Journal.AppendAsync("race", 1, [Event($"writer {i}"), Event($"writer {i} again")])).ToList();

        var outcomes = await Task.WhenAll(attempts.Select(async t =>
        {
            try
            {
                await t;
                return true;
            }
            catch (SequenceConflictException)
            {
                return false;
            }
        }));

        Assert.Single(outcomes, won => won);
        var stored = await Journal.ReadAsync("race").ToListAsync();
        Assert.Equal(2, stored.Count);
        Assert.Equal(Text(stored[0]) + " again", Text(stored[1]));
    }

    [StoreFact]
    public async Task A_second_store_on_the_same_database_is_never_hidden_by_remembered_sequence_numbers()
    {
        await using var other = await Location.OpenAsync(Settings);
        await Journal.AppendAsync("shared", 1, [Event("mine 1")]);
        await other.Journal.AppendAsync("shared", 2, [Event("theirs 2")]);

        // This store remembers 1 as the highest: an append that follows the real highest must still be accepted ...
        await Journal.AppendAsync("shared", 3, [Event("mine 3")]);
        await other.Journal.AppendAsync("shared", 4, [Event("theirs 4")]);

        // ... and one that follows only the remembered number must still be refused (caught by the unique constraint).
        var conflict = await Assert.ThrowsAsync<SequenceConflictException>(() => Journal.AppendAsync("shared", 4, [Event("stale")]));

        Assert.Equal(4, conflict.HighestSequenceNr);
        Assert.Equal(["mine 1", "theirs 2", "mine 3", "theirs 4"], (await Journal.ReadAsync("shared").ToListAsync()).Select(Text));
        await Journal.AppendAsync("shared", 5, [Event("mine 5")]);
    }

    [StoreFact]
    public async Task Range_reads_honour_from_to_and_max()
    {
        await Journal.AppendAsync("a", 1, Enumerable.Range(1, 10).Select(i => Event($"e{i}")).ToList());

        Assert.Equal([3L, 4L, 5L], (await Journal.ReadAsync("a", 3, 5).ToListAsync()).Select(e => e.SequenceNr));
        Assert.Equal([7L, 8L], (await Journal.ReadAsync("a", 7, max: 2).ToListAsync()).Select(e => e.SequenceNr));
        Assert.Empty(await Journal.ReadAsync("a", 11).ToListAsync());
        Assert.Empty(await Journal.ReadAsync("a", 1, max: 0).ToListAsync());
    }

    [StoreFact]
    public async Task Reads_are_streamed_in_batches_without_losing_or_repeating_events()
    {
        await ReopenAsync(Settings with { ReplayBatchSize = 7 });
        await Journal.AppendAsync("a", 1, Enumerable.Range(1, 50).Select(i => Event($"e{i}", "t")).ToList());

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), (await Journal.ReadAsync("a").ToListAsync()).Select(e => e.SequenceNr));
        Assert.Equal(Enumerable.Range(10, 30).Select(i => (long)i), (await Journal.ReadAsync("a", 10, max: 30).ToListAsync()).Select(e => e.SequenceNr));
        Assert.Equal(50, await Journal.ReadByTagAsync("t").CountAsync());
        Assert.Equal(50, await Journal.ReadAllAsync().CountAsync());
    }

    [StoreFact]
    public async Task Delete_up_to_removes_events_but_keeps_the_highest_sequence_number()
    {
        await Journal.AppendAsync("a", 1, Enumerable.Range(1, 5).Select(i => Event($"e{i}", "t")).ToList());

        await Journal.DeleteUpToAsync("a", 3);
        Assert.Equal([4L, 5L], (await Journal.ReadAsync("a").ToListAsync()).Select(e => e.SequenceNr));
        Assert.Equal(2, await Journal.ReadByTagAsync("t").CountAsync());

        await Journal.DeleteUpToAsync("a", long.MaxValue);
        Assert.Empty(await Journal.ReadAsync("a").ToListAsync());
        Assert.Equal(5, await Journal.HighestSequenceNrAsync("a"));
        await Assert.ThrowsAsync<SequenceConflictException>(() => Journal.AppendAsync("a", 1, [Event("reused")]));

        await Journal.AppendAsync("a", 6, [Event("e6")]);
        Assert.Equal([6L], (await Journal.ReadAsync("a").ToListAsync()).Select(e => e.SequenceNr));
        Assert.Contains(new PersistenceIdInfo("a", 6), await Journal.ListPersistenceIdsAsync());
    }

    [StoreFact]
    public async Task Delete_beyond_the_highest_is_clamped_so_later_appends_stay_readable()
    {
        await Journal.AppendAsync("a", 1, [Event("e1")]);
        await Journal.DeleteUpToAsync("a", 100);
        await Journal.AppendAsync("a", 2, [Event("e2")]);

        Assert.Equal(["e2"], (await Journal.ReadAsync("a").ToListAsync()).Select(Text));
        Assert.Equal(2, await Journal.HighestSequenceNrAsync("a"));
    }

    [StoreFact]
    public async Task Tagged_and_global_reads_follow_the_ordering_and_resume_after_an_offset()
    {
        await Journal.AppendAsync("a", 1, [Event("a1", "red"), Event("a2", "blue")]);
        await Journal.AppendAsync("b", 1, [Event("b1", "red", "blue")]);
        await Journal.AppendAsync("a", 3, [Event("a3", "red")]);

        var red = await Journal.ReadByTagAsync("red").ToListAsync();
        Assert.Equal(["a1", "b1", "a3"], red.Select(Text));
        Assert.Equal(["b1", "a3"], (await Journal.ReadByTagAsync("red", red[0].Ordering).ToListAsync()).Select(Text));
        Assert.Equal(["a2", "b1"], (await Journal.ReadByTagAsync("blue").ToListAsync()).Select(Text));
        Assert.Empty(await Journal.ReadByTagAsync("green").ToListAsync());

        var all = await Journal.ReadAllAsync().ToListAsync();
        Assert.Equal(["a1", "a2", "b1", "a3"], all.Select(Text));
        Assert.Equal(["a3"], (await Journal.ReadAllAsync(all[2].Ordering).ToListAsync()).Select(Text));
    }

    [StoreFact]
    public async Task Persistence_ids_are_listed_with_their_highest_sequence_numbers()
    {
        await Journal.AppendAsync("b", 1, [Event("b1"), Event("b2")]);
        await Journal.AppendAsync("a", 1, [Event("a1")]);
        await Journal.AppendAsync("c", 1, [Event("c1")]);
        await Journal.DeleteUpToAsync("c", 1);

        Assert.Equal(
            [new PersistenceIdInfo("a", 1), new PersistenceIdInfo("b", 2), new PersistenceIdInfo("c", 1)],
            await Journal.ListPersistenceIdsAsync());
    }

    [StoreFact]
    public async Task Events_survive_closing_and_reopening_the_store()
    {
        await Journal.AppendAsync("a", 1, [Event("one", "t")]);
        await Store.SnapshotStore.SaveAsync(new("a", 1, DateTimeOffset.UtcNow), [1, 2, 3], "snap");

        await ReopenAsync();

        Assert.Equal(["one"], (await Journal.ReadAsync("a").ToListAsync()).Select(Text));
        Assert.Equal([1, 2, 3], (await Store.SnapshotStore.LoadAsync("a", Snapshots.SnapshotSelectionCriteria.Latest))!.Payload);
        await Journal.AppendAsync("a", 2, [Event("two")]);
    }

    [StoreFact]
    public async Task Sixty_four_concurrent_writers_to_different_ids_each_get_a_gapless_history()
    {
        const int Writers = 64;
        const int AppendsPerWriter = 20;
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var id = $"writer-{w:00}";
            for (var seq = 1; seq <= AppendsPerWriter; seq++)
            {
                await Journal.AppendAsync(id, seq, [Event($"{id}/{seq}")]);
            }
        }));

        await Task.WhenAll(writers);

        for (var w = 0; w < Writers; w++)
        {
            var id = $"writer-{w:00}";
            var events = await Journal.ReadAsync(id).ToListAsync();
            Assert.Equal(Enumerable.Range(1, AppendsPerWriter).Select(s => $"{id}/{s}"), events.Select(Text));
        }

        var counters = Journal.Counters;
        Assert.Equal(Writers * AppendsPerWriter, counters.Appends);
        Assert.Equal(0, counters.FailedTransactions);
    }

    [StoreFact]
    public async Task Concurrent_appends_are_committed_together_in_one_transaction()
    {
        var gate = WriterGate.Install(Store);

        // The first append occupies the writer; the other 63 queue behind it while it commits.
        var first = Journal.AppendAsync("id-00", 1, [Event("first")]);
        await gate.EnteredAsync();
        var rest = Enumerable.Range(1, 63).Select(i => Journal.AppendAsync($"id-{i:00}", 1, [Event("e"), Event("f")])).ToList();
        Assert.All(rest, t => Assert.False(t.IsCompleted));
        gate.Release();
        await Task.WhenAll(rest.Append(first));

        var counters = Journal.Counters;
        Assert.Equal(64, counters.Appends);
        Assert.Equal(1 + (63 * 2), counters.Events);
        Assert.Equal(2, counters.Transactions);
    }

    [StoreFact]
    public async Task A_failing_commit_fails_every_append_of_its_batch_and_acknowledges_none()
    {
        await Journal.AppendAsync("a", 1, [Event("before")]);
        var gate = WriterGate.Install(Store, laterCommits: () => throw new IOException("injected commit failure (disk I/O error)"));
        var blocker = Journal.AppendAsync("blocker", 1, [Event("b")]);
        await gate.EnteredAsync();
        var doomed = Enumerable.Range(0, 10).Select(i => Journal.AppendAsync($"doomed-{i}", 1, [Event("x"), Event("y")])).ToList();
        doomed.Add(Journal.AppendAsync("a", 2, [Event("after")]));
        gate.Release();
        await blocker;

        foreach (var append in doomed)
        {
            var error = await Assert.ThrowsAsync<JournalWriteException>(() => append);
            Assert.Contains("injected commit failure", error.Message, StringComparison.Ordinal);
        }

        Store.Executor!.BeforeCommit = null;
        Assert.Equal(1, await Journal.HighestSequenceNrAsync("a"));
        Assert.All(await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Journal.HighestSequenceNrAsync($"doomed-{i}"))), h => Assert.Equal(0, h));
        Assert.Equal(1, Journal.Counters.FailedTransactions);

        // The writer reconnects and carries on after a failed transaction.
        await Journal.AppendAsync("a", 2, [Event("after")]);
        Assert.Equal(["before", "after"], (await Journal.ReadAsync("a").ToListAsync()).Select(Text));
    }

    [StoreFact]
    public async Task A_statement_failing_inside_the_database_fails_the_whole_batch_not_just_its_append()
    {
        await Location.InstallFailingInsertAsync("poison");
        var gate = WriterGate.Install(Store);
        var blocker = Journal.AppendAsync("blocker", 1, [Event("b")]);
        await gate.EnteredAsync();
        var good = Enumerable.Range(0, 5).Select(i => Journal.AppendAsync($"good-{i}", 1, [Event("fine")])).ToList();
        var poisoned = Journal.AppendAsync("bad", 1, [Event("fine"), new EventData([1], "poison")]);
        gate.Release();
        await blocker;

        Assert.Contains("injected insert failure", (await Assert.ThrowsAsync<JournalWriteException>(() => poisoned)).Message, StringComparison.Ordinal);
        foreach (var append in good)
        {
            await Assert.ThrowsAsync<JournalWriteException>(() => append);
        }

        Assert.Equal(["blocker"], (await Journal.ListPersistenceIdsAsync()).Select(i => i.PersistenceId));
    }

    [StoreFact]
    public async Task Closing_the_store_finishes_queued_appends_and_refuses_new_ones()
    {
        var appends = Enumerable.Range(0, 100).Select(i => Journal.AppendAsync($"id-{i}", 1, [Event("e")])).ToList();

        await Store.DisposeAsync();

        await Task.WhenAll(appends);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Journal.AppendAsync("late", 1, [Event("e")]));
        await ReopenAsync();
        Assert.Equal(100, (await Journal.ListPersistenceIdsAsync()).Count);
    }

    [StoreFact]
    public async Task Bad_arguments_are_refused_before_anything_is_queued()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Journal.AppendAsync("a", 1, []));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Journal.AppendAsync("a", 0, [Event("e")]));
        await Assert.ThrowsAsync<ArgumentException>(() => Journal.AppendAsync("", 1, [Event("e")]));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Journal.AppendAsync("a", 1, [new EventData(null!, "m")]));
        await Assert.ThrowsAsync<ArgumentException>(() => Journal.AppendAsync("a", 1, [Event("e", "")]));
        Assert.Equal(0, Journal.Counters.Transactions);
    }

    [StoreFact]
    public async Task One_hundred_thousand_events_are_recovered_after_a_restart()
    {
        const int Total = 100_000;
        const int PerAppend = 1_000;
        for (var first = 1; first <= Total; first += PerAppend)
        {
            var start = first;
            await Journal.AppendAsync("big", start, Enumerable.Range(start, PerAppend).Select(seq => Event($"event {seq}")).ToList());
        }

        await ReopenAsync();

        var expected = 1L;
        await foreach (var persisted in Journal.ReadAsync("big"))
        {
            Assert.Equal(expected, persisted.SequenceNr);
            if (expected % 9_973 == 0)
            {
                Assert.Equal($"event {expected}", Text(persisted));
            }

            expected++;
        }

        Assert.Equal(Total + 1, expected);
        Assert.Equal(Total, await Journal.HighestSequenceNrAsync("big"));
    }
}

public sealed class SqliteJournalConformanceTests : JournalConformanceTests
{
    protected override IStoreLocation CreateLocation() => new SqliteLocation();
}

[RequiresPostgres]
public sealed class PostgresJournalConformanceTests : JournalConformanceTests
{
    protected override IStoreLocation CreateLocation() => new PostgresLocation();
}
