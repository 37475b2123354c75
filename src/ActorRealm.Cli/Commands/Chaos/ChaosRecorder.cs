using System.Collections.Concurrent;
using System.Diagnostics;

namespace ActorRealm.Cli.Commands.Chaos;

/// <summary>What a chaos run records while it runs, from its publishers, subscribers and status sampler at once.</summary>
internal sealed class ChaosRecorder
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private readonly ConcurrentQueue<AckedPublish> _acked = new();
    private readonly ConcurrentQueue<SubscriberDelivery> _deliveries = new();
    private readonly ConcurrentQueue<StatusSample> _samples = new();
    private readonly ConcurrentQueue<ChannelReadBack> _readBacks = new();
    private readonly ConcurrentQueue<AsyncCutOver> _cutOvers = new();

    /// <summary>Milliseconds since the run started.</summary>
    public long NowMs => (long)Stopwatch.GetElapsedTime(_start).TotalMilliseconds;

    /// <summary>How many publishes were acknowledged so far.</summary>
    public int AckedCount => _acked.Count;

    /// <summary>The acknowledgements so far.</summary>
    public IReadOnlyCollection<AckedPublish> Acked => _acked;

    public void Ack(AckedPublish ack) => _acked.Enqueue(ack);

    public void Delivered(SubscriberDelivery delivery) => _deliveries.Enqueue(delivery);

    public void Sampled(StatusSample sample) => _samples.Enqueue(sample);

    public void ReadBack(ChannelReadBack readBack) => _readBacks.Enqueue(readBack);

    public void CutOver(AsyncCutOver cutOver) => _cutOvers.Enqueue(cutOver);

    /// <summary>The history so far, for the checker.</summary>
    public ChaosHistory History() => new([.. _acked], [.. _deliveries], [.. _readBacks], [.. _samples], [.. _cutOvers]);
}
