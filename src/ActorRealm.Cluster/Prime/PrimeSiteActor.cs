using System.Collections.Immutable;
using ActorRealm.Cluster.Membership;
using Akka.Actor;
using Akka.Event;
using AkkaCluster = Akka.Cluster.Cluster;
using ClusterEvent = Akka.Cluster.ClusterEvent;

namespace ActorRealm.Cluster.Prime;

/// <summary>Asks the node's prime site actor to switch the prime site (the guarded, epoch-fenced switch).</summary>
/// <param name="NewSite">The site to make prime.</param>
/// <param name="ConfirmSiteDown">The site the administrator confirms is down.</param>
/// <param name="RequestedBy">Who asks.</param>
internal sealed record SwitchPrime(string NewSite, string ConfirmSiteDown, string RequestedBy);

/// <summary>A prime state learned outside the cluster (from another cluster of the realm, by a probe).</summary>
/// <param name="State">The state.</param>
/// <param name="Source">Who said so, for the log.</param>
internal sealed record ConsiderPrime(PrimeState State, string Source);

/// <summary>
/// Owns the prime state of one node (<c>/system/realm-prime</c>). A newer state, from a member's
/// advert, a switch accepted here or another cluster met by a probe, is stored durably before it is
/// adopted, and the reconciliation is logged at its severity (a superseded prime site loudly, naming
/// both epochs). The node pushes the state it follows to its cluster's members every gossip interval
/// and whenever a member comes up, so a member that missed a switch catches up within one interval.
/// </summary>
internal sealed class PrimeSiteActor : ReceiveActor, IWithTimers
{
    /// <summary>The actor's name under <c>/system</c>.</summary>
    public const string Name = "realm-prime";

    private const string GossipKey = "gossip";
    private const string ServingKey = "serving";
    private readonly RealmSetup _setup;
    private readonly AkkaCluster _cluster;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private int _switches;
    private bool _serving;

    public PrimeSiteActor(RealmSetup setup, AkkaCluster cluster)
    {
        _setup = setup;
        _cluster = cluster;
        Receive<PrimeAdvert>(OnAdvert);
        Receive<PrimeStoreRequest>(OnStoreRequest);
        Receive<ConsiderPrime>(m => Consider(m.State, m.Source));
        Receive<SwitchPrime>(OnSwitch);
        Receive<ClusterEvent.MemberUp>(m => Advertise([m.Member.Address]));
        Receive<ClusterEvent.MemberJoined>(m => Advertise([m.Member.Address]));
        Receive<ClusterEvent.ReachableMember>(m => Advertise([m.Member.Address]));
        Receive<Gossip>(_ => Advertise(LiveMemberAddresses()));
        Receive<QuorumRegained>(_ => RecordServing(serving: true));
        Receive<QuorumLost>(_ => RecordServing(serving: false));
        Receive<StillServing>(_ => RecordServing(_serving));
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private PrimeState Current => _setup.State.Prime;

    private NodeId SelfNode => AkkaClusterView.ToNodeId(_cluster.SelfUniqueAddress);

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberJoined), typeof(ClusterEvent.ReachableMember));
        Timers.StartPeriodicTimer(GossipKey, Gossip.Instance, _setup.Cluster.GossipInterval);
        Context.System.EventStream.Subscribe(Self, typeof(QuorumRegained));
        Context.System.EventStream.Subscribe(Self, typeof(QuorumLost));
        // A switch comes at least min-unreachable after this node was last heard: a record that often
        // tells a node that was down at the switch (its last record is older) from one that served on.
        var every = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, _setup.Cluster.PrimeSwitchMinUnreachable.Ticks / 4));
        Timers.StartPeriodicTimer(ServingKey, StillServing.Instance, every);
    }

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        Context.System.EventStream.Unsubscribe(Self);
    }

    /// <summary>Records, durably, that this node serves now (or served until now, when it stops).</summary>
    private void RecordServing(bool serving)
    {
        var was = _serving;
        _serving = serving;
        if (!serving && !was)
        {
            return;
        }

        try
        {
            _setup.Store.RecordServing(new ServingRecord(Current.Epoch, DateTimeOffset.UtcNow));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Warning("Could not record in {0} that this node serves: {1}", _setup.Store.Location, e.Message);
        }
    }

    private void OnAdvert(PrimeAdvert advert)
    {
        if (!IsMember(advert.From))
        {
            return;
        }

        var order = advert.State.CompareTo(Current);
        if (order > 0)
        {
            Consider(advert.State, $"member {advert.From}");
        }
        else if (order < 0)
        {
            // The sender is behind: answer at once rather than at our next interval.
            Sender.Tell(new PrimeAdvert(SelfNode, Current), Self);
        }
    }

    private void OnStoreRequest(PrimeStoreRequest request)
    {
        if (!IsMember(request.From))
        {
            return;
        }

        var wanted = request.State;
        var error = string.Empty;
        if (wanted.CompareTo(Current) > 0 && !Consider(wanted, $"member {request.From} (prime switch)"))
        {
            error = $"could not store the state in {_setup.Store.Location}";
        }

        if (error.Length == 0 && !_setup.Store.IsDurable)
        {
            error = "this node has no data directory: the state is held in memory only";
        }

        var stored = error.Length == 0 && Current.CompareTo(wanted) >= 0;
        Sender.Tell(new PrimeStoreAck(SelfNode, wanted.SwitchId, stored, Current, error), Self);
    }

    /// <summary>Adopts <paramref name="remote"/> when it is newer, after storing it; false when it could not be stored.</summary>
    private bool Consider(PrimeState remote, string source)
    {
        var local = Current;
        // Serving now counts as serving after any switch; otherwise the record says when it last did.
        var lastServed = _serving ? new ServingRecord(local.Epoch, DateTimeOffset.MaxValue) : _setup.Store.LastServed();
        var reconciliation = PrimeReconciliation.Reconcile(local, remote, lastServed, servedUnknown: !_setup.Store.IsDurable && lastServed is null);
        if (reconciliation.Winner.CompareTo(local) <= 0)
        {
            return true;
        }

        switch (reconciliation.Severity)
        {
            case PrimeReconcileSeverity.Information:
                _log.Info("Prime reconciliation with {0}: {1}", source, reconciliation.Message);
                break;
            case PrimeReconcileSeverity.Warning:
                _log.Warning("Prime reconciliation with {0}: {1} (this node held epoch {2}, the peer epoch {3})", source, reconciliation.Message, local.Epoch, remote.Epoch);
                break;
            case PrimeReconcileSeverity.Critical:
                _log.Error("Prime reconciliation with {0}: {1} (this node held epoch {2}, the peer epoch {3})", source, reconciliation.Message, local.Epoch, remote.Epoch);
                break;
        }

        return Adopt(reconciliation.Winner);
    }

    private bool Adopt(PrimeState state)
    {
        var previous = Current;
        try
        {
            _setup.Store.Save(state);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            _log.Error(e, "Could not store prime state {0} in {1}; not adopting it (this node keeps following {2})", state, _setup.Store.Location, previous);
            return false;
        }

        _setup.State.Prime = state;
        _log.Warning("Prime site is now {0} (epoch {1}, switched by {2} at {3:O}); it was {4} (epoch {5})", state.Site, state.Epoch, state.SwitchedBy, state.SwitchedAt, previous.Site, previous.Epoch);
        Context.System.EventStream.Publish(new PrimeChanged(previous, state));
        Advertise(LiveMemberAddresses());
        return true;
    }

    private void OnSwitch(SwitchPrime command)
    {
        var current = Current;
        var view = _setup.State.View;
        if (view?.SelfMember is not { Status: MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Joining })
        {
            Refuse(PrimeSwitchRefusal.NotAMember, $"Node {_setup.NodeName} ({_setup.Address}) is not a member of the cluster; ask a member of the surviving side.");
            return;
        }

        var request = new PrimeSwitchRequest(command.NewSite, command.ConfirmSiteDown, $"{command.RequestedBy} via {_setup.NodeName} ({_setup.Address})", Guid.NewGuid());
        var result = PrimeSwitchGuard.Evaluate(request, current, _setup.Layout, _setup.State.UnreachableFor(), DateTimeOffset.UtcNow, _setup.Cluster.PrimeSwitchMinUnreachable);
        if (result is PrimeSwitchRefused refused)
        {
            Refuse(refused.Reason, refused.Message);
            return;
        }

        var accepted = (PrimeSwitchAccepted)result;
        if (!Adopt(accepted.State))
        {
            Refuse(PrimeSwitchRefusal.StoreFailed, $"Could not store the new prime state in {_setup.Store.Location}; the switch was not made. See the node's log.");
            return;
        }

        _log.Warning("Prime switch to {0} accepted (epoch {1}, requested by {2}); stored in {3}", accepted.State.Site, accepted.State.Epoch, request.RequestedBy, _setup.Store.Location);
        var targets = view.Members.Where(m => m.Node != view.Self && view.IsReachableHere(m)).Select(m => m.Node).ToImmutableArray();
        var requester = Sender;
        Context.ActorOf(Props.Create(() => new PrimeSwitchCoordinator(_setup, Self, accepted.State, targets, requester)), $"prime-switch-{++_switches}");

        void Refuse(PrimeSwitchRefusal reason, string message)
        {
            _log.Warning("Prime switch refused ({0}): {1}", reason, message);
            Sender.Tell(PrimeSwitchOutcome.Refused(reason, message, current), Self);
        }
    }

    private bool IsMember(NodeId node) => _setup.State.View?.LiveMemberAt(node.Address)?.Node == node;

    private ImmutableArray<Address> LiveMemberAddresses() =>
        [.. _cluster.State.Members
            .Where(m => m.UniqueAddress != _cluster.SelfUniqueAddress && m.Status is Akka.Cluster.MemberStatus.Joining or Akka.Cluster.MemberStatus.Up or Akka.Cluster.MemberStatus.Leaving)
            .Select(m => m.Address)];

    private void Advertise(IEnumerable<Address> targets)
    {
        var advert = new PrimeAdvert(SelfNode, Current);
        foreach (var target in targets.Where(t => t != _cluster.SelfAddress))
        {
            Context.ActorSelection(new RootActorPath(target) / "system" / Name).Tell(advert, Self);
        }
    }

    private sealed class Gossip
    {
        public static readonly Gossip Instance = new();
    }

    private sealed class StillServing
    {
        public static readonly StillServing Instance = new();
    }
}
