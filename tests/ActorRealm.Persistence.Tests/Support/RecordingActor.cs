using Akka.Actor;
using Akka.Persistence;

namespace ActorRealm.Persistence.Tests.Support;

/// <summary>
/// A persistent actor of the tests: persists what it is told, reports every recovery, handler, failure and snapshot
/// reply to a probe. Its state is the texts of its events, in order.
/// </summary>
public sealed class RecordingActor : ReceivePersistentActor
{
    private readonly IActorRef _probe;
    private readonly List<string> _texts = [];
    private long? _snapshotSequenceNr;

    public RecordingActor(string persistenceId, IActorRef probe, Func<string, long, bool>? isStored = null)
    {
        PersistenceId = persistenceId;
        _probe = probe;
        Recover<SnapshotOffer>(offer =>
        {
            _snapshotSequenceNr = offer.Metadata.SequenceNr;
            _texts.AddRange(((TestState)offer.Snapshot).Texts.Split(',', StringSplitOptions.RemoveEmptyEntries));
        });
        Recover<TestEvent>(e => _texts.Add(e.Text));
        Recover<RecoveryCompleted>(_ => _probe.Tell(new Recovered(PersistenceId, [.. _texts], LastSequenceNr, _snapshotSequenceNr)));

        Command<PersistOne>(c => Persist(new TestEvent(c.Text), e => Handled(e.Text, isStored)));
        Command<PersistAllOf>(c => PersistAll(c.Events, e => Handled(Text(e), isStored)));
        Command<PersistSequentially>(c => PersistChain(c.Prefix, 1, c.Count));
        var asyncHandled = 0;
        var asyncInOrder = true;
        Command<PersistAsyncOne>(c => PersistAsync(new TestEvent(c.Text), e =>
        {
            _texts.Add(e.Text);
            asyncInOrder &= e.Text == $"a{++asyncHandled}" && LastSequenceNr == asyncHandled;
            if (asyncHandled == c.Total)
            {
                _probe.Tell(new Done(c.Total, asyncInOrder));
            }
        }));
        Command<PersistChunks>(c => PersistChunk(c, 0));
        Command<PersistUnbound>(c => Persist(new UnboundEvent(c.Text), _ => _probe.Tell("unbound event handled")));
        Command<TakeSnapshot>(_ => SaveSnapshot(new TestState(string.Join(',', _texts))));
        Command<DeleteTo>(c => DeleteMessages(c.SequenceNr));
        Command<SaveSnapshotSuccess>(m => _probe.Tell(m));
        Command<SaveSnapshotFailure>(m => _probe.Tell(m));
        Command<DeleteMessagesSuccess>(m => _probe.Tell(m));
        Command<DeleteMessagesFailure>(m => _probe.Tell(m));
    }

    public override string PersistenceId { get; }

    public static Props Props(string persistenceId, IActorRef probe, Func<string, long, bool>? isStored = null) =>
        Akka.Actor.Props.Create(() => new RecordingActor(persistenceId, probe, isStored));

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _probe.Tell(new PersistFailed(cause, sequenceNr));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _probe.Tell(new PersistRejected(cause, sequenceNr));
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    private static string Text(object e) => e switch
    {
        TestEvent t => t.Text,
        PoisonEvent p => p.Text,
        _ => e.ToString() ?? string.Empty,
    };

    private void Handled(string text, Func<string, long, bool>? isStored)
    {
        _texts.Add(text);
        _probe.Tell(new Persisted(text, LastSequenceNr, isStored?.Invoke(PersistenceId, LastSequenceNr)));
    }

    private void PersistChain(string prefix, int i, int count) => Persist(new TestEvent($"{prefix}{i}"), e =>
    {
        _texts.Add(e.Text);
        if (i == count)
        {
            _probe.Tell(new Done(count, true));
        }
        else
        {
            PersistChain(prefix, i + 1, count);
        }
    });

    private void PersistChunk(PersistChunks c, int chunk)
    {
        var events = Enumerable.Range(chunk * c.Size + 1, c.Size).Select(i => new TestEvent($"e{i}")).ToList();
        var handled = 0;
        PersistAll(events, _ =>
        {
            if (++handled < c.Size)
            {
                return;
            }

            if (chunk + 1 == c.Chunks)
            {
                _probe.Tell(new Done(c.Chunks * c.Size, true));
            }
            else
            {
                PersistChunk(c, chunk + 1);
            }
        });
    }

    public sealed record PersistOne(string Text);

    public sealed record PersistAllOf(IReadOnlyList<object> Events);

    public sealed record PersistSequentially(string Prefix, int Count);

    /// <summary>One of <paramref name="Total"/> commands persisting <c>a1</c>, <c>a2</c>... with PersistAsync; the last handler reports whether all ran in order.</summary>
    public sealed record PersistAsyncOne(string Text, int Total);

    public sealed record PersistChunks(int Chunks, int Size);

    public sealed record PersistUnbound(string Text);

    public sealed record TakeSnapshot;

    public sealed record DeleteTo(long SequenceNr);

    public sealed record Recovered(string PersistenceId, IReadOnlyList<string> Texts, long LastSequenceNr, long? SnapshotSequenceNr);

    public sealed record Persisted(string Text, long SequenceNr, bool? StoredWhenHandled);

    public sealed record Done(int Count, bool InOrder);

    public sealed record PersistFailed(Exception Cause, long SequenceNr);

    public sealed record PersistRejected(Exception Cause, long SequenceNr);
}
