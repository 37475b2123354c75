using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Event;

namespace ActorRealm.Cluster.Joining;

/// <summary>
/// Finds other clusters of the realm (<c>/system/realm-probe</c>). Every <c>join.max-retry-interval</c>
/// it asks the beacon of each configured node this node does not reach as a live member about its
/// side, and concludes like the beacon does (<see cref="RealmMoves"/>).
/// <para>
/// Probes go out from a small separate actor system (remoting only, an ephemeral port, the node's
/// TLS identity), started while something is absent and stopped once nothing is: two clusters that
/// downed each other have quarantined each other's incarnations, so the node's own system could not
/// reach the other side at all (ADR 0061).
/// </para>
/// </summary>
internal sealed class RealmProbe : ReceiveActor, IWithTimers
{
    /// <summary>The actor's name under <c>/system</c>.</summary>
    public const string Name = "realm-probe";

    private const string RoundKey = "round";
    private const int IdleRoundsBeforeStop = 3;

    private readonly RealmSetup _setup;
    private readonly IActorRef _primeActor;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly StopFlag _stopped = new();
    private ActorSystem? _probeSystem;
    private bool _starting;
    private int _idleRounds;
    private long _lastQuarantineProbe = long.MinValue / 2;

    public RealmProbe(RealmSetup setup, IActorRef primeActor)
    {
        _setup = setup;
        _primeActor = primeActor;
        Receive<Round>(_ => OnRound());
        Receive<Akka.Remote.ThisActorSystemQuarantinedEvent>(OnQuarantined);
        Receive<ProbeSystemStarted>(OnStarted);
        Receive<Answer>(OnAnswer);
        Receive<Akka.Actor.Status.Failure>(f => _log.Debug("Probe failed: {0}", f.Cause.Message));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        var interval = _setup.Cluster.Join.MaxRetryInterval;
        Timers.StartPeriodicTimer(RoundKey, Round.Instance, interval, interval);
        Context.System.EventStream.Subscribe(Self, typeof(Akka.Remote.ThisActorSystemQuarantinedEvent));
    }

    /// <summary>
    /// A peer refuses this incarnation for good (it downed and removed it, or its side did): this node
    /// is very likely no longer in that peer's cluster. Probe now rather than at the next round; the
    /// probe's answer decides, since both sides of a mistaken switch quarantine each other.
    /// </summary>
    private void OnQuarantined(Akka.Remote.ThisActorSystemQuarantinedEvent quarantined)
    {
        // Akka repeats the event at every association attempt: act at most once per half round.
        var now = Environment.TickCount64;
        if (now - _lastQuarantineProbe < (long)(_setup.Cluster.Join.MaxRetryInterval.TotalMilliseconds / 2))
        {
            return;
        }

        _lastQuarantineProbe = now;
        _log.Warning("{0} refuses this incarnation (quarantined); probing the realm now", quarantined.RemoteAddress);
        OnRound();
    }

    protected override void PostStop()
    {
        _stopped.Set();
        _probeSystem?.Terminate();
    }

    private void OnRound()
    {
        if (_setup.State.View is not { } view || _setup.State.IsRejoining)
        {
            return;
        }

        var absent = _setup.Layout.AllMembers
            .Where(a => a != _setup.Address && (view.LiveMemberAt(a) is not { } member || !view.IsReachableHere(member)))
            .ToList();
        if (absent.Count == 0 || view.SelfMember is not { Status: not (MemberStatus.Down or MemberStatus.Removed) })
        {
            if (++_idleRounds >= IdleRoundsBeforeStop && _probeSystem is { } idle)
            {
                _probeSystem = null;
                idle.Terminate();
            }

            return;
        }

        _idleRounds = 0;
        if (_probeSystem is null)
        {
            StartProbeSystem();
            return;
        }

        var own = RealmSides.Describe(_setup.Realm, view, _setup.Cluster.SeedNodes.FirstOrDefault() == _setup.Address);
        var protocol = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.Protocol;
        var timeout = _setup.Cluster.Join.MaxRetryInterval / 2;
        foreach (var target in absent)
        {
            var beacon = new RootActorPath(new Address(protocol, _setup.Realm, target.Host, target.Port)) / "system" / RealmBeacon.Name;
            _probeSystem.ActorSelection(beacon).Ask<ProbeReply>(new ProbeRequest(own), timeout)
                .PipeTo(Self, success: reply => new Answer(reply.Side));
        }
    }

    private void OnAnswer(Answer answer)
    {
        if (_setup.State.View is not { } view || _setup.State.IsRejoining)
        {
            return;
        }

        var own = RealmSides.Describe(_setup.Realm, view, _setup.Cluster.SeedNodes.FirstOrDefault() == _setup.Address);
        RealmMoves.Conclude(_setup, _primeActor, _log, Context.System, own, view, answer.Side);
    }

    private void StartProbeSystem()
    {
        if (_starting)
        {
            return;
        }

        _starting = true;
        var node = Context.System.Settings;
        var config = ConfigurationFactory.ParseString(
            """
            akka.actor.provider = remote
            akka.extensions = []
            akka.remote.dot-netty.tcp.port = 0
            akka.remote.dot-netty.tcp.public-port = 0
            akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
            """).WithFallback(node.Config);
        var setup = BootstrapSetup.Create().WithConfig(config);
        var ssl = node.Setup.Get<Akka.Remote.Transport.DotNetty.DotNettySslSetup>();
        var actorSetup = ssl.HasValue ? ActorSystemSetup.Create(setup, ssl.Value) : ActorSystemSetup.Create(setup);
        foreach (var extra in _setup.ProbeSetups)
        {
            actorSetup = actorSetup.And(extra);
        }
        var name = $"{_setup.Realm}-probe";
        var started = _setup.ProbeSystemStarted;
        var stopped = _stopped;
        Task.Run(
            () =>
            {
                var system = ActorSystem.Create(name, actorSetup);
                started?.Invoke(system);
                if (stopped.IsSet)
                {
                    // This actor stopped while the probe system started: nobody would stop it.
                    system.Terminate();
                }

                return system;
            },
            CancellationToken.None).PipeTo(Self, success: system => new ProbeSystemStarted(system));
    }

    private void OnStarted(ProbeSystemStarted started)
    {
        _starting = false;
        _probeSystem = started.System;
        _log.Info("Probing configured nodes this node does not reach as members, from {0}", ((ExtendedActorSystem)started.System).Provider.DefaultAddress);
        OnRound();
    }

    /// <summary>Set when the actor stops, read by the task that starts the probe system.</summary>
    private sealed class StopFlag
    {
        private volatile bool _set;

        public bool IsSet => _set;

        public void Set() => _set = true;
    }

    private sealed class Round
    {
        public static readonly Round Instance = new();
    }

    private sealed record ProbeSystemStarted(ActorSystem System);

    private sealed record Answer(RealmSide Side);
}
