using ActorRealm.Cli.Commands.Bench;
using ActorRealm.Cluster.Admission;
using Akka.Actor;

namespace ActorRealm.Cli.Tests;

[Collection(BenchmarksRunAlone.Name)]
public sealed class RemotePingPongTests
{
    [Theory]
    [InlineData(1, false)]
    [InlineData(100, true)]
    public async Task Akka_remote_ping_pong_completes_round_trips_and_measures_them(int window, bool tls)
    {
        using var ca = ClusterCertificates.CreateCa("bench CA");
        using var node = ClusterCertificates.CreateNode(ca, "bench", ["127.0.0.1"]);
        var context = tls ? new TlsContext(node, ca) : null;

        // Both systems in this process: the command puts the ponger in a second one.
        var pinger = RemotePingPong.CreateSystem("bench", context);
        var ponger = RemotePingPong.CreateSystem("bench", context);
        try
        {
            var path = RemotePingPong.StartPonger(ponger).Path.ToStringWithAddress(((ExtendedActorSystem)ponger).Provider.DefaultAddress);
            var result = await RemotePingPong.RunAsync(pinger, ActorPath.Parse(path), window, payloadBytes: 64, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), CancellationToken.None);

            Assert.True(result.RoundTrips > 0, $"{result.RoundTrips} round trips");
            Assert.InRange(result.P50Micros, 0, result.P99Micros);
            Assert.Equal(tls ? "akka.ssl.tcp" : "akka.tcp", ((ExtendedActorSystem)pinger).Provider.DefaultAddress.Protocol);
        }
        finally
        {
            await Task.WhenAll(pinger.Terminate(), ponger.Terminate());
        }
    }
}
