using ActorRealm.Actors;

namespace ActorRealm.TestKit;

/// <summary>The messages a probe has received and the test has not yet consumed; waiting blocks with a deadline.</summary>
internal sealed class ProbeQueue
{
    private readonly LinkedList<(object Message, IActorRef? Sender)> _items = new();
    private readonly object _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public void Add(object message, IActorRef? sender)
    {
        lock (_gate)
        {
            _items.AddLast((message, sender));
            Monitor.PulseAll(_gate);
        }
    }

    public bool TryPeek(out (object Message, IActorRef? Sender) item)
    {
        lock (_gate)
        {
            if (_items.First is { } first)
            {
                item = first.Value;
                return true;
            }

            item = default;
            return false;
        }
    }

    public bool TryTake(out (object Message, IActorRef? Sender) item)
    {
        lock (_gate)
        {
            if (_items.First is { } first)
            {
                _items.RemoveFirst();
                item = first.Value;
                return true;
            }

            item = default;
            return false;
        }
    }

    /// <summary>Blocks until a message is queued or the timeout passes (real-time mode).</summary>
    public bool WaitForAny(TimeSpan timeout)
    {
        var end = TimeProvider.System.GetTimestamp() + (long)(timeout.TotalSeconds * TimeProvider.System.TimestampFrequency);
        lock (_gate)
        {
            while (_items.Count == 0)
            {
                var left = TimeProvider.System.GetElapsedTime(TimeProvider.System.GetTimestamp(), end);
                if (left <= TimeSpan.Zero || !Monitor.Wait(_gate, left))
                {
                    return _items.Count > 0;
                }
            }

            return true;
        }
    }
}
