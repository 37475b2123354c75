using System.Collections.Concurrent;

namespace ActorRealm.Remote;

/// <summary>Lets one log line per key through per interval, so a flood of bad messages cannot flood the log.</summary>
internal sealed class LogThrottle(TimeProvider time, TimeSpan interval)
{
    private readonly ConcurrentDictionary<string, long> _last = new(StringComparer.Ordinal);

    public bool ShouldLog(string key)
    {
        var now = time.GetTimestamp();
        if (_last.TryGetValue(key, out var last) && time.GetElapsedTime(last, now) < interval)
        {
            return false;
        }

        if (_last.Count > 1000)
        {
            _last.Clear();
        }

        _last[key] = now;
        return true;
    }
}
