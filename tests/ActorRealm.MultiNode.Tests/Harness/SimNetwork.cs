using ActorRealm.Actors.Deterministic;
using ActorRealm.Cluster;
using ActorRealm.Remote;
using ActorRealm.Remote.FaultInjection;
using ActorRealm.Remote.Security;
using ActorRealm.Remote.Transport;
using ActorRealm.Remote.Transport.InMemory;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>The in-memory network of a spec: latency and fault injection, on the simulation's executor and clock.</summary>
internal sealed class SimNetwork(Simulation simulation)
{
    private static readonly JoinSecret Secret = new("multi-node-spec-join-secret");

    public InMemoryNetwork Network { get; } = new(simulation.Time, simulation.Executor.Post, TimeSpan.FromMilliseconds(1));

    public FaultInjector Faults { get; } = new(simulation.Random.Next(), simulation.Time, simulation.Executor.Post);

    public static NodeEndpoint EndpointOf(NodeAddress address) => new(address.Host, address.Port);

    /// <summary>
    /// How long after a heal a link may still be down: frames lost in a blackhole are gone for good
    /// (no TCP retransmission in memory), so a handshake sent during the cut only fails after the
    /// handshake timeout, and the next attempt waits for the back-off.
    /// </summary>
    public static TimeSpan ReconnectBound => TimeSpan.FromSeconds(2) + TimeSpan.FromSeconds(1);

    /// <summary>The remote settings of a node at <paramref name="self"/>: plaintext in memory, quick reconnection.</summary>
    public static RemoteSettings RemoteSettings(NodeAddress self) => new()
    {
        CanonicalHostname = self.Host,
        CanonicalPort = self.Port,
        JoinSecret = Secret,
        Transport = new TransportSettings { Tls = new TlsSettings { Enabled = false }, HandshakeTimeout = TimeSpan.FromSeconds(2) },
        HeartbeatInterval = TimeSpan.FromSeconds(1),
        HeartbeatTimeout = TimeSpan.FromSeconds(5),
        AddressTerminatedAfter = TimeSpan.FromMinutes(10),
        Reconnect = new BackoffSettings { MinBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromSeconds(1) },
    };
}
