using ActorRealm.Actors;
using ActorRealm.Persistence.Actors;

namespace ActorRealm.Persistence.Tests.Actors;

public sealed record Add(int Amount);

public sealed record AddMany(int[] Amounts);

public sealed record AddUnregistered;

public sealed record GetTotal;

public sealed record TakeSnapshot;

public sealed record DeleteUpTo(long SequenceNr);

public sealed record Fail;

public sealed record Added(int Amount);

public sealed record NotRegistered(int Amount);

public sealed record CounterState(long Total);

public sealed record Ack(long SequenceNr, long Total);

/// <summary>What the counter knows: its total and how it got there.</summary>
public sealed record Total(long Value, long LastSequenceNr, int Replayed, long? SnapshotSequenceNr, bool RecoveryCompletedSeen);

/// <summary>A persistent counter used by the persistent actor tests.</summary>
public sealed class CounterActor : PersistentActor
{
    private readonly string _id;
    private long _total;
    private int _replayed;
    private long? _snapshotSequenceNr;
    private bool _recoveryCompleted;
    private IActorRef? _waiting;

    public CounterActor(string id)
    {
        _id = id;
        Recover<SnapshotOffer>(offer =>
        {
            _total = ((CounterState)offer.Snapshot).Total;
            _snapshotSequenceNr = offer.Metadata.SequenceNr;
        });
        Recover<Added>(added =>
        {
            _total += added.Amount;
            _replayed++;
        });
        Recover<RecoveryCompleted>(_ => _recoveryCompleted = true);

        Command<Add>(add => Persist(new Added(add.Amount), Apply));
        Command<AddMany>(many => PersistAll(many.Amounts.Select(a => new Added(a)), Apply));
        Command<AddUnregistered>(_ => Persist(new NotRegistered(1), _ => Sender.Tell("should never run")));
        Command<GetTotal>(_ => Sender.Tell(new Total(_total, LastSequenceNr, _replayed, _snapshotSequenceNr, _recoveryCompleted)));
        Command<TakeSnapshot>(_ =>
        {
            _waiting = Sender;
            SaveSnapshot(new CounterState(_total));
        });
        Command<SaveSnapshotSuccess>(success => _waiting?.Tell(success));
        Command<DeleteUpTo>(delete =>
        {
            _waiting = Sender;
            DeleteMessages(delete.SequenceNr);
        });
        Command<DeleteMessagesSuccess>(success => _waiting?.Tell(success));
        Command<Fail>(_ => throw new InvalidOperationException("command failed on purpose"));
    }

    public override string PersistenceId => _id;

    public static Props PropsFor(string id) => Props.Create(() => new CounterActor(id));

    private void Apply(Added added)
    {
        _total += added.Amount;
        Sender.Tell(new Ack(LastSequenceNr, _total));
    }
}
