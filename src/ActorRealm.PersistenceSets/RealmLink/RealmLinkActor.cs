using ActorRealm.Cluster;
using Akka.Actor;
using Akka.Event;
using Akka.Remote;

namespace ActorRealm.PersistenceSets.RealmLink;

/// <summary>
/// A persistence server's link to a realm server of its site (ADR 0071). Tries the set's <c>realm-servers</c> in
/// order until one welcomes it, stays with that one while it speaks, and moves to the next when it is lost or refuses.
/// Keeps the <see cref="QuorumLease"/> and tells <c>subscriber</c> a <see cref="QuorumLeaseChanged"/> whenever the
/// answer to "does my side have quorum" changes (a verdict, a lost link, an expired lease). Forwards the server's
/// <see cref="PersistenceStatusReport"/>s to the realm server it is linked to, and passes a realm server's
/// <see cref="PersistenceServerRefused"/> on to <c>subscriber</c> (a configuration mistake to show).
/// </summary>
/// <remarks>
/// The realm server is lost when its connection closes or when it has been silent for <c>lost-after</c> (it pushes a
/// verdict every <c>push-interval</c>); after two silent push intervals the link says hello again, which a realm
/// server that forgot it answers with a welcome. Not Akka's remote death watch: its failure detector quarantines the
/// address of a process paused longer than its budget, for good, and the link would never speak to it again (ADR 0080).
/// </remarks>
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
    private TimeSpan _heardAt;
    private PersistenceStatusReport? _lastReport;
    private readonly QuorumLeaseView? _view;
    private readonly Func<TimeSpan> _clock;

    /// <summary>Creates the link; it starts connecting at once.</summary>
    public RealmLinkActor(RealmLinkSettings settings, IActorRef subscriber, TimeProvider? time = null, QuorumLeaseView? view = null)
    {
        _settings = settings;
        _subscriber = subscriber;
        _view = view;
        _clock = () => Now;
        _time = time ?? TimeProvider.System;
        _started = _time.GetTimestamp();
        _lease = new QuorumLease(settings.Lease);
        Connecting();
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the link.</summary>
    public static Props Props(RealmLinkSettings settings, IActorRef subscriber) =>
        Akka.Actor.Props.Create(() => new RealmLinkActor(settings, subscriber, null, null));

    /// <summary>Props for the link that also publishes its lease to <paramref name="view"/>.</summary>
    public static Props Props(RealmLinkSettings settings, IActorRef subscriber, QuorumLeaseView view) =>
        Akka.Actor.Props.Create(() => new RealmLinkActor(settings, subscriber, null, view));

    /// <inheritdoc />
    protected override void PreStart()
    {
        // The lease is checked a few times per lease period, so an expiry is noticed within a quarter of it; the
        // realm server's silence at least every push interval.
        var tick = _settings.Lease / 4 < _settings.PushInterval ? _settings.Lease / 4 : _settings.PushInterval;
        Timers.StartPeriodicTimer(LeaseTick.Instance, LeaseTick.Instance, tick);
        Context.System.EventStream.Subscribe(Self, typeof(DisassociatedEvent));
        Self.Tell(TryNext.Instance);
    }

    /// <inheritdoc />
    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self, typeof(DisassociatedEvent));

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
        _heardAt = Now;
        _log.Info("This persistence server is a client of realm server {0} ({1})", welcome.RealmServer, Sender.Path.Address);
        if (_lastReport is not null)
        {
            _realmServer.Tell(_lastReport);
        }

        var server = Sender;
        Become(() =>
        {
            Receive<DisassociatedEvent>(d => d.RemoteAddress.Equals(server.Path.Address), _ => Lost("its connection closed", keepLease: false));
            Receive<PersistenceServerWelcome>(_ =>
            {
                // A welcome again answers a hello after silence: the realm server had forgotten this one, and knows it again.
                if (Sender.Equals(server))
                {
                    _heardAt = Now;
                }
            });
            Receive<LeaseTick>(_ =>
            {
                Announce();
                CheckSilence();
            });
            Common();
        });
    }

    private void CheckSilence()
    {
        var silent = Now - _heardAt;
        if (silent >= _settings.LostAfter)
        {
            // The lease still runs its course: it alone decides quorum, and a silent realm server may still be serving.
            Lost($"silent for {silent.TotalSeconds:0.0} s", keepLease: true);
        }
        else if (silent >= _settings.PushInterval * 2)
        {
            _realmServer!.Tell(_settings.Hello);
        }
    }

    private void Lost(string why, bool keepLease)
    {
        _log.Warning("Lost realm server {0} ({1}); trying the realm servers of this site again", _realmServer?.Path.Address, why);
        _realmServer = null;
        if (!keepLease)
        {
            _lease = _lease.Lost();
        }

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
                _heardAt = Now;
                _lease = _lease.Renew(v, Now);
                // Every verdict is passed on, not only a change: the server may have ended its quorum itself when it saw
                // the lease expire (QuorumLeaseView) before this link's check did.
                Announce(always: true);
            }
        });
        Receive<PersistenceStatusReport>(r =>
        {
            _lastReport = r;
            _realmServer?.Tell(r);
        });
        Receive<LeaseTick>(_ => Announce());
        Receive<DisassociatedEvent>(_ => { });
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

    private void Announce(bool always = false)
    {
        var now = Now;
        _view?.Publish(_lease, _clock);
        var has = _lease.HasQuorum(now);
        if (always && has == _announcedQuorum)
        {
            _subscriber.Tell(new QuorumLeaseChanged(has, _lease.Explain(now)));
        }
        else if (has != _announcedQuorum)
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
/// <param name="PushInterval">How often the realm server speaks (a verdict); two silent intervals bring a hello again.</param>
/// <param name="LostAfter">How long the realm server may stay silent before the link looks for another.</param>
public sealed record RealmLinkSettings(
    string Realm,
    string Protocol,
    IReadOnlyList<NodeAddress> RealmServers,
    PersistenceServerHello Hello,
    TimeSpan Lease,
    TimeSpan RetryInterval,
    TimeSpan PushInterval,
    TimeSpan LostAfter)
{
    /// <summary>The registry's path on <paramref name="realmServer"/>.</summary>
    public string RegistryPath(NodeAddress realmServer)
    {
        ArgumentNullException.ThrowIfNull(realmServer);
        return $"{Protocol}://{Realm}@{realmServer.Host}:{realmServer.Port}/user/{PersistenceRegistry.Name}";
    }
}
