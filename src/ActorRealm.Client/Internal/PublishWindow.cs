namespace ActorRealm.Client.Internal;

/// <summary>One publish the window holds: its producer sequence, channel, bytes and whoever waits for its acknowledgement.</summary>
internal sealed record WindowedPublish<T>(long Seq, string Channel, ReadOnlyMemory<byte> Data, T Waiter)
{
    /// <summary>When it was last sent (a <see cref="TimeProvider"/> timestamp), or null while it waits for a slot.</summary>
    public long? SentAt { get; set; }
}

/// <summary>
/// The client's publishes in producer-sequence order (pure: no actors, no clock of its own). Sequences are given in
/// the order publishes arrive; at most <c>size</c> are in flight, the others wait in order. After a failover the
/// client resends every unacknowledged publish from the lowest, in order, so the new leader stores them in their
/// sequence order and no retry meets a higher sequence already stored (the server would refuse it).
/// </summary>
internal sealed class PublishWindow<T>(int size)
{
    private readonly SortedDictionary<long, WindowedPublish<T>> _inFlight = [];
    private readonly Queue<WindowedPublish<T>> _waiting = new();
    private long _nextSeq = 1;

    /// <summary>Publishes sent and not yet answered for good.</summary>
    public int InFlight => _inFlight.Count;

    /// <summary>Publishes waiting for a slot.</summary>
    public int Waiting => _waiting.Count;

    /// <summary>Takes a publish; it gets the next sequence and waits for a slot (<see cref="TakeSendable"/>).</summary>
    public WindowedPublish<T> Add(string channel, ReadOnlyMemory<byte> data, T waiter)
    {
        var publish = new WindowedPublish<T>(_nextSeq++, channel, data, waiter);
        _waiting.Enqueue(publish);
        return publish;
    }

    /// <summary>Moves waiting publishes into the free slots, in order, marks them sent at <paramref name="now"/> and returns them.</summary>
    public IReadOnlyList<WindowedPublish<T>> TakeSendable(long now)
    {
        var taken = new List<WindowedPublish<T>>();
        while (_inFlight.Count < size && _waiting.TryDequeue(out var next))
        {
            next.SentAt = now;
            _inFlight.Add(next.Seq, next);
            taken.Add(next);
        }

        return taken;
    }

    /// <summary>Every publish in flight, lowest sequence first, marked sent again at <paramref name="now"/>: what a failover resends.</summary>
    public IReadOnlyList<WindowedPublish<T>> ResendAll(long now)
    {
        foreach (var publish in _inFlight.Values)
        {
            publish.SentAt = now;
        }

        return [.. _inFlight.Values];
    }

    /// <summary>Removes the publish with <paramref name="seq"/> from the window (acknowledged, or refused for good); null when it is not in flight (a late duplicate answer).</summary>
    public WindowedPublish<T>? Complete(long seq) => _inFlight.Remove(seq, out var publish) ? publish : null;

    /// <summary>Whether <paramref name="seq"/> is in flight.</summary>
    public bool IsInFlight(long seq) => _inFlight.ContainsKey(seq);

    /// <summary>Whether a publish in flight was sent before <paramref name="deadline"/> and is still unanswered.</summary>
    public bool AnySentBefore(long deadline) => _inFlight.Values.Any(p => p.SentAt < deadline);

    /// <summary>Removes everything (the client stops) and returns it, so its waiters can be told.</summary>
    public IReadOnlyList<WindowedPublish<T>> Clear()
    {
        var all = _inFlight.Values.Concat(_waiting).ToList();
        _inFlight.Clear();
        _waiting.Clear();
        return all;
    }
}
