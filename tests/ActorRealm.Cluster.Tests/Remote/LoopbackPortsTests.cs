using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ActorRealm.Cluster.Remote;

namespace ActorRealm.Cluster.Tests.Remote;

/// <summary>Ports for realms on loopback: free, and never from the range outgoing connections take theirs from.</summary>
public sealed class LoopbackPortsTests
{
    [Fact]
    public void The_ephemeral_range_is_the_kernels()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        var expected = File.Exists(range)
            ? int.Parse(File.ReadAllText(range).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture)
            : 49_152;
        Assert.Equal(expected, LoopbackPorts.EphemeralLow);
    }

    [Fact]
    public void Taken_ports_are_distinct_free_and_below_the_ephemeral_range()
    {
        var ports = LoopbackPorts.Take(20);
        Assert.Equal(20, ports.Distinct().Count());
        Assert.All(ports, p => Assert.InRange(p, 10_000, LoopbackPorts.EphemeralLow - 1));
        Assert.All(ports, p => Assert.True(LoopbackPorts.IsFree(p), $"port {p} is not free"));
    }

    [Fact]
    public void A_port_something_listens_on_is_not_free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, LoopbackPorts.Take(1)[0]);
        listener.Start();
        Assert.False(LoopbackPorts.IsFree(((IPEndPoint)listener.LocalEndpoint).Port));
    }

    [Fact]
    public void A_block_ends_below_the_ephemeral_range()
    {
        for (var i = 0; i < 1000; i++)
        {
            Assert.InRange(LoopbackPorts.RandomBase(200), 10_000, LoopbackPorts.EphemeralLow - 200);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => LoopbackPorts.RandomBase(0));
        Assert.Throws<InvalidOperationException>(() => LoopbackPorts.RandomBase(LoopbackPorts.EphemeralLow));
    }
}
