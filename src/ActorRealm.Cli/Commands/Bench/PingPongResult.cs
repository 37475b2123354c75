namespace ActorRealm.Cli.Commands.Bench;

/// <summary>The outcome of one ping-pong run: messages (pings and pongs) per second and round-trip percentiles.</summary>
internal sealed record PingPongResult(long RoundTrips, TimeSpan Elapsed, double P50Micros, double P99Micros)
{
    /// <summary>Messages per second, counting each ping and each pong.</summary>
    public double MessagesPerSecond => RoundTrips * 2 / Elapsed.TotalSeconds;

    public static PingPongResult From(long roundTrips, TimeSpan elapsed, LatencyHistogram histogram) =>
        new(roundTrips, elapsed, histogram.Percentile(0.50), histogram.Percentile(0.99));
}
