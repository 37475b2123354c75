using System.Diagnostics;
using Akka.Actor;
using Akka.Persistence;
using Akka.Serialization;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>The benchmark's event: opaque payload bytes.</summary>
internal sealed record BenchEvent(byte[] Payload);

/// <summary>Serializes <see cref="BenchEvent"/> as its raw bytes under a stable manifest (no type names stored).</summary>
internal sealed class BenchEventSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const string EventManifest = "bench";

    public override int Identifier => 4702;

    public override byte[] ToBinary(object obj) => ((BenchEvent)obj).Payload;

    public override object FromBinary(byte[] bytes, string manifest) => manifest == EventManifest
        ? new BenchEvent(bytes)
        : throw new System.Runtime.Serialization.SerializationException($"Unknown bench manifest '{manifest}'.");

    public override string Manifest(object o) => EventManifest;
}

/// <summary>
/// One benchmark writer: a persistent actor per persistence id, driving itself as a node's actors do. During a
/// <see cref="Run"/> it persists the next event from the handler of an earlier one, with <c>Persist</c> (one at a
/// time) or <c>PersistAsync</c> (several in flight). Akka runs a handler only once the journal reported the write
/// durable, so each acknowledgement reported is a durable event.
/// </summary>
internal sealed class BenchWriter : ReceivePersistentActor
{
    private readonly Queue<long> _sent = new();
    private Run? _run;
    private long _next;

    public BenchWriter(string persistenceId)
    {
        PersistenceId = persistenceId;
        Recover<BenchEvent>(_ => { });
        Command<Highest>(_ => Sender.Tell(LastSequenceNr));
        Command<Run>(run =>
        {
            _run = run;
            _next = run.FirstSequenceNr;
            do
            {
                PersistNext();
            }
            while (_sent.Count < run.InFlight && Stopwatch.GetTimestamp() < run.Deadline);
        });
    }

    public override string PersistenceId { get; }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        // The actor stops: nothing it still holds will be acknowledged.
        _run?.Done.TrySetException(cause);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _run?.Done.TrySetException(cause);
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    private void PersistNext()
    {
        var run = _run!;
        _sent.Enqueue(Stopwatch.GetTimestamp());
        var expected = _next++;
        Action<BenchEvent> handler = _ => Acknowledged(run, expected);
        if (run.InFlight > 1)
        {
            PersistAsync(new BenchEvent(run.Payload), handler);
        }
        else
        {
            Persist(new BenchEvent(run.Payload), handler);
        }
    }

    private void Acknowledged(Run run, long expected)
    {
        var sent = _sent.Dequeue();
        if (LastSequenceNr != expected)
        {
            run.Done.TrySetException(new InvalidOperationException($"{PersistenceId}: stored as {LastSequenceNr}, expected {expected}."));
            return;
        }

        run.Acknowledged(expected, Stopwatch.GetTimestamp() - sent);
        if (Stopwatch.GetTimestamp() < run.Deadline)
        {
            PersistNext();
        }
        else if (_sent.Count == 0)
        {
            run.Done.TrySetResult(_next);
        }
    }

    /// <summary>Asks for the highest sequence number (answered after recovery).</summary>
    public sealed record Highest
    {
        public static Highest Instance { get; } = new();
    }

    /// <summary>Persist from <paramref name="FirstSequenceNr"/> on until <paramref name="Deadline"/> (a Stopwatch timestamp), <paramref name="InFlight"/> at a time.</summary>
    public sealed record Run(long FirstSequenceNr, byte[] Payload, int InFlight, long Deadline, Action<long, long> Acknowledged, TaskCompletionSource<long> Done);
}
