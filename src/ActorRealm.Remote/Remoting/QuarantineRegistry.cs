namespace ActorRealm.Remote;

/// <summary>The incarnations this node has quarantined, each remembered for <c>quarantine-duration</c>.</summary>
internal sealed class QuarantineRegistry(TimeProvider time, TimeSpan duration)
{
    private readonly Dictionary<PeerIncarnation, long> _until = [];
    private readonly Lock _lock = new();

    /// <summary>Adds <paramref name="peer"/>; returns false when it was already quarantined.</summary>
    public bool Add(PeerIncarnation peer)
    {
        lock (_lock)
        {
            Expire();
            var fresh = !_until.ContainsKey(peer);
            _until[peer] = time.GetTimestamp() + (long)(duration.TotalSeconds * time.TimestampFrequency);
            return fresh;
        }
    }

    /// <summary>True when <paramref name="peer"/> is quarantined.</summary>
    public bool Contains(PeerIncarnation peer)
    {
        lock (_lock)
        {
            return _until.TryGetValue(peer, out var until) && time.GetTimestamp() < until;
        }
    }

    private void Expire()
    {
        var now = time.GetTimestamp();
        foreach (var expired in _until.Where(e => e.Value <= now).Select(e => e.Key).ToList())
        {
            _until.Remove(expired);
        }
    }
}
