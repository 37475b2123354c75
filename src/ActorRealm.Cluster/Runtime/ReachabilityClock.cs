using System.Collections.Concurrent;

namespace ActorRealm.Cluster.Runtime;

/// <summary>
/// When this node last heard from each configured address (a heartbeat answer), on the node's
/// monotonic clock, for the prime switch guard's "unreachable for at least" check. It outlives
/// rejoins; addresses never heard from count from when the node started.
/// </summary>
internal sealed class ReachabilityClock(TimeProvider time)
{
    private readonly ConcurrentDictionary<NodeAddress, long> _lastHeard = new();
    private readonly long _started = time.GetTimestamp();

    /// <summary>Records that <paramref name="address"/> answered now.</summary>
    public void Heard(NodeAddress address) => _lastHeard[address] = time.GetTimestamp();

    /// <summary>How long since <paramref name="address"/> was last heard from (or since the node started).</summary>
    public TimeSpan SilentFor(NodeAddress address) =>
        time.GetElapsedTime(_lastHeard.TryGetValue(address, out var last) ? last : _started);
}
