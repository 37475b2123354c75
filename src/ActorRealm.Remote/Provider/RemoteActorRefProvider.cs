using System.Collections.Concurrent;
using ActorRealm.Actors;
using ActorRealm.Remote.Security;
using ActorRealm.Remote.Serialization;
using ActorRealm.Remote.Transport;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Remote;

/// <summary>
/// The ref provider of a remote-enabled system: wraps the local provider, gives the system its network
/// address, resolves paths on other nodes to <see cref="RemoteActorRef"/>s, and turns frames from peers
/// into local deliveries (senders become remote refs). Installed by <see cref="RemoteActorSystem"/>.
/// </summary>
public sealed partial class RemoteActorRefProvider : IActorRefProvider, IRemotingHandler
{
    private const int CacheLimit = 10_000;

    private readonly LocalActorRefProvider _local;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, IActorRef> _recipients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RemoteActorRef> _remoteRefs = new(StringComparer.Ordinal);
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<ActorPath, string> _wirePaths = new();
    private readonly RemoteWatchRegistry _watches = new();
    private readonly LogThrottle _throttle;

    internal RemoteActorRefProvider(ActorSystem system, LocalActorRefProvider local, RemoteSetup setup)
    {
        System = system;
        _local = local;
        _logger = system.LoggerFactory.CreateLogger<RemoteActorRefProvider>();
        _throttle = new LogThrottle(system.TimeProvider, TimeSpan.FromSeconds(10));
        Settings = setup.Settings ?? RemoteSettings.FromConfig(system.Config.WithFallback(RemoteSettings.Reference()).Resolve());
        var errors = Settings.Validate(includeTls: setup.Transport is null);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Remoting of actor system [{system.Name}] cannot start: {string.Join(" ", errors)}");
        }

        Serializers = new SerializerRegistry();
        Serializers.Json.Options.Converters.Add(new ActorRefJsonConverter(Serializers));
        Serializers.RefResolver = ResolveWirePath;
        setup.Serialization?.Invoke(Serializers);
        var transport = setup.Transport?.Invoke(Settings, system.TimeProvider, system.LoggerFactory)
            ?? new TcpTransport(Settings.Transport, TlsContext.FromSettings(Settings.Transport.Tls, system.TimeProvider), system.TimeProvider, system.LoggerFactory);
        if (setup.FaultInjector is { } faults)
        {
            transport = faults.Wrap(transport, Settings.BindEndpoint);
        }

        Remoting = new Remoting(new RemotingOptions
        {
            Realm = system.Name,
            Settings = Settings,
            Transport = transport,
            Handler = this,
            Time = system.TimeProvider,
            LoggerFactory = system.LoggerFactory,
            Random = new Random(system.Random.Next()),
        });

        // The address is part of every local path, so the listener is bound before the system exists.
        Remoting.StartAsync().GetAwaiter().GetResult();
    }

    /// <summary>The local system.</summary>
    public ActorSystem System { get; }

    /// <inheritdoc/>
    public Address Address => Remoting.Address;

    /// <summary>The remote settings in effect.</summary>
    public RemoteSettings Settings { get; }

    /// <summary>The node's remoting endpoint (associations, quarantine).</summary>
    public Remoting Remoting { get; }

    /// <summary>The serializers and the message types registered with them.</summary>
    public SerializerRegistry Serializers { get; }

    /// <inheritdoc/>
    public IActorRef ResolveActorRef(ActorPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (_local.IsLocalAddress(path.Address) || path.Address.HasLocalScope || path.Address.Protocol != Address.RealmProtocol)
        {
            return _local.ResolveActorRef(path);
        }

        return new RemoteActorRef(this, path, Remoting.AssociationWith(path.Address));
    }

    /// <summary>
    /// Declares the node at <paramref name="address"/> gone (the cluster's downing decision): its current
    /// incarnation is quarantined and local watchers of its actors get Terminated with address-terminated set.
    /// </summary>
    public void DeclareGone(Address address, string reason)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (Remoting.AssociationWith(address).Peer is { } peer)
        {
            Remoting.Quarantine(peer, reason);
        }
        else
        {
            // Never reached: nothing to quarantine, but watchers must still learn it is gone.
            OnIncarnationGone(new PeerIncarnation(address, 0), reason);
        }
    }

    /// <summary>The system is created: deliveries may start; remoting stops once every actor has.</summary>
    internal void Start()
    {
        _started.TrySetResult();
        WhenStopped = System.WhenTerminated.ContinueWith(
            static (_, state) => ((RemoteActorRefProvider)state!).Remoting.DisposeAsync().AsTask(),
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default).Unwrap();
    }

    /// <summary>
    /// Completes when remoting has stopped after the system terminated (queued frames written, connections
    /// closed, the port released): await it after <see cref="ActorSystem.Terminate"/> before rebinding the port.
    /// </summary>
    public Task WhenStopped { get; private set; } = Task.CompletedTask;

    /// <summary>The wire form of a ref's path (cached per path object: senders repeat).</summary>
    private string WirePathOf(IActorRef actor) =>
        actor is RemoteActorRef remote ? remote.WirePath : _wirePaths.GetValue(actor.Path, static p => p.ToSerializationFormat());

    /// <summary>Resolves a path found in a payload: local refs for this node, remote refs for others, null when unparsable.</summary>
    private IActorRef? ResolveWirePath(string path) =>
        ActorPath.TryParse(path, out var parsed) ? ResolveActorRef(parsed) : null;

    private static void Bound<TKey, TValue>(ConcurrentDictionary<TKey, TValue> cache)
        where TKey : notnull
    {
        if (cache.Count > CacheLimit)
        {
            cache.Clear();
        }
    }
}
