using ActorRealm.Actors.Deterministic;
using ActorRealm.Remote.Tests.Support;
using ActorRealm.Remote.Transport;
using ActorRealm.Remote.Transport.InMemory;

namespace ActorRealm.Remote.Tests;

public sealed class BackoffTests
{
    private static readonly BackoffSettings Settings = new()
    {
        MinBackoff = TimeSpan.FromMilliseconds(100),
        MaxBackoff = TimeSpan.FromSeconds(10),
        Jitter = 0.2,
    };

    [Fact]
    public void Doubles_from_the_minimum_up_to_the_cap_within_the_jitter_band()
    {
        var random = new Random(7);
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var expected = Math.Min(10_000, 100 * Math.Pow(2, attempt));
            var delay = Settings.Delay(attempt, random).TotalMilliseconds;
            Assert.InRange(delay, expected * 0.8 - 0.001, expected * 1.2 + 0.001);
        }
    }

    [Fact]
    public void Jitter_spreads_delays_of_the_same_attempt()
    {
        var random = new Random(1);
        var delays = Enumerable.Range(0, 50).Select(_ => Settings.Delay(3, random)).Distinct().Count();
        Assert.True(delays > 40, $"only {delays} distinct delays");
    }

    [Fact]
    public void Without_jitter_the_delay_is_exact()
    {
        var exact = Settings with { Jitter = 0 };
        Assert.Equal(TimeSpan.FromMilliseconds(400), exact.Delay(2, new Random(3)));
    }

    [Fact]
    public void Settings_validation_names_the_bad_keys()
    {
        var errors = new RemoteSettings { Reconnect = Settings with { MaxBackoff = TimeSpan.FromMilliseconds(1) } }.Validate();
        Assert.Contains(errors, e => e.Contains("min-backoff", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("join-secret", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("transport.tls", StringComparison.Ordinal));
    }

    /// <summary>The association really waits out the back-off between attempts (virtual time on the in-memory network).</summary>
    [Fact]
    public void An_association_retries_a_missing_peer_with_doubling_delays_up_to_the_cap_and_starts_over_once_connected()
    {
        using var sim = new Simulation(seed: 1);
        var network = new InMemoryNetwork(sim.Time, sim.Executor.Post, TimeSpan.FromMilliseconds(1));
        var attempts = new List<TimeSpan>();
        var a = SimNode.Start(
            network,
            1,
            seed: 1,
            adjust: s => s with { Reconnect = new BackoffSettings { MinBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromSeconds(1), Jitter = 0 } },
            wrap: t => new ConnectRecorder(t, () => attempts.Add(sim.Time.Elapsed)));
        var bAddress = RemoteAddress.Create(TestNode.Realm, "sim", 2);

        a.Remoting.Send(bAddress, Frames.Envelope("waiting", 0));
        sim.RunFor(TimeSpan.FromSeconds(5.5));

        // Each failed connect takes the network latency (1 ms), then the back-off: 100, 200, 400, 800, then 1000 (the cap).
        Assert.Equal([101, 201, 401, 801, 1001], Gaps(attempts).Take(5));
        Assert.True(attempts.Count >= 8, $"only {attempts.Count} attempts");
        Assert.All(Gaps(attempts).Skip(4), g => Assert.Equal(1001, g));

        var b = SimNode.Start(network, 2, seed: 2);
        Assert.True(sim.RunUntil(() => b.Handler.EnvelopeCount == 1, TimeSpan.FromSeconds(2)), a.Logs.Dump());

        // After a connection was established the attempts count from the start again.
        var before = attempts.Count;
        var stop = b.Remoting.DisposeAsync();
        Assert.True(sim.RunUntil(() => stop.IsCompleted && !a.Remoting.AssociationWith(bAddress).IsEstablished, TimeSpan.FromSeconds(5)));
        var lostAt = sim.Time.Elapsed;
        a.Remoting.Send(bAddress, Frames.Envelope("waiting", 1));
        sim.RunFor(TimeSpan.FromSeconds(2));
        var again = attempts.Skip(before).ToList();
        Assert.InRange((again[0] - lostAt).TotalMilliseconds, 0, 101);
        Assert.Equal([201, 401, 801], Gaps(again).Take(3));
    }

    private static IEnumerable<double> Gaps(List<TimeSpan> times) => times.Zip(times.Skip(1), (x, y) => Math.Round((y - x).TotalMilliseconds));

    /// <summary>Notes each connection attempt.</summary>
    private sealed class ConnectRecorder(ITransport inner, Action onConnect) : ITransport
    {
        public Task<NodeEndpoint> ListenAsync(NodeEndpoint bind, ITransportListener listener, CancellationToken cancellationToken) => inner.ListenAsync(bind, listener, cancellationToken);

        public void Connect(NodeEndpoint remote, IConnectionHandler handler)
        {
            onConnect();
            inner.Connect(remote, handler);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
