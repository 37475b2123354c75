using ActorRealm.Actors.Deterministic;
using ActorRealm.Cluster;
using ActorRealm.Remote.FaultInjection;
using ActorRealm.Remote.Security;
using ActorRealm.Remote.Transport;
using ActorRealm.Remote.Transport.InMemory;
using BackoffSettings = ActorRealm.Remote.BackoffSettings;
using RemoteSettings = ActorRealm.Remote.RemoteSettings;
using TlsSettings = ActorRealm.Remote.TlsSettings;
using TransportSettings = ActorRealm.Remote.TransportSettings;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>The in-memory network of a spec: latency, fault injection, remote settings, all on the simulation.</summary>
internal sealed class SimNetwork
{
    private static readonly JoinSecret Secret = new("multi-node-spec-join-secret");

    public SimNetwork(Simulation simulation, Action<string> log)
    {
        LogLine = log;
        Network = new InMemoryNetwork(simulation.Time, simulation.Executor.Post, TimeSpan.FromMilliseconds(1));
        Faults = new FaultInjector(simulation.Random.Next(), simulation.Time, simulation.Executor.Post);
    }

    public InMemoryNetwork Network { get; }

    public FaultInjector Faults { get; }

    private Action<string> LogLine { get; }

    public static NodeEndpoint EndpointOf(NodeAddress address) => new(address.Host, address.Port);

    public static RemoteSettings RemoteSettings(NodeAddress self) => new()
    {
        CanonicalHostname = self.Host,
        CanonicalPort = self.Port,
        JoinSecret = Secret,
        Transport = new TransportSettings { Tls = new TlsSettings { Enabled = false } },
        HeartbeatInterval = TimeSpan.FromSeconds(1),
        HeartbeatTimeout = TimeSpan.FromSeconds(5),
        AddressTerminatedAfter = TimeSpan.FromMinutes(10),
        Reconnect = new BackoffSettings { MinBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromSeconds(1) },
    };

    public void Log(NodeAddress node, string line) => LogLine($"{node}: {line}");
}
