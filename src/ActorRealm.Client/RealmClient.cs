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
using Akka.Event;
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
    private readonly ClientState _state;
    private readonly bool _ownsSystem;
    private volatile ActorSystem _system;
    private volatile IActorRef _actor;
    private volatile string? _ended;
    private int _disposed;
    private int _restarts;
    private long _lastRestart;

    private RealmClient(ActorSystem system, IActorRef actor, RealmClientSettings settings, ClientState state, bool ownsSystem)
    {
        _system = system;
        _actor = actor;
        Settings = settings;
        _state = state;
        _ownsSystem = ownsSystem;
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

    /// <summary>
    /// The actor system the client runs in. A client with a system of its own (<see cref="Start"/>) starts a new one when
    /// Akka shuts it down after a TLS handshake failed on a connection it opened (a server that died mid-handshake;
    /// ADR 0081): unacknowledged publishes and waiting requests carry over, with their producer sequences.
    /// </summary>
    public ActorSystem System => _system;

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
        var state = new ClientState(settings.Window);
        var (system, actor) = StartOwnSystem(settings, state);
        var client = new RealmClient(system, actor, settings, state, ownsSystem: true);
        client.Watch(system);
        return client;
    }

    private static (ActorSystem System, IActorRef Actor) StartOwnSystem(RealmClientSettings settings, ClientState state)
    {
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
        return (system, system.ActorOf(RealmClientActor.Props(settings, state, ownsSystem: true), "realm-client"));
    }

    /// <summary>Starts the client's own system again when Akka shut it down for a failed TLS handshake (ADR 0081).</summary>
    private void Watch(ActorSystem system) =>
        _ = system.WhenTerminated.ContinueWith(_ => Ended(system), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    private void Ended(ActorSystem system)
    {
        var reason = CoordinatedShutdown.Get(system).ShutdownReason;
        if (_disposed != 0)
        {
            FailAllDisposed();
            return;
        }

        if (!AkkaTlsShutdown.Is(reason))
        {
            _ended = $"The realm client's actor system '{system.Name}' shut down ({reason?.ToString() ?? "no reason given"}); start a new client.";
            _state.FailIntake(new InvalidOperationException(_ended));
            return;
        }

        // A peer that fails every handshake (a port taken by something else) would restart it in a loop: back off.
        var now = Environment.TickCount64;
        _restarts = now - _lastRestart > 60_000 ? 1 : _restarts + 1;
        _lastRestart = now;
        var pause = TimeSpan.FromMilliseconds(Math.Min(10_000, 100 * Math.Pow(2, _restarts - 1)));
        _ = Task.Delay(pause).ContinueWith(_ => Restart(reason!), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private void Restart(CoordinatedShutdown.Reason reason)
    {
        if (_disposed != 0)
        {
            FailAllDisposed();
            return;
        }

        // Counted before the new actor owns them.
        var (publishes, calls) = (_state.Window.InFlight + _state.Window.Waiting, _state.Calls.Count);
        var (next, actor) = StartOwnSystem(Settings, _state);
        (_system, _actor) = (next, actor);
        next.Log.Warning(
            "Realm client: Akka shut the client's actor system down after a TLS handshake failed on a connection it opened ({0}); a new one took over {1} unacknowledged publishes and {2} requests",
            reason,
            publishes,
            calls);
        Watch(next);
        actor.Tell(IntakeNudge.Instance);
        if (_disposed != 0)
        {
            _ = DisposeSystemAsync(actor, next);
        }
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
        var state = new ClientState(settings.Window);
        return new RealmClient(system, system.ActorOf(RealmClientActor.Props(settings, state, ownsSystem: false), name), settings, state, ownsSystem: false);
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

        var done = new TaskCompletionSource<PublishAck>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The bytes are copied: the caller may reuse its buffer once this returns.
        Hand(new ClientPublish(channel, data.ToArray(), done));
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

        await DisposeSystemAsync(_actor, _ownsSystem ? _system : null).ConfigureAwait(false);
    }

    /// <summary>Fails what no actor will answer any more: the client was disposed while its system was being replaced.</summary>
    private void FailAllDisposed()
    {
        var disposed = new ObjectDisposedException(nameof(RealmClient), "The realm client was disposed before the request was answered.");
        _state.FailTaken(disposed);
        _state.FailIntake(disposed);
    }

    private async Task DisposeSystemAsync(IActorRef actor, ActorSystem? own)
    {
        try
        {
            await actor.GracefulStop(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TaskCanceledException or AskTimeoutException)
        {
            // A system that is going down stops its actors itself.
        }

        if (own is not null)
        {
            await own.Terminate().ConfigureAwait(false);
        }

        _state.FailIntake(new ObjectDisposedException(nameof(RealmClient), "The realm client was disposed before the request was answered."));
    }

    /// <summary>ClusterClient's settings from <paramref name="system"/>'s configuration, or its defaults when the system has none.</summary>
    internal static ClusterClientSettings ClusterClientSettingsFor(ActorSystem system) =>
        system.Settings.Config.HasPath("akka.cluster.client.heartbeat-interval")
            ? ClusterClientSettings.Create(system)
            : ClusterClientSettings.Create(AkkaConfig.GetConfig("akka.cluster.client"));

    private Task<IPersistenceAnswer> CallAsync(Func<long, IRealmContract> make, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<IPersistenceAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        Hand(new ClientCall(make, done));
        return done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Queues a request for the actor (the current one, or the next if Akka is replacing the system).</summary>
    private void Hand(object request)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_ended is { } ended)
        {
            throw new InvalidOperationException(ended);
        }

        _state.Intake.Enqueue(request);
        _actor.Tell(IntakeNudge.Instance);
        if (_ended is { } endedMeanwhile)
        {
            _state.FailIntake(new InvalidOperationException(endedMeanwhile));
        }
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
