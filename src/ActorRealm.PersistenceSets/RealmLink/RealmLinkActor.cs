using ActorRealm.Cluster;
using Akka.Actor;
using Akka.Event;

namespace ActorRealm.PersistenceSets.RealmLink;

/// <summary>
/// A persistence server's link to a realm server of its site (ADR 0071). Tries the set's <c>realm-servers</c> in
/// order until one welcomes it, stays with that one while it lives, and moves to the next when it is lost or refuses.
/// Keeps the <see cref="QuorumLease"/> and tells <c>subscriber</c> a <see cref="QuorumLeaseChanged"/> whenever the
/// answer to "does my side have quorum" changes (a verdict, a lost link, an expired lease). Forwards the server's
/// <see cref="PersistenceStatusReport"/>s to the realm server it is linked to, and passes a realm server's
/// <see cref="PersistenceServerRefused"/> on to <c>subscriber</c> (a configuration mistake to show).
/// </summary>
public sealed class RealmLinkActor : ReceiveActor, IWithTimers
{
    private readonly RealmLinkSettings _settings;
    private readonly IActorRef _subscriber;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeProvider _time;
    private readonly long _started;
    private QuorumLease _lease;
    private bool _announcedQuorum;
    private int _next;
    private IActorRef? _realmServer;
    private PersistenceStatusReport? _lastReport;

    /// <summary>Creates the link; it starts connecting at once.</summary>
    public RealmLinkActor(RealmLinkSettings settings, IActorRef subscriber, TimeProvider? time = null)
    {
        _settings = settings;
        _subscriber = subscriber;
        _time = time ?? TimeProvider.System;
        _started = _time.GetTimestamp();
        _lease = new QuorumLease(settings.Lease);
        Connecting();
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the link.</summary>
    public static Props Props(RealmLinkSettings settings, IActorRef subscriber) =>
        Akka.Actor.Props.Create(() => new RealmLinkActor(settings, subscriber, null));

    /// <inheritdoc />
    protected override void PreStart()
    {
        // The lease is checked a few times per lease period, so an expiry is noticed within a quarter of it.
        Timers.StartPeriodicTimer(LeaseTick.Instance, LeaseTick.Instance, _settings.Lease / 4);
        Self.Tell(TryNext.Instance);
    }

    private TimeSpan Now => _time.GetElapsedTime(_started);

    private void Connecting()
    {
        Receive<TryNext>(_ => Hello());
        Receive<PersistenceServerWelcome>(w => Linked(w));
        Receive<PersistenceServerRefused>(r =>
        {
            _log.Error("Realm server {0} refused this persistence server: {1}", r.RealmServer, r.Reason);
            _subscriber.Tell(r);
            Timers.StartSingleTimer(TryNext.Instance, TryNext.Instance, _settings.RetryInterval);
        });
        Common();
    }

    private void Hello()
    {
        var target = _settings.RealmServers[_next % _settings.RealmServers.Count];
        _next++;
        Context.ActorSelection(_settings.RegistryPath(target)).Tell(_settings.Hello);
        // No answer within the retry interval: the next realm server of the site.
        Timers.StartSingleTimer(TryNext.Instance, TryNext.Instance, _settings.RetryInterval);
    }

    private void Linked(PersistenceServerWelcome welcome)
    {
        Timers.Cancel(TryNext.Instance);
        _realmServer = Sender;
        Context.Watch(Sender);
        _log.Info("This persistence server is a client of realm server {0} ({1})", welcome.RealmServer, Sender.Path.Address);
        if (_lastReport is not null)
        {
            _realmServer.Tell(_lastReport);
        }

        Become(() =>
        {
            Receive<Terminated>(t => t.ActorRef.Equals(_realmServer), _ => Lost());
            Receive<PersistenceServerWelcome>(_ => { });
            Common();
        });
    }

    private void Lost()
    {
        _log.Warning("Lost realm server {0}; trying the realm servers of this site again", _realmServer?.Path.Address);
        _realmServer = null;
        _lease = _lease.Lost();
        Announce();
        Become(Connecting);
        Self.Tell(TryNext.Instance);
    }

    private void Common()
    {
        Receive<RealmQuorumVerdict>(v =>
        {
            // Only the realm server this server is linked to speaks for its side.
            if (_realmServer is not null && Sender.Equals(_realmServer))
            {
                _lease = _lease.Renew(v, Now);
                Announce();
            }
        });
        Receive<PersistenceStatusReport>(r =>
        {
            _lastReport = r;
            _realmServer?.Tell(r);
        });
        Receive<LeaseTick>(_ => Announce());
        // An administrator's command from the realm server: the server answers the asker directly.
        Receive<PersistenceAdminCommand>(c => _subscriber.Forward(c));
        Receive<RealmEpochNotice>(n =>
        {
            if (_realmServer is not null && Sender.Equals(_realmServer))
            {
                _subscriber.Tell(n);
            }
        });
        Receive<GetQuorumLease>(_ => Sender.Tell(new QuorumLeaseChanged(_lease.HasQuorum(Now), _lease.Explain(Now))));
    }

    private void Announce()
    {
        var now = Now;
        var has = _lease.HasQuorum(now);
        if (has != _announcedQuorum)
        {
            _announcedQuorum = has;
            var explanation = _lease.Explain(now);
            if (has)
            {
                _log.Info("Realm quorum for this persistence server: {0}", explanation);
            }
            else
            {
                _log.Warning("No realm quorum for this persistence server: {0}", explanation);
            }

            _subscriber.Tell(new QuorumLeaseChanged(has, explanation));
        }
    }

    private sealed class TryNext
    {
        public static readonly TryNext Instance = new();
    }

    private sealed class LeaseTick
    {
        public static readonly LeaseTick Instance = new();
    }
}

/// <summary>Whether a persistence server's side has quorum now, as its <see cref="RealmLinkActor"/> tells (local only).</summary>
/// <param name="HasQuorum">Whether it may serve as far as the realm is concerned.</param>
/// <param name="Explanation">Why, for logs and status.</param>
public sealed record QuorumLeaseChanged(bool HasQuorum, string Explanation);

/// <summary>Asks a <see cref="RealmLinkActor"/> for its current <see cref="QuorumLeaseChanged"/> answer (local only).</summary>
public sealed record GetQuorumLease
{
    /// <summary>The single instance.</summary>
    public static GetQuorumLease Instance { get; } = new();
}

/// <summary>What a <see cref="RealmLinkActor"/> needs to know.</summary>
/// <param name="Realm">The realm's name (the realm servers' actor system name).</param>
/// <param name="Protocol">The realm servers' transport protocol, <c>akka.tcp</c> or <c>akka.ssl.tcp</c>.</param>
/// <param name="RealmServers">The realm servers to try, in order (the set's <c>realm-servers</c>).</param>
/// <param name="Hello">What this server says it is.</param>
/// <param name="Lease">How long a quorum verdict stays valid; shorter than <c>prime-switch.min-unreachable</c>.</param>
/// <param name="RetryInterval">How long to wait for a realm server's answer before trying the next.</param>
public sealed record RealmLinkSettings(
    string Realm,
    string Protocol,
    IReadOnlyList<NodeAddress> RealmServers,
    PersistenceServerHello Hello,
    TimeSpan Lease,
    TimeSpan RetryInterval)
{
    /// <summary>The registry's path on <paramref name="realmServer"/>.</summary>
    public string RegistryPath(NodeAddress realmServer)
    {
        ArgumentNullException.ThrowIfNull(realmServer);
        return $"{Protocol}://{Realm}@{realmServer.Host}:{realmServer.Port}/user/{PersistenceRegistry.Name}";
    }
}
