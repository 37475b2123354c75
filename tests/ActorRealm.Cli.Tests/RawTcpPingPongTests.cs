using ActorRealm.Cli.Commands.Bench;
using ActorRealm.Cluster.Admission;

namespace ActorRealm.Cli.Tests;

[Collection(BenchmarksRunAlone.Name)]
public sealed class RawTcpPingPongTests
{
    [Theory]
    [InlineData(1, false)]
    [InlineData(100, false)]
    [InlineData(100, true)]
    public async Task The_baseline_completes_round_trips_and_measures_them(int window, bool tls)
    {
        using var ca = ClusterCertificates.CreateCa("bench CA");
        using var node = ClusterCertificates.CreateNode(ca, "bench", ["127.0.0.1"]);
        var context = tls ? new TlsContext(node, ca) : null;

        var result = await RawTcpPingPong.RunAsync(window, context, payloadBytes: 64, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), CancellationToken.None);

        Assert.True(result.RoundTrips > 0, $"{result.RoundTrips} round trips");
        Assert.True(result.MessagesPerSecond > 0);
        Assert.InRange(result.P50Micros, 0, result.P99Micros);
    }
}

/// <summary>Benchmark tests run alone, not beside other test classes, so their short timed runs make progress.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BenchmarksRunAlone
{
    public const string Name = "benchmarks (not in parallel)";
}
