namespace ActorRealm.PersistenceSets.Server;

/// <summary>
/// The client sessions of a persistence server (its status and the <c>actorrealm_persistence_client_sessions</c>
/// metric): client processes, by their transport address, that this server served a request of within
/// <see cref="IdleAfter"/> and whose connection has not closed. A client sent elsewhere (a redirect to the leader, no
/// leader known here) is not a session of this server, so the count shows where the applications are.
/// </summary>
public sealed class ClientSessions
{
    /// <summary>How long a session lasts without a request: longer than a client's usual pause, short enough that a client gone quietly drops out.</summary>
    public static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, TimeSpan> _lastServed = new(StringComparer.Ordinal);

    /// <summary>This server served a request of the client at <paramref name="address"/> at <paramref name="now"/>.</summary>
    public void Served(string address, TimeSpan now) => _lastServed[address] = now;

    /// <summary>The client at <paramref name="address"/> was sent elsewhere: it is not this server's session.</summary>
    public void SentElsewhere(string address) => _lastServed.Remove(address);

    /// <summary>The connection to <paramref name="address"/> closed: its session ends.</summary>
    public void Closed(string address) => _lastServed.Remove(address);

    /// <summary>The sessions at <paramref name="now"/>; idle ones are forgotten.</summary>
    public int Count(TimeSpan now)
    {
        foreach (var (address, served) in _lastServed.ToList())
        {
            if (now - served > IdleAfter)
            {
                _lastServed.Remove(address);
            }
        }

        return _lastServed.Count;
    }
}
