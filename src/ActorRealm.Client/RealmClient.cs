using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using ActorRealm.Client.Internal;
using ActorRealm.Contracts;
using ActorRealm.Contracts.Persistence;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Cluster.Tools.Client;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;

namespace ActorRealm.Client;

/// <summary>
/// An application's connection to a realm's persistence cluster: publishes to durable channels (in order, at most
/// <see cref="RealmClientSettings.Window"/> in flight), reads them, and keeps durable subscriptions. It finds the
/// primary leader through the realm servers and follows it when it changes (a new leader after a crash, the other set
/// after a cut-over or migration): requests wait and are resent, and the persistence cluster stores a resent publish
/// once, so the application sees a delay, never an error or a duplicate.
/// <para>
/// <see cref="Start"/> runs the client in an actor system of its own (a plain .NET program);
/// <see cref="Create"/> runs it inside an application's actor system (another Akka.NET system integrating with the
/// realm), which it then leaves running when disposed.
/// </para>
/// </summary>
public sealed class RealmClient : IAsyncDisposable
{
    private readonly IActorRef _actor;
    private readonly ActorSystem? _ownSystem;
    private int _disposed;

    private RealmClient(ActorSystem system, IActorRef actor, RealmClientSettings settings, ActorSystem? ownSystem)
    {
        System = system;
        _actor = actor;
        Settings = settings;
        _ownSystem = ownSystem;
    }

    /// <summary>
    /// The Akka configuration a system needs to host a client (<see cref="Create"/>): the contracts' serializer and
    /// ClusterClient's own protobuf serializers (realm servers refuse Akka's JSON fallback), with ClusterClient
    /// heartbeats tuned for a quick failover of the realm server it talks to. Put it under the system's own configuration.
    /// </summary>
    public static Config AkkaConfig { get; } = ConfigurationFactory.ParseString(
            """
            # Notice a lost realm server in about 3 s, not 13 s (Akka's defaults: 2 s and 13 s).
            akka.cluster.client { heartbeat-interval = 1s, acceptable-heartbeat-pause = 3s }
            """)
        .WithFallback(ConfigurationFactory.ParseString(RealmServices.SerializationHocon))
        .WithFallback(ClusterClientReceptionist.DefaultConfig())
        .WithFallback(DistributedPubSub.DefaultConfig());

    /// <summary>The actor system the client runs in.</summary>
    public ActorSystem System { get; }

    /// <summary>The client's settings.</summary>
    public RealmClientSettings Settings { get; }

    /// <summary>The producer id of this client's publishes.</summary>
    public string ProducerId => Settings.ProducerId;

    /// <summary>Starts a client in an actor system of its own (remoting on a free port, with the settings' TLS identity).</summary>
    /// <exception cref="ArgumentException">A setting is unusable (the message names it).</exception>
    public static RealmClient Start(RealmClientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var tls = settings.Tls is { } files ? TransportSecurity(files) : null;
        var hostname = settings.Hostname is { } host ? $"hostname = \"{host}\"" : string.Empty;
        var config = ConfigurationFactory.ParseString(
                $$"""
                akka.actor.provider = remote
                akka.remote.dot-netty.tcp {
                  {{hostname}}
                  port = 0
                  enable-ssl = {{(tls is null ? "off" : "on")}}
                  # Realm nodes' default (actorrealm.remote.transport.maximum-frame-size): a message up to the size limit fits.
                  maximum-frame-size = 4194304b
                }
                akka.loglevel = WARNING
                akka.stdout-loglevel = WARNING
                """)
            .WithFallback(AkkaConfig);
        var bootstrap = BootstrapSetup.Create().WithConfig(config);
        var system = ActorSystem.Create("actorrealm-client", tls is null ? ActorSystemSetup.Create(bootstrap) : ActorSystemSetup.Create(bootstrap, tls));
        return new RealmClient(system, system.ActorOf(RealmClientActor.Props(settings), "realm-client"), settings, system);
    }

    /// <summary>
    /// Starts a client inside <paramref name="system"/>, which must use remoting (<c>akka.actor.provider = remote</c>
    /// or <c>cluster</c>) with a transport the realm accepts, and <see cref="AkkaConfig"/>. Disposing the client stops
    /// only its actor.
    /// </summary>
    /// <exception cref="ArgumentException">A setting is unusable, or TLS files are given (the system's own transport is used).</exception>
    /// <exception cref="InvalidOperationException">The system lacks remoting or the serializers of <see cref="AkkaConfig"/>.</exception>
    public static RealmClient Create(ActorSystem system, RealmClientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (settings.Tls is not null)
        {
            throw new ArgumentException("TLS files are for a client with a system of its own: inside a given actor system the client uses that system's transport.", nameof(settings));
        }

        if (((ExtendedActorSystem)system).Provider is LocalActorRefProvider)
        {
            throw new InvalidOperationException($"Actor system '{system.Name}' has no remoting: a realm client needs akka.actor.provider = remote (or cluster).");
        }

        if (system.Serialization.FindSerializerForType(typeof(PublishRequest)) is not ContractsSerializer
            || system.Serialization.FindSerializerForType(typeof(ClusterClient.Send)).Identifier is 1 or 2)
        {
            throw new InvalidOperationException($"Actor system '{system.Name}' lacks the realm client's serializers: put RealmClient.AkkaConfig under its configuration (the contracts' serializer and ClusterClient's; realm servers refuse Akka's JSON fallback).");
        }

        var name = $"realm-client-{Guid.NewGuid():N}";
        return new RealmClient(system, system.ActorOf(RealmClientActor.Props(settings), name), settings, null);
    }

    /// <summary>
    /// Publishes <paramref name="data"/> to <paramref name="channel"/> and completes once it is durable. Publishes are
    /// stored in the order this method is called; beyond the window they wait for a slot. Cancelling stops the wait
    /// only: a publish already handed over is still stored (once), in its place.
    /// </summary>
    /// <exception cref="ArgumentException">The channel name breaks the policy (<see cref="ChannelNames.Policy"/>), or the message is larger than <see cref="RealmClientSettings.MaxMessageBytes"/>.</exception>
    /// <exception cref="RealmRequestRefusedException">The persistence cluster refused it for good (for example a lower size limit of its own).</exception>
    public Task<PublishAck> PublishAsync(string channel, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        RealmClientSettings.CheckChannel(channel, nameof(channel));
        if (data.Length > Settings.MaxMessageBytes)
        {
            throw new ArgumentException($"The message has {data.Length} bytes, more than the limit of {Settings.MaxMessageBytes} (RealmClientSettings.MaxMessageBytes; the realm's actorrealm.persistence.max-message-bytes).", nameof(data));
        }

        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var done = new TaskCompletionSource<PublishAck>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The bytes are copied: the caller may reuse its buffer once this returns.
        _actor.Tell(new ClientPublish(channel, data.ToArray(), done));
        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Reads up to <paramref name="maxMessages"/> committed messages of <paramref name="channel"/> from <paramref name="fromOffset"/> at the primary leader.</summary>
    /// <exception cref="ArgumentException">The channel name breaks the policy, or the offset or count is negative.</exception>
    public async Task<ChannelMessages> ReadAsync(string channel, long fromOffset, int maxMessages, CancellationToken cancellationToken = default)
    {
        RealmClientSettings.CheckChannel(channel, nameof(channel));
        ArgumentOutOfRangeException.ThrowIfNegative(fromOffset);
        ArgumentOutOfRangeException.ThrowIfNegative(maxMessages);
        return (ChannelMessages)await CallAsync(id => new ReadChannelRequest(id, channel, fromOffset, maxMessages), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads <paramref name="channel"/> from <paramref name="fromOffset"/> to its end at the primary leader, one page of
    /// up to <paramref name="pageSize"/> messages at a time (every page it yields holds at least one message).
    /// </summary>
    /// <exception cref="ArgumentException">The channel name breaks the policy, or the offset or page size is out of range.</exception>
    public async IAsyncEnumerable<ChannelMessages> ReadToEndAsync(string channel, long fromOffset = 0, int pageSize = 1000, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        for (var offset = fromOffset; ;)
        {
            var page = await ReadAsync(channel, offset, pageSize, cancellationToken).ConfigureAwait(false);
            if (page.Messages.IsEmpty)
            {
                yield break;
            }

            yield return page;
            offset = page.NextOffset;
        }
    }

    /// <summary>
    /// Opens the durable subscription <paramref name="name"/> of <paramref name="channel"/> at its stored position (0
    /// when none was stored). Read from it, then <see cref="DurableSubscription.CommitAsync"/> what was handled: a new
    /// client (after a restart) resumes from the last committed position.
    /// </summary>
    /// <exception cref="ArgumentException">The channel or subscription name breaks the policy.</exception>
    public async Task<DurableSubscription> SubscribeAsync(string channel, string name, CancellationToken cancellationToken = default)
    {
        RealmClientSettings.CheckChannel(channel, nameof(channel));
        if (ChannelNames.Problem(name, "subscription") is { } problem)
        {
            throw new ArgumentException(problem, nameof(name));
        }

        var stored = (SubscriptionPositionAnswer)await CallAsync(id => new ReadSubscriptionPosition(id, channel, name), cancellationToken).ConfigureAwait(false);
        return new DurableSubscription(this, channel, name, stored.Offset);
    }

    /// <summary>Stores a durable subscription's position (the next offset it reads).</summary>
    internal async Task<long> StorePositionAsync(string channel, string name, long offset, CancellationToken cancellationToken) =>
        ((RequestAcknowledged)await CallAsync(id => new StoreSubscriptionPosition(id, channel, name, offset), cancellationToken).ConfigureAwait(false)).Offset;

    /// <summary>Stops the client (requests not yet answered fail with <see cref="ObjectDisposedException"/>) and, when it started its own system, that system.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _actor.GracefulStop(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        if (_ownSystem is not null)
        {
            await _ownSystem.Terminate().ConfigureAwait(false);
        }
    }

    /// <summary>ClusterClient's settings from <paramref name="system"/>'s configuration, or its defaults when the system has none.</summary>
    internal static ClusterClientSettings ClusterClientSettingsFor(ActorSystem system) =>
        system.Settings.Config.HasPath("akka.cluster.client.heartbeat-interval")
            ? ClusterClientSettings.Create(system)
            : ClusterClientSettings.Create(AkkaConfig.GetConfig("akka.cluster.client"));

    private Task<IPersistenceAnswer> CallAsync(Func<long, IRealmContract> make, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var done = new TaskCompletionSource<IPersistenceAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        _actor.Tell(new ClientCall(make, done));
        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// TLS as the realm expects, for an actor system's <c>ActorSystemSetup</c> (with
    /// <c>akka.remote.dot-netty.tcp.enable-ssl = on</c>): the client's certificate for mutual authentication, and peers
    /// trusted only if their certificate chains to the realm's CA. <see cref="Start"/> uses it; an application that
    /// hosts the client in its own system (<see cref="Create"/>) can too.
    /// </summary>
    /// <exception cref="ArgumentException">A file does not exist.</exception>
    public static DotNettySslSetup TransportSecurity(RealmClientTls files)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var (file, what) in new[] { (files.Certificate, "certificate"), (files.PrivateKey, "private key"), (files.CaCertificate, "CA certificate") })
        {
            if (!File.Exists(file))
            {
                throw new ArgumentException($"The TLS {what} file '{file}' does not exist.", nameof(files));
            }
        }

        var certificate = X509Certificate2.CreateFromPemFile(files.Certificate, files.PrivateKey);
        var ca = X509CertificateLoader.LoadCertificateFromFile(files.CaCertificate);
        return new DotNettySslSetup(certificate, suppressValidation: false, requireMutualAuthentication: true, validateCertificateHostname: false, customValidator: (peer, _, _, _, _) => ChainsTo(peer, ca));
    }

    private static bool ChainsTo(X509Certificate2? peer, X509Certificate2 ca)
    {
        if (peer is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(peer) && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span);
    }
}
