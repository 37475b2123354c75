using ActorRealm.Remote.FaultInjection;
using ActorRealm.Remote.Serialization;
using ActorRealm.Remote.Transport;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Remote;

/// <summary>How a remote-enabled actor system is built (see <see cref="RemoteActorSystem"/>).</summary>
public sealed record RemoteSetup
{
    /// <summary>The settings; null reads <c>actorrealm.remote</c> from the system's configuration (with the module defaults).</summary>
    public RemoteSettings? Settings { get; init; }

    /// <summary>
    /// Builds the transport; null builds the TCP transport with TLS from <see cref="RemoteSettings.Transport"/>
    /// (the in-memory transport of a simulation is passed here).
    /// </summary>
    public Func<RemoteSettings, TimeProvider, ILoggerFactory, ITransport>? Transport { get; init; }

    /// <summary>Registers the message types this node sends and accepts (protobuf descriptors, JSON records with manifests).</summary>
    public Action<SerializerRegistry>? Serialization { get; init; }

    /// <summary>Wraps the transport with this injector so tests can blackhole, delay, drop and throttle links.</summary>
    public FaultInjector? FaultInjector { get; init; }
}
