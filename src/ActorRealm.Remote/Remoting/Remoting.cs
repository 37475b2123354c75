using System.Collections.Concurrent;
using System.Security.Cryptography;
using ActorRealm.Actors;
using ActorRealm.Remote.Security;
using ActorRealm.Remote.Transport;
using ActorRealm.Remote.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorRealm.Remote;

/// <summary>What a <see cref="Remoting"/> endpoint needs.</summary>
public sealed record RemotingOptions
{
    /// <summary>The realm (actor system) name; every node of the realm uses the same one.</summary>
    public required string Realm { get; init; }

    /// <summary>The settings (<c>actorrealm.remote</c>); must pass <see cref="RemoteSettings.Validate"/>.</summary>
    public required RemoteSettings Settings { get; init; }

    /// <summary>The transport (TCP, in-memory, or wrapped by a fault injector).</summary>
    public required ITransport Transport { get; init; }

    /// <summary>Receives frames and association events.</summary>
    public required IRemotingHandler Handler { get; init; }

    /// <summary>The clock for heartbeats, timeouts and back-off (virtual time in simulations).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Logging.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Source of back-off jitter and, when <see cref="Uid"/> is 0, of the incarnation uid; seed it for reproducible simulations.</summary>
    public Random? Random { get; init; }

    /// <summary>This incarnation's uid; 0 draws a random one.</summary>
    public ulong Uid { get; init; }
}

/// <summary>
/// A node's remoting endpoint: listens for peers, authenticates them with the join-secret handshake,
/// keeps one ordered <see cref="Association"/> per peer address, heartbeats them, and quarantines peer
/// incarnations that restarted or were declared gone.
/// </summary>
public sealed partial class Remoting : ITransportListener, IAsyncDisposable
{
    private readonly ConcurrentDictionary<Address, Association> _associations = new();
    private readonly ConcurrentDictionary<InboundConnection, byte> _inbound = new();
    private readonly ConcurrentDictionary<Address, ulong> _incarnations = new();
    private readonly QuarantineRegistry _quarantine;
    private readonly JoinSecret _secret;
    private readonly Lock _randomLock = new();
    private readonly Random _random;
    private Address? _address;
    private ITimer? _tick;
    private int _stopped;
    private long _inboundSequence;
    private ulong _uid;

    /// <summary>Creates an endpoint; <see cref="StartAsync"/> starts it.</summary>
    public Remoting(RemotingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Settings.Validate(includeTls: false);
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid remote settings: " + string.Join(" ", errors), nameof(options));
        }

        Realm = options.Realm;
        Settings = options.Settings;
        Transport = options.Transport;
        Handler = options.Handler;
        Time = options.Time;
        Logger = options.LoggerFactory.CreateLogger<Remoting>();
        _secret = options.Settings.JoinSecret!;
        _random = options.Random ?? new Random(RandomNumberGenerator.GetInt32(int.MaxValue));
        _uid = options.Uid != 0 ? options.Uid : NewUid(options.Random);
        _quarantine = new QuarantineRegistry(Time, Settings.QuarantineDuration);
    }

    /// <summary>The realm name.</summary>
    public string Realm { get; }

    /// <summary>This incarnation's uid (it changes with <see cref="RenewIncarnation"/>).</summary>
    public ulong Uid => Volatile.Read(ref _uid);

    /// <summary>This node's canonical address (known once started: a canonical port of 0 becomes the bound port).</summary>
    public Address Address => _address ?? throw new InvalidOperationException("Remoting is not started.");

    /// <summary>This node's incarnation.</summary>
    public PeerIncarnation Self => new(Address, Uid);

    /// <summary>The settings.</summary>
    public RemoteSettings Settings { get; }

    internal ITransport Transport { get; }

    internal IRemotingHandler Handler { get; }

    internal TimeProvider Time { get; }

    internal ILogger Logger { get; }

    /// <summary>The delay before reconnection attempt <paramref name="attempt"/>, drawn from the (seedable) generator.</summary>
    internal TimeSpan BackoffDelay(int attempt)
    {
        lock (_randomLock)
        {
            return Settings.Reconnect.Delay(attempt, _random);
        }
    }

    /// <summary>Starts listening and heartbeating.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var bound = await Transport.ListenAsync(Settings.BindEndpoint, this, cancellationToken).ConfigureAwait(false);
        var port = Settings.CanonicalPort == 0 ? bound.Port : Settings.CanonicalPort;
        _address = RemoteAddress.Create(Realm, Settings.CanonicalHostname, port);
        _tick = Time.CreateTimer(static state => ((Remoting)state!).OnTick(), this, Settings.HeartbeatInterval, Settings.HeartbeatInterval);
        RemotingLog.Started(Logger, Address, Uid, bound);
    }

    /// <summary>The association with <paramref name="address"/>, created on first use; cache it to send without a lookup.</summary>
    public Association AssociationWith(Address address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return _associations.GetOrAdd(address, static (a, self) => new Association(self, a), this);
    }

    /// <summary>Queues <paramref name="frame"/> for <paramref name="to"/> without blocking; see <see cref="Association.Send"/>.</summary>
    public SendStatus Send(Address to, Frame frame) => Volatile.Read(ref _stopped) != 0 ? SendStatus.Closed : AssociationWith(to).Send(frame);

    /// <summary>Opens (and keeps re-opening) a connection to <paramref name="address"/> so its liveness is monitored.</summary>
    public void Associate(Address address) => AssociationWith(address).EnsureConnected();

    /// <summary>True when <paramref name="peer"/> is quarantined.</summary>
    public bool IsQuarantined(PeerIncarnation peer) => _quarantine.Contains(peer);

    /// <summary>
    /// Quarantines <paramref name="peer"/>: its connections close, frames queued for it are dropped, it is
    /// refused from now on (it must restart with a new uid), and <see cref="IRemotingHandler.OnIncarnationGone"/> fires.
    /// </summary>
    public void Quarantine(PeerIncarnation peer, string reason)
    {
        if (!_quarantine.Add(peer))
        {
            return;
        }

        RemotingLog.QuarantinedPeer(Logger, peer.Address, peer.Uid, reason);
        _incarnations.TryUpdate(peer.Address, 0, peer.Uid);
        if (_associations.TryGetValue(peer.Address, out var association))
        {
            var dropped = association.OnQuarantined(peer.Uid);
            if (dropped.Count > 0)
            {
                Handler.OnUndelivered(peer.Address, dropped, $"incarnation {peer.Uid} was quarantined");
            }
        }

        foreach (var inbound in _inbound.Keys.Where(i => i.Peer == peer).OrderBy(i => i.Sequence))
        {
            inbound.RefuseQuarantined();
        }

        Handler.OnIncarnationGone(peer, reason);
    }

    /// <summary>
    /// Starts a new incarnation of this node in the same process (the cluster does this when it removed
    /// the node, so that it can rejoin without a restart): a new uid, every connection closed, frames
    /// queued for peers dropped, and a quarantine by a peer forgotten. The next handshakes carry the new
    /// uid, so peers quarantine the old incarnation and accept the new one. Returns the new uid.
    /// </summary>
    /// <exception cref="ObjectDisposedException">Remoting has stopped.</exception>
    public ulong RenewIncarnation()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _stopped) != 0, this);
        ulong uid;
        lock (_randomLock)
        {
            do
            {
                uid = NewUid(_random);
            }
            while (uid == Uid);
        }

        var previous = Interlocked.Exchange(ref _uid, uid);
        RemotingLog.IncarnationRenewed(Logger, Address, previous, uid);
        foreach (var association in _associations.Values.OrderBy(a => a.Address.ToString(), StringComparer.Ordinal))
        {
            var dropped = association.OnOwnIncarnationRenewed();
            if (dropped.Count > 0)
            {
                Handler.OnUndelivered(association.Address, dropped, $"this node started a new incarnation ({uid})");
            }
        }

        foreach (var inbound in _inbound.Keys.OrderBy(i => i.Sequence))
        {
            inbound.Close("this node started a new incarnation");
        }

        return uid;
    }

    /// <summary>Stops: writes what is queued (briefly), closes every connection, stops the transport.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        _tick?.Dispose();
        var closing = new List<Task>();
        foreach (var association in _associations.Values)
        {
            var (connection, pending) = association.Stop();
            if (connection is not null)
            {
                closing.Add(connection.DrainAndCloseAsync(TimeSpan.FromSeconds(2), new CloseReason(CloseKind.Local, "node stopping")));
            }

            if (pending.Count > 0)
            {
                Handler.OnUndelivered(association.Address, pending, "the node stopped before a connection was established");
            }
        }

        await Task.WhenAll(closing).ConfigureAwait(false);
        await Transport.DisposeAsync().ConfigureAwait(false);
        RemotingLog.Stopped(Logger, _address);
    }

    IConnectionHandler ITransportListener.OnAccepted(ITransportConnection connection)
    {
        var inbound = new InboundConnection(this, connection, Interlocked.Increment(ref _inboundSequence));
        _inbound.TryAdd(inbound, 0);
        return inbound;
    }

    internal void Forget(InboundConnection inbound) => _inbound.TryRemove(inbound, out _);

    internal Handshake CreateHandshake(Address to, bool acknowledgement) => HandshakeCheck.Create(Realm, Self, to, _secret, acknowledgement);

    internal PeerIncarnation? ValidateHandshake(Handshake handshake, bool acknowledgement, Address? expectedFrom, out string? error) =>
        HandshakeCheck.Validate(handshake, acknowledgement, Realm, Address, expectedFrom, _secret, out error);

    internal Frame QuarantinedNotice(PeerIncarnation peer)
    {
        var notice = new Quarantined { FromAddress = Address.ToString(), FromUid = Uid, ToAddress = peer.Address.ToString(), ToUid = peer.Uid };
        notice.JoinProof = Google.Protobuf.ByteString.CopyFrom(_secret.Prove(notice));
        return new Frame { Quarantined = notice };
    }

    /// <summary>A handshake proved <paramref name="peer"/>; an earlier incarnation at the same address is quarantined.</summary>
    internal void OnIncarnationSeen(PeerIncarnation peer)
    {
        ulong previous = 0;
        _incarnations.AddOrUpdate(
            peer.Address,
            peer.Uid,
            (_, old) =>
            {
                previous = old;
                return peer.Uid;
            });
        if (previous != 0 && previous != peer.Uid)
        {
            Quarantine(new PeerIncarnation(peer.Address, previous), $"the node restarted as incarnation {peer.Uid}");
        }
    }

    /// <summary>A peer says it quarantined this incarnation; believed only with a valid join-secret proof.</summary>
    internal void OnQuarantinedNotice(Address from, Quarantined notice, ITransportConnection connection)
    {
        if (notice.ToUid != Uid || !string.Equals(notice.FromAddress, from.ToString(), StringComparison.Ordinal) ||
            !string.Equals(notice.ToAddress, Address.ToString(), StringComparison.Ordinal) || !_secret.Verify(notice))
        {
            connection.Close(new CloseReason(CloseKind.ProtocolViolation, "received a quarantine notice that is not valid for this incarnation"));
            return;
        }

        var peer = new PeerIncarnation(from, notice.FromUid);
        RemotingLog.QuarantinedByPeer(Logger, from, Uid);
        connection.Close(new CloseReason(CloseKind.Rejected, "this node was quarantined by the peer"));
        if (_associations.TryGetValue(from, out var association))
        {
            var dropped = association.OnQuarantinedByPeer();
            if (dropped.Count > 0)
            {
                Handler.OnUndelivered(from, dropped, "the peer quarantined this node");
            }
        }

        Handler.OnQuarantinedByPeer(peer);
    }

    private void OnTick()
    {
        // A stable order (not hash order) keeps simulations reproducible.
        var now = Time.GetTimestamp();
        foreach (var association in _associations.Values.OrderBy(a => a.Address.ToString(), StringComparer.Ordinal))
        {
            if (association.Tick(now) is { } silent)
            {
                RemotingLog.Unreachable(Logger, silent.Address, silent.Uid, Settings.AddressTerminatedAfter.TotalSeconds);
                Handler.OnUnreachable(silent, Settings.AddressTerminatedAfter);
            }
        }

        foreach (var inbound in _inbound.Keys.OrderBy(i => i.Sequence))
        {
            inbound.CheckIdle(now);
        }
    }

    private static ulong NewUid(Random? random)
    {
        ulong uid;
        do
        {
            uid = random is null ? BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) : (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
        }
        while (uid == 0);
        return uid;
    }
}
