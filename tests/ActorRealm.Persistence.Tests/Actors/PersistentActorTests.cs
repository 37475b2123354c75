using System.Text;
using ActorRealm.Actors;
using ActorRealm.Hocon;
using ActorRealm.Persistence.Actors;
using ActorRealm.Persistence.Journal;
using ActorRealm.Persistence.Tests.Support;
using ActorRealm.TestKit;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Persistence.Tests.Actors;

public sealed class PersistentActorTests : TestKitBase
{
    /// <summary>Expectations wait this long: opening a store and recovering do real I/O on a shared, loaded machine.</summary>
    internal static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _directory;
    private readonly CollectingLoggerFactory _log;

    public PersistentActorTests()
        : this(new TempDirectory(), new CollectingLoggerFactory())
    {
    }

    private PersistentActorTests(TempDirectory directory, CollectingLoggerFactory log)
        : base(ConfigFactory.ParseString($"actorrealm.persistence.sqlite.data-dir = \"{directory.Path}\""), loggerFactory: log, defaultTimeout: StoreTimeout)
    {
        _directory = directory;
        _log = log;
        Persistence.Actors.Persistence.Get(Sys).Serializer.Register<Added>("added.v1").Register<CounterState>("counter-state.v1");
    }

    private PersistenceStore Store => Await(Persistence.Actors.Persistence.Get(Sys).StoreAsync());

    [Fact]
    public void Persisted_events_are_replayed_when_the_actor_starts_again()
    {
        var counter = Sys.ActorOf(CounterActor.PropsFor("counter"));
        foreach (var amount in new[] { 1, 2, 3 })
        {
            counter.Tell(new Add(amount), TestActor);
        }

        Assert.Equal([1L, 2L, 3L], TestActor.ReceiveN(3).Cast<Ack>().Select(a => a.SequenceNr));
        StopAndWait(counter);

        var restarted = Sys.ActorOf(CounterActor.PropsFor("counter"));
        restarted.Tell(new GetTotal(), TestActor);

        Assert.Equal(new Total(6, 3, 3, null, true), ExpectMsg<Total>());
    }

    [Fact]
    public void An_event_handler_runs_only_after_the_write_is_durable()
    {
        var counter = StartRecovered("counter");
        var gate = WriterGate.Install(Store);

        counter.Tell(new Add(5), TestActor);
        Await(gate.EnteredAsync());

        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Equal(0, Await(Store.Journal.HighestSequenceNrAsync("counter")));
        gate.Release();
        Assert.Equal(new Ack(1, 5), ExpectMsg<Ack>());
        Assert.Equal(1, Await(Store.Journal.HighestSequenceNrAsync("counter")));
    }

    [Fact]
    public void Commands_arriving_during_a_persist_wait_and_are_handled_in_order_after_it()
    {
        var counter = StartRecovered("counter");
        var gate = WriterGate.Install(Store);

        counter.Tell(new Add(1), TestActor);
        Await(gate.EnteredAsync());
        counter.Tell(new GetTotal(), TestActor);
        counter.Tell(new Add(2), TestActor);
        counter.Tell(new GetTotal(), TestActor);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        gate.Release();

        Assert.Equal(new Ack(1, 1), ExpectMsg<Ack>());
        Assert.Equal(1, ExpectMsg<Total>().Value);
        Assert.Equal(new Ack(2, 3), ExpectMsg<Ack>());
        Assert.Equal(3, ExpectMsg<Total>().Value);
    }

    [Fact]
    public void Messages_sent_before_recovery_ends_are_stashed_and_handled_after_it_in_order()
    {
        WriteAddedEvents("counter", 2_000);

        var counter = Sys.ActorOf(CounterActor.PropsFor("counter"));
        counter.Tell(new GetTotal(), TestActor);
        counter.Tell(new Add(10), TestActor);
        counter.Tell(new GetTotal(), TestActor);

        Assert.Equal(new Total(2_000, 2_000, 2_000, null, true), ExpectMsg<Total>());
        Assert.Equal(new Ack(2_001, 2_010), ExpectMsg<Ack>());
        Assert.Equal(2_010, ExpectMsg<Total>().Value);
    }

    [Fact]
    public void One_hundred_thousand_events_are_recovered_through_the_persistent_actor()
    {
        WriteAddedEvents("big", 100_000);

        var counter = Sys.ActorOf(CounterActor.PropsFor("big"));
        counter.Tell(new GetTotal(), TestActor);

        Assert.Equal(new Total(100_000, 100_000, 100_000, null, true), ExpectMsg<Total>(TimeSpan.FromSeconds(120)));
        counter.Tell(new Add(1), TestActor);
        Assert.Equal(100_001, ExpectMsg<Ack>().SequenceNr);
    }

    [Fact]
    public void Recovery_starts_from_the_latest_snapshot_and_replays_only_later_events()
    {
        var counter = Sys.ActorOf(CounterActor.PropsFor("counter"));
        counter.Tell(new AddMany(Enumerable.Range(1, 10).ToArray()), TestActor);
        TestActor.ReceiveN(10);
        counter.Tell(new TakeSnapshot(), TestActor);
        Assert.Equal(10, ExpectMsg<SaveSnapshotSuccess>().Metadata.SequenceNr);
        counter.Tell(new Add(100), TestActor);
        ExpectMsg<Ack>();
        StopAndWait(counter);

        var restarted = Sys.ActorOf(CounterActor.PropsFor("counter"));
        restarted.Tell(new GetTotal(), TestActor);

        Assert.Equal(new Total(155, 11, 1, 10, true), ExpectMsg<Total>());
    }

    [Fact]
    public void PersistAll_writes_atomically_and_runs_the_handlers_in_order_after_the_write()
    {
        var counter = StartRecovered("counter");
        var appendsBefore = Store.Journal.Counters.Appends;

        counter.Tell(new AddMany([1, 2, 3]), TestActor);

        Assert.Equal([new Ack(1, 1), new Ack(2, 3), new Ack(3, 6)], TestActor.ReceiveN(3).Cast<Ack>());
        Assert.Equal(appendsBefore + 1, Store.Journal.Counters.Appends);
    }

    [Fact]
    public void A_journal_failure_stops_the_actor_logs_the_error_and_acknowledges_nothing()
    {
        var counter = Sys.ActorOf(CounterActor.PropsFor("counter"));
        counter.Tell(new Add(1), TestActor);
        ExpectMsg<Ack>();
        Store.Executor!.BeforeCommit = _ => throw new IOException("injected: disk unplugged");
        TestActor.Watch(counter);

        counter.Tell(new Add(2), TestActor);

        Assert.Equal(counter, ExpectMsg<Terminated>().ActorRef);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Store.Executor.BeforeCommit = null;
        Assert.Equal(1, Await(Store.Journal.HighestSequenceNrAsync("counter")));
        var error = Assert.Single(_log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("Persisting event 2 (Added) of counter failed", StringComparison.Ordinal));
        Assert.Contains("injected: disk unplugged", error.Exception!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Recovery_refuses_a_manifest_that_is_not_registered_and_stops_the_actor()
    {
        Await(Store.Journal.AppendAsync("counter", 1, [new EventData(Encoding.UTF8.GetBytes("{}"), "System.IO.FileInfo")]));
        var counter = Sys.ActorOf(CounterActor.PropsFor("counter"));
        TestActor.Watch(counter);

        ExpectMsg<Terminated>();

        var error = Assert.Single(_log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("Recovery of counter failed", StringComparison.Ordinal));
        Assert.Contains("Manifest 'System.IO.FileInfo' is not registered", error.Exception!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Persisting_an_unregistered_type_fails_the_command_and_writes_nothing()
    {
        var counter = Sys.ActorOf(CounterActor.PropsFor("counter"));
        counter.Tell(new Add(1), TestActor);
        ExpectMsg<Ack>();

        counter.Tell(new AddUnregistered(), TestActor);
        counter.Tell(new GetTotal(), TestActor);

        // The failing command restarts the actor (default supervision), which recovers the one event.
        Assert.Equal(new Total(1, 1, 1, null, true), ExpectMsg<Total>());
        Assert.Equal(1, Await(Store.Journal.HighestSequenceNrAsync("counter")));
    }

    [Fact]
    public void A_restart_after_a_failing_command_recovers_the_state_again()
    {
        var counter = Sys.ActorOf(CounterActor.PropsFor("counter"));
        counter.Tell(new Add(1), TestActor);
        counter.Tell(new Add(2), TestActor);
        TestActor.ReceiveN(2);

        counter.Tell(new Fail(), TestActor);
        counter.Tell(new GetTotal(), TestActor);

        Assert.Equal(new Total(3, 2, 2, null, true), ExpectMsg<Total>());
    }

    [Fact]
    public void Deleted_events_are_not_replayed_but_their_sequence_numbers_are_never_reused()
    {
        var counter = Sys.ActorOf(CounterActor.PropsFor("counter"));
        counter.Tell(new AddMany([1, 2, 3]), TestActor);
        TestActor.ReceiveN(3);
        counter.Tell(new DeleteUpTo(2), TestActor);
        Assert.Equal(2, ExpectMsg<DeleteMessagesSuccess>().ToSequenceNr);
        StopAndWait(counter);

        var restarted = Sys.ActorOf(CounterActor.PropsFor("counter"));
        restarted.Tell(new GetTotal(), TestActor);
        Assert.Equal(new Total(3, 3, 1, null, true), ExpectMsg<Total>());
        restarted.Tell(new Add(4), TestActor);
        Assert.Equal(new Ack(4, 7), ExpectMsg<Ack>());
    }

    [Fact]
    public void The_store_is_closed_by_coordinated_shutdown_when_the_system_terminates()
    {
        var store = Store;

        Await(Sys.Terminate());
        Await(Persistence.Actors.Persistence.Get(Sys).Closed);

        Assert.Throws<ObjectDisposedException>(() => Await(store.Journal.AppendAsync("late", 1, [new EventData([1], "m")])));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Sys.CoordinatedShutdown.Run(CoordinatedShutdownReason.ActorSystemTerminate).Wait(TimeSpan.FromSeconds(30));
            _directory.Dispose();
            _log.Dispose();
        }
    }

    /// <summary>Starts a counter and waits until it has recovered.</summary>
    private IActorRef StartRecovered(string persistenceId)
    {
        var counter = Sys.ActorOf(CounterActor.PropsFor(persistenceId));
        counter.Tell(new GetTotal(), TestActor);
        Assert.True(ExpectMsg<Total>().RecoveryCompletedSeen);
        return counter;
    }

    private void StopAndWait(IActorRef actor)
    {
        var probe = CreateTestProbe();
        probe.Watch(actor);
        Sys.Stop(actor);
        probe.ExpectTerminated(actor);
    }

    private void WriteAddedEvents(string persistenceId, int count)
    {
        var serializer = Persistence.Actors.Persistence.Get(Sys).Serializer;
        var added = serializer.Serialize(new Added(1));
        for (var first = 1; first <= count; first += 1_000)
        {
            var size = Math.Min(1_000, count - first + 1);
            Await(Store.Journal.AppendAsync(persistenceId, first, Enumerable.Repeat(new EventData(added.Payload, added.Manifest), size).ToList()));
        }
    }
}
