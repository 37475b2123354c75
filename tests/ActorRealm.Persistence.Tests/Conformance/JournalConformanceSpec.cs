using ActorRealm.Persistence.Tests.Support;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit;
using Xunit.Abstractions;
using static ActorRealm.Persistence.Tests.Support.RecordingActor;

namespace ActorRealm.Persistence.Tests.Conformance;

/// <summary>
/// What every provider must do, through real persistent actors and the journal and snapshot plugin protocol of
/// Akka.Persistence on Akka.Persistence.Sql configured by ActorRealm. Subclassed once per provider.
/// </summary>
public abstract class JournalConformanceSpec(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit("akka.loglevel = WARNING", output), IAsyncLifetime
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private IStoreLocation? _location;
    private StoreSystems? _systems;

    protected IStoreLocation Location => _location ?? throw new InvalidOperationException("Not initialized.");

    protected StoreSystems Systems => _systems ?? throw new InvalidOperationException("Not initialized.");

    public Task InitializeAsync()
    {
        _location = CreateLocation();
        // The stores' own warnings and errors (a failed recovery, a broken circuit) belong in the test's output.
        _systems = new StoreSystems(_location, InitializeLogger);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Systems.DisposeAsync();
        await Location.DisposeAsync();
    }

    [StoreFact]
    public async Task Events_are_recovered_in_order_with_payload_and_manifest_after_a_restart_of_the_actor_system()
    {
        var (system, probe, actor, _) = await SpawnAsync("order-1");
        foreach (var text in new[] { "placed", "paid", "shipped" })
        {
            actor.Tell(new PersistOne(text));
        }

        Assert.Equal([1L, 2L, 3L], Enumerable.Range(0, 3).Select(_ => probe.ExpectMsg<Persisted>(Patience).SequenceNr));

        var recovered = (await SpawnAsync("order-1", restart: system)).Recovered;

        Assert.Equal(["placed", "paid", "shipped"], recovered.Texts);
        Assert.Equal(3, recovered.LastSequenceNr);

        // Stored as the serializer made it: its identifier, its string manifest, its bytes.
        var journal = Location.Table("journal");
        Assert.Equal(3L, await Location.CountAsync(
            $"SELECT COUNT(*) FROM {journal} WHERE persistence_id = 'order-1' AND identifier = {TestSerializer.Id} AND manifest = '{TestSerializer.EventManifest}'"));
        Assert.Equal("paid"u8.ToArray(), (byte[])(await Location.ScalarAsync($"SELECT message FROM {journal} WHERE persistence_id = 'order-1' AND sequence_number = 2"))!);
    }

    [StoreFact]
    public async Task A_persist_handler_runs_only_after_the_write_is_durable()
    {
        // The held lock must outlast the check below however loaded the machine is: the journal may
        // wait for it far longer than the default busy timeout (a write that gives up fails, as it must).
        var system = await Systems.StartAsync(adjust: s => s with { Sqlite = s.Sqlite with { BusyTimeout = TimeSpan.FromMinutes(2) } });
        var probe = CreateTestProbe(system);
        var actor = system.ActorOf(RecordingActor.Props("durable-1", probe.Ref, Location.IsStored));
        probe.ExpectMsg<Recovered>(Patience);

        var hold = await Location.HoldWritesAsync();
        await using (hold)
        {
            actor.Tell(new PersistOne("held"));

            // The write waits for the lock: no handler may run, and nothing is visible to another connection.
            probe.ExpectNoMsg(TimeSpan.FromMilliseconds(700));
            Assert.False(Location.IsStored("durable-1", 1));
        }

        var persisted = probe.ExpectMsg<Persisted>(Patience);
        Assert.Equal((1L, true), (persisted.SequenceNr, persisted.StoredWhenHandled));
    }

    [StoreFact]
    public async Task A_write_the_database_refuses_fails_the_persist_and_acknowledges_nothing_of_it()
    {
        var system = await Systems.StartAsync();
        await Location.InstallFailingInsertAsync(TestSerializer.PoisonManifest);
        var probe = CreateTestProbe(system);
        var actor = system.ActorOf(RecordingActor.Props("refused-1", probe.Ref));
        probe.ExpectMsg<Recovered>(Patience);
        probe.Watch(actor);

        actor.Tell(new PersistAllOf([new TestEvent("a"), new PoisonEvent("b"), new TestEvent("c")]));

        var failed = probe.ExpectMsg<PersistFailed>(Patience);
        Assert.Contains("injected insert failure", Flatten(failed.Cause), StringComparison.Ordinal);
        probe.ExpectTerminated(actor, Patience);
        Assert.Equal(0L, await Location.CountAsync($"SELECT COUNT(*) FROM {Location.Table("journal")} WHERE persistence_id = 'refused-1'"));

        // The next incarnation finds nothing of the failed write and carries on from there.
        var again = system.ActorOf(RecordingActor.Props("refused-1", probe.Ref));
        Assert.Empty(probe.ExpectMsg<Recovered>(Patience).Texts);
        again.Tell(new PersistOne("fine"));
        Assert.Equal(1, probe.ExpectMsg<Persisted>(Patience).SequenceNr);
    }

    [StoreFact]
    public async Task A_database_that_stays_unwritable_fails_the_persist_after_the_timeout_and_acknowledges_nothing()
    {
        var (system, probe, actor, _) = await SpawnAsync("locked-1", adjust: ShortTimeouts);
        probe.Watch(actor);

        var hold = await Location.HoldWritesAsync();
        await using (hold)
        {
            actor.Tell(new PersistOne("never"));
            probe.ExpectMsg<PersistFailed>(Patience);
            probe.ExpectTerminated(actor, Patience);
        }

        var again = system.ActorOf(RecordingActor.Props("locked-1", probe.Ref));
        Assert.Empty(probe.ExpectMsg<Recovered>(Patience).Texts);
        again.Tell(new PersistOne("later"));
        Assert.Equal(("later", 1L), ToTuple(probe.ExpectMsg<Persisted>(Patience)));
    }

    [StoreFact]
    public async Task Sixty_four_concurrent_persistent_actors_each_get_a_gapless_history()
    {
        const int Actors = 64;
        const int Events = 25;
        var system = await Systems.StartAsync();
        var probe = CreateTestProbe(system);
        var actors = Enumerable.Range(0, Actors).Select(i => system.ActorOf(RecordingActor.Props($"concurrent-{i}", probe.Ref))).ToList();
        probe.ReceiveN(Actors, Patience);
        for (var i = 0; i < Actors; i++)
        {
            actors[i].Tell(new PersistSequentially($"c{i}-", Events));
        }

        Assert.All(probe.ReceiveN(Actors, TimeSpan.FromSeconds(120)), m => Assert.Equal(new Done(Events, true), m));

        system = await Systems.RestartAsync(system);
        probe = CreateTestProbe(system);
        for (var i = 0; i < Actors; i++)
        {
            system.ActorOf(RecordingActor.Props($"concurrent-{i}", probe.Ref));
        }

        var recovered = probe.ReceiveN(Actors, TimeSpan.FromSeconds(60)).Cast<Recovered>().ToDictionary(r => r.PersistenceId);
        for (var i = 0; i < Actors; i++)
        {
            Assert.Equal(Enumerable.Range(1, Events).Select(n => $"c{i}-{n}"), recovered[$"concurrent-{i}"].Texts);
            Assert.Equal(Events, recovered[$"concurrent-{i}"].LastSequenceNr);
        }

        Assert.Equal(0L, await Location.CountAsync(
            $"SELECT COUNT(*) FROM (SELECT persistence_id FROM {Location.Table("journal")} GROUP BY persistence_id " +
            $"HAVING MIN(sequence_number) <> 1 OR MAX(sequence_number) <> COUNT(*) OR COUNT(*) <> {Events}) AS gaps"));
    }

    [StoreFact]
    public async Task PersistAsync_with_thousands_in_flight_acknowledges_in_order_and_recovers_them_all()
    {
        const int Count = 5_000;
        var (system, probe, actor, _) = await SpawnAsync("async-1");

        for (var i = 1; i <= Count; i++)
        {
            actor.Tell(new PersistAsyncOne($"a{i}", Count));
        }

        Assert.Equal(new Done(Count, true), probe.ExpectMsg<Done>(TimeSpan.FromSeconds(60)));
        var recovered = (await SpawnAsync("async-1", restart: system)).Recovered;
        Assert.Equal(Enumerable.Range(1, Count).Select(i => $"a{i}"), recovered.Texts);
    }

    [StoreFact]
    public async Task DeleteMessagesTo_removes_events_but_keeps_the_highest_sequence_number()
    {
        var (system, probe, actor, _) = await SpawnAsync("deleted-1");
        actor.Tell(new PersistSequentially("d", 10));
        probe.ExpectMsg<Done>(Patience);

        actor.Tell(new DeleteTo(6));
        Assert.Equal(6, probe.ExpectMsg<DeleteMessagesSuccess>(Patience).ToSequenceNr);
        Recovered recovered;
        (system, probe, actor, recovered) = await SpawnAsync("deleted-1", restart: system);
        Assert.Equal(("d7,d8,d9,d10", 10L), ToTuple(recovered));

        actor.Tell(new DeleteTo(long.MaxValue));
        probe.ExpectMsg<DeleteMessagesSuccess>(Patience);
        (system, probe, actor, recovered) = await SpawnAsync("deleted-1", restart: system);
        Assert.Equal((string.Empty, 10L), ToTuple(recovered));
        actor.Tell(new PersistOne("after"));
        Assert.Equal(11, probe.ExpectMsg<Persisted>(Patience).SequenceNr);

        var inspected = await JournalInspector.InspectAsync(Location.Settings(), Location.DataDirectory);
        Assert.Equal(new PersistenceIdSummary("deleted-1", 11, 1), Assert.Single(inspected.PersistenceIds));
    }

    [StoreFact]
    public async Task A_snapshot_shortens_recovery_to_the_events_after_it()
    {
        var (system, probe, actor, _) = await SpawnAsync("snap-1");
        actor.Tell(new PersistSequentially("s", 3));
        probe.ExpectMsg<Done>(Patience);
        actor.Tell(new TakeSnapshot());
        Assert.Equal(3, probe.ExpectMsg<SaveSnapshotSuccess>(Patience).Metadata.SequenceNr);
        actor.Tell(new PersistOne("s4"));
        probe.ExpectMsg<Persisted>(Patience);

        var recovered = (await SpawnAsync("snap-1", restart: system)).Recovered;

        Assert.Equal(("s1,s2,s3,s4", 4L, (long?)3), (string.Join(',', recovered.Texts), recovered.LastSequenceNr, recovered.SnapshotSequenceNr));
        Assert.Equal(1L, await Location.CountAsync(
            $"SELECT COUNT(*) FROM {Location.Table("snapshot")} WHERE persistence_id = 'snap-1' AND serializer_id = {TestSerializer.Id} AND manifest = '{TestSerializer.StateManifest}'"));
    }

    [StoreFact]
    public async Task The_snapshot_store_saves_selects_loads_and_deletes_through_the_plugin_protocol()
    {
        var system = await Systems.StartAsync();
        var store = Akka.Persistence.Persistence.Instance.Apply(system).SnapshotStoreFor(null);
        var probe = CreateTestProbe(system);
        var written = DateTime.UtcNow;
        for (var seq = 1; seq <= 5; seq++)
        {
            store.Tell(new SaveSnapshot(new SnapshotMetadata("snaps", seq, written.AddSeconds(seq)), new TestState($"at {seq}")), probe.Ref);
            probe.ExpectMsg<SaveSnapshotSuccess>(Patience);
        }

        Assert.Equal((3L, "at 3"), Load(store, probe, new SnapshotSelectionCriteria(3)));
        Assert.Equal((5L, "at 5"), Load(store, probe, SnapshotSelectionCriteria.Latest));

        store.Tell(new DeleteSnapshot(new SnapshotMetadata("snaps", 3, written.AddSeconds(3))), probe.Ref);
        probe.ExpectMsg<DeleteSnapshotSuccess>(Patience);
        Assert.Equal((2L, "at 2"), Load(store, probe, new SnapshotSelectionCriteria(3)));

        store.Tell(new DeleteSnapshots("snaps", new SnapshotSelectionCriteria(4)), probe.Ref);
        probe.ExpectMsg<DeleteSnapshotsSuccess>(Patience);
        Assert.Equal((5L, "at 5"), Load(store, probe, SnapshotSelectionCriteria.Latest));
        Assert.Equal((0L, string.Empty), Load(store, probe, new SnapshotSelectionCriteria(4)));
    }

    [StoreFact]
    public async Task The_journal_answers_the_plugin_protocol_for_writes_replays_and_the_highest_sequence_number()
    {
        var system = await Systems.StartAsync();
        var journal = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);
        var probe = CreateTestProbe(system);
        var writes = Enumerable.Range(1, 5)
            .Select(i => (IPersistentEnvelope)new AtomicWrite(new Persistent(new TestEvent($"p{i}"), i, "protocol-1", writerGuid: "w", sender: probe.Ref)))
            .ToList();

        journal.Tell(new WriteMessages(writes, probe.Ref, 1));

        probe.ExpectMsg<WriteMessagesSuccessful>(Patience);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], Enumerable.Range(0, 5).Select(_ => probe.ExpectMsg<WriteMessageSuccess>(Patience).Persistent.SequenceNr));

        journal.Tell(new ReplayMessages(2, 4, long.MaxValue, "protocol-1", probe.Ref));
        var replayed = Enumerable.Range(0, 3).Select(_ => probe.ExpectMsg<ReplayedMessage>(Patience).Persistent).ToList();
        Assert.Equal([("p2", 2L), ("p3", 3L), ("p4", 4L)], replayed.Select(p => (((TestEvent)p.Payload).Text, p.SequenceNr)));
        Assert.Equal(5, probe.ExpectMsg<RecoverySuccess>(Patience).HighestSequenceNr);

        journal.Tell(new ReplayMessages(1, long.MaxValue, 2, "protocol-1", probe.Ref));
        Assert.Equal([1L, 2L], Enumerable.Range(0, 2).Select(_ => probe.ExpectMsg<ReplayedMessage>(Patience).Persistent.SequenceNr));
        probe.ExpectMsg<RecoverySuccess>(Patience);
    }

    [StoreFact]
    public async Task A_hundred_thousand_events_are_recovered_after_a_restart()
    {
        var (system, probe, actor, _) = await SpawnAsync("big-1");

        actor.Tell(new PersistChunks(100, 1_000));
        Assert.Equal(100_000, probe.ExpectMsg<Done>(TimeSpan.FromSeconds(180)).Count);

        var recovered = (await SpawnAsync("big-1", restart: system, recovery: TimeSpan.FromSeconds(120))).Recovered;
        Assert.Equal(100_000, recovered.LastSequenceNr);
        Assert.Equal(Enumerable.Range(1, 100_000).Select(i => $"e{i}"), recovered.Texts);
    }

    [StoreFact]
    public async Task Tagged_events_are_read_back_by_tag_and_in_global_order_through_persistence_query()
    {
        var system = await Systems.StartAsync();
        var probe = CreateTestProbe(system);
        var blue = system.ActorOf(RecordingActor.Props("tag-blue", probe.Ref));
        var red = system.ActorOf(RecordingActor.Props("tag-red", probe.Ref));
        probe.ReceiveN(2, Patience);
        for (var i = 1; i <= 3; i++)
        {
            blue.Tell(new PersistAllOf([new Akka.Persistence.Journal.Tagged(new TestEvent($"b{i}"), ["colour", "blue"])]));
            probe.ExpectMsg<Persisted>(Patience);
            red.Tell(new PersistAllOf([new Akka.Persistence.Journal.Tagged(new TestEvent($"r{i}"), ["colour"])]));
            probe.ExpectMsg<Persisted>(Patience);
        }

        var queries = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(AkkaPersistenceSetup.QueryPluginId);
        var materializer = system.Materializer();
        var colour = await queries.CurrentEventsByTag("colour", Offset.NoOffset()).RunWith(Sink.Seq<EventEnvelope>(), materializer).WaitAsync(Patience);
        var onlyBlue = await queries.CurrentEventsByTag("blue", Offset.NoOffset()).RunWith(Sink.Seq<EventEnvelope>(), materializer).WaitAsync(Patience);
        var all = await queries.CurrentAllEvents(Offset.NoOffset()).RunWith(Sink.Seq<EventEnvelope>(), materializer).WaitAsync(Patience);

        Assert.Equal(["b1", "r1", "b2", "r2", "b3", "r3"], colour.Select(e => ((TestEvent)e.Event).Text));
        Assert.Equal(["b1", "b2", "b3"], onlyBlue.Select(e => ((TestEvent)e.Event).Text));
        Assert.Equal(colour.Select(e => e.Offset), all.Select(e => e.Offset));
        var offsets = all.Select(e => ((Sequence)e.Offset).Value).ToList();
        Assert.Equal(offsets.Order(), offsets);
    }

    [StoreFact]
    public async Task An_event_without_a_serializer_binding_is_rejected_and_never_stored_as_json()
    {
        var (system, probe, actor, _) = await SpawnAsync("unbound-1");

        actor.Tell(new PersistUnbound("x"));

        Assert.Contains("No serializer is bound", probe.ExpectMsg<PersistRejected>(Patience).Cause.Message, StringComparison.Ordinal);
        actor.Tell(new PersistOne("bound"));
        Assert.Equal("bound", probe.ExpectMsg<Persisted>(Patience).Text);
        Assert.Equal(0L, await Location.CountAsync($"SELECT COUNT(*) FROM {Location.Table("journal")} WHERE identifier <> {TestSerializer.Id}"));
    }

    protected abstract IStoreLocation CreateLocation();

    /// <summary>Starts (or restarts <paramref name="restart"/>) an actor system on the store and one recovered <see cref="RecordingActor"/> on it.</summary>
    protected async Task<Incarnation> SpawnAsync(
        string persistenceId,
        ActorSystem? restart = null,
        Func<PersistenceSettings, PersistenceSettings>? adjust = null,
        TimeSpan? recovery = null)
    {
        var system = restart is null ? await Systems.StartAsync(adjust) : await Systems.RestartAsync(restart);
        var probe = CreateTestProbe(system);
        var actor = system.ActorOf(RecordingActor.Props(persistenceId, probe.Ref));
        return new Incarnation(system, probe, actor, probe.ExpectMsg<Recovered>(recovery ?? Patience));
    }

    /// <summary>Settings under which a held lock fails a write within about a second.</summary>
    protected abstract PersistenceSettings ShortTimeouts(PersistenceSettings settings);

    private static (long, string) Load(IActorRef store, TestProbe probe, SnapshotSelectionCriteria criteria)
    {
        store.Tell(new LoadSnapshot("snaps", criteria, long.MaxValue), probe.Ref);
        var result = probe.ExpectMsg<LoadSnapshotResult>(Patience);
        return result.Snapshot is { } selected ? (selected.Metadata.SequenceNr, ((TestState)selected.Snapshot).Texts) : (0L, string.Empty);
    }

    /// <summary>A recovered persistent actor, its probe and its actor system.</summary>
    protected sealed record Incarnation(ActorSystem System, TestProbe Probe, IActorRef Actor, Recovered Recovered);

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Flatten(e.InnerException);

    private static (string, long) ToTuple(Persisted p) => (p.Text, p.SequenceNr);

    private static (string, long) ToTuple(Recovered r) => (string.Join(',', r.Texts), r.LastSequenceNr);
}
