using System.Collections.Immutable;
using System.Diagnostics;
using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Quorum;
using ActorRealm.Cluster.Status;
using Akka.Actor;
using Akka.Event;
using AkkaCluster = Akka.Cluster.Cluster;
using ClusterEvent = Akka.Cluster.ClusterEvent;

namespace ActorRealm.Cluster.Downing;

/// <summary>
/// The thin shell around <see cref="SiteQuorumDowningStrategy"/>: on every membership, reachability,
/// leader or prime change, and every failure-detector interval, it reads this node's
/// <see cref="RealmView"/>, asks the strategy, and acts on the answer (stop or resume serving, down
/// the unreachable side); it also refuses members that are not part of the realm's layout or lack
/// the join proof, and publishes the node's status.
/// </summary>
internal sealed partial class SiteQuorumDowningActor : ReceiveActor, IWithTimers
{
    private const string TickKey = "tick";
    private const string RecheckKey = "recheck";
    private const string SettleKey = "settle";
    private const string PauseKey = "pause";

    private readonly RealmSetup _setup;
    private readonly AkkaCluster _cluster;
    private readonly SiteQuorumDowningStrategy _strategy;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<NodeAddress, string> _knownNames = [];
    private readonly HashSet<NodeId> _refused = [];
    private readonly HashSet<NodeId> _otherLayouts = [];
    private ImmutableDictionary<NodeAddress, TimeSpan> _lastReached = ImmutableDictionary<NodeAddress, TimeSpan>.Empty;
    private ImmutableHashSet<NodeAddress> _reachedNow = [];
    private UnreachableStability _stability;
    private bool _serving;
    private ClusterStatus? _published;
    private TimeSpan? _pauseNoticed;

    public SiteQuorumDowningActor(RealmSetup setup, AkkaCluster cluster)
    {
        _setup = setup;
        _cluster = cluster;
        _strategy = new SiteQuorumDowningStrategy(setup.Cluster.StableAfter);
        _stability = UnreachableStability.Start(TimeSpan.Zero);
        _setup.State.SetUnreachableFor(UnreachableFor);
        Receive<ClusterEvent.IClusterDomainEvent>(_ =>
        {
            Evaluate();
            // Akka updates the state this actor reads (Cluster.State) from its own subscriber: look
            // again once that has caught up, rather than a whole tick later.
            Timers.StartSingleTimer(SettleKey, Tick.Instance, TimeSpan.FromMilliseconds(50));
        });
        ReceiveAny(_ => Evaluate());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>For tests: called with the members this node downs.</summary>
    internal static Action<NodeId, IReadOnlyList<NodeId>>? DowningIssued { get; set; }

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.LeaderChanged));
        Context.System.EventStream.Subscribe(Self, typeof(PrimeChanged));
        // Reachability as this node's own failure detector sees it is not an event: sample it.
        var interval = _setup.Cluster.FailureDetector.HeartbeatInterval;
        Timers.StartPeriodicTimer(TickKey, Tick.Instance, interval, interval);
        Evaluate();
    }

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        Context.System.EventStream.Unsubscribe(Self);
    }

    private TimeSpan Now => _clock.Elapsed;

    private void Evaluate()
    {
        if (!AkkaClusterView.IsReadable(_cluster))
        {
            // Started before Akka's Cluster constructor assigned its read view (seen under load: the NullReferenceException
            // ended this actor for good and the node never served); the next tick or cluster event reads again.
            return;
        }

        var view = AkkaClusterView.Read(_cluster, _setup.Layout, _setup.State.Prime) with { SettlingAfterPause = ObservePause() };
        _setup.State.View = view;
        NoteDowned(view);
        var now = Now;
        Observe(view, now);
        RefuseStrangers(view);
        var outcome = _strategy.Decide(view, _serving, _stability, now);
        _stability = outcome.Stability;
        _serving = outcome.Decision switch
        {
            StopServing => false,
            ResumeServing => true,
            _ => _serving,
        };

        // The snapshot first: whoever reacts to QuorumLost or QuorumRegained reads a status that agrees.
        Publish(view);
        Act(outcome.Decision, view);
    }

    /// <summary>
    /// This node's regular observation of itself (it evaluates at least every heartbeat interval): a longer gap is a
    /// pause of its process, after which it claims no quorum until it has observed afresh (ADR 0084).
    /// </summary>
    private PauseGuard? ObservePause()
    {
        var pause = _setup.State.ObservePause(_setup.Cluster.PauseBudget);
        if (pause is not null && _pauseNoticed != pause.ResumedAt)
        {
            _pauseNoticed = pause.ResumedAt;
            _log.Warning(
                "This node's process was paused for {0:0.0} s (its timers ran that late): what it knows of the other members dates from before, so it claims no quorum for {1:0.0} s while it observes them afresh",
                pause.PausedFor.TotalSeconds,
                (pause.SettledAt - pause.ResumedAt).TotalSeconds);
            Timers.StartSingleTimer(PauseKey, Tick.Instance, pause.SettledAt - pause.ResumedAt + TimeSpan.FromMilliseconds(10));
        }

        return pause;
    }

    private void Act(DowningDecision decision, RealmView view)
    {
        switch (decision)
        {
            case StopServing stop:
                _log.Warning("Quorum lost: {0}. This node stops serving work that needs the cluster and keeps running until quorum returns", stop.Quorum.Explanation);
                Context.System.EventStream.Publish(new QuorumLost(stop.Quorum));
                break;
            case ResumeServing resume:
                _log.Info("Quorum: {0}. This node serves", resume.Quorum.Explanation);
                Context.System.EventStream.Publish(new QuorumRegained(resume.Quorum));
                break;
            case DownUnreachable down:
                Down(view, down.Nodes, down.Reason);
                break;
            case NoDowning { RecheckIn: { } recheck }:
                Timers.StartSingleTimer(RecheckKey, Tick.Instance, recheck + TimeSpan.FromMilliseconds(10));
                break;
        }
    }

    private void Down(RealmView view, IReadOnlyCollection<NodeId> nodes, string reason)
    {
        _log.Warning("Downing {0}: {1}", string.Join(", ", nodes), reason);
        foreach (var node in nodes)
        {
            if (_cluster.State.Members.FirstOrDefault(m => AkkaClusterView.ToNodeId(m.UniqueAddress) == node) is { } member)
            {
                _cluster.Down(member.Address);
            }
        }

        DowningIssued?.Invoke(view.Self, [.. nodes]);
        Context.System.EventStream.Publish(new MembersDowned([.. nodes], reason));
    }

    /// <summary>
    /// This node learned that it was downed (Akka ends its system next): the next incarnation joins the
    /// members this node still reaches, the side that downed it, rather than the seed nodes, which may
    /// include members of a stale side that would take it in.
    /// </summary>
    private void NoteDowned(RealmView view)
    {
        if (view.SelfMember?.Status != MemberStatus.Down || _setup.State.IsRejoining)
        {
            return;
        }

        var targets = view.Members
            .Where(m => m.Node != view.Self && m.Status is MemberStatus.Up or MemberStatus.Leaving && view.IsReachableHere(m))
            .Select(m => m.Address)
            .Order()
            .ToImmutableArray();
        if (_setup.State.TryStartRejoin(targets))
        {
            _log.Warning("This node ({0}) was downed; its next incarnation joins {1}", view.Self, targets.IsEmpty ? "the seed nodes" : string.Join(", ", targets));
        }
    }

    /// <summary>
    /// Members that are not configured at their address, claim another site, or lack this realm's
    /// join proof are downed at once by whoever sees them first, unless that node is the odd one out
    /// (<see cref="MemberRefusal.Decide"/>): the quorum rule counts configured members only, and a
    /// mis-wired node must not take part (ADR 0060).
    /// </summary>
    private void RefuseStrangers(RealmView view)
    {
        if (view.SelfMember is null || view.SelfMember.Status is MemberStatus.Down or MemberStatus.Removed)
        {
            return;
        }

        var members = _cluster.State.Members.Select(m => new JoinedMember(AkkaClusterView.ToMember(m, _setup.Layout), m.Roles)).ToList();
        WarnAboutOtherLayouts(members);
        foreach (var refusal in MemberRefusal.Decide(_setup.Realm, _setup.Remote.JoinSecret, view, members))
        {
            if (!_refused.Add(refusal.Node))
            {
                continue;
            }

            _log.Warning("Refusing member {0}: {1}; downing it", refusal.Node, refusal.Reason);
            if (_cluster.State.Members.FirstOrDefault(m => AkkaClusterView.ToNodeId(m.UniqueAddress) == refusal.Node) is { } member)
            {
                _cluster.Down(member.Address);
            }
        }
    }

    /// <summary>
    /// Says loudly, once per member and on every node, that a member configures other sites or nodes,
    /// naming both layouts: the side with quorum also refuses it, but the odd one out, which cannot,
    /// must say why it is downed.
    /// </summary>
    private void WarnAboutOtherLayouts(IEnumerable<JoinedMember> members)
    {
        foreach (var joined in members.Where(m => m.Member.Node != AkkaClusterView.ToNodeId(_cluster.SelfUniqueAddress)))
        {
            if (MemberRefusal.LayoutMismatch(_setup.Layout, joined.Roles) is { } mismatch && _otherLayouts.Add(joined.Member.Node))
            {
                _log.Warning("LAYOUT MISMATCH with member {0}: {1}", joined.Member.Node, mismatch);
            }
        }
    }

    /// <summary>Remembers when each configured address was last reached by this side, and the names members carry.</summary>
    private void Observe(RealmView view, TimeSpan now)
    {
        var reachedBySide = ReachedBySide(view);
        if (view.SettlingAfterPause is not null)
        {
            // Nothing was observed during the pause: how long a member has been unreachable (the prime switch's and
            // the cut-over's guard) counts from the end of it, not from the last answer before it.
            reachedBySide.UnionWith(_setup.Layout.AllMembers);
        }

        var builder = _lastReached.ToBuilder();
        foreach (var address in reachedBySide)
        {
            builder[address] = now;
        }

        Volatile.Write(ref _lastReached, builder.ToImmutable());
        Volatile.Write(ref _reachedNow, [.. reachedBySide]);
        foreach (var member in view.Members.Where(m => m.Name.Length > 0))
        {
            _knownNames[member.Address] = member.Name;
        }
    }

    /// <summary>
    /// Configured addresses this side reaches: this node, what it reaches itself, and members that no
    /// member this node reaches suspects (the prime switch guard must not count a member as gone
    /// while someone on this side still hears from it).
    /// </summary>
    private static HashSet<NodeAddress> ReachedBySide(RealmView view)
    {
        var reachedHere = view.ReachableAddresses;
        var side = view.Members.Where(m => reachedHere.Contains(m.Address) && m.Status != MemberStatus.Down).Select(m => m.Node).ToList();
        var reached = new HashSet<NodeAddress>(reachedHere);
        foreach (var member in view.Members.Where(m => m.Status is not (MemberStatus.Down or MemberStatus.Removed)))
        {
            if (side.Any(observer => observer != view.Self && observer != member.Node && view.Reachability.StatusOf(observer, member.Node) == ReachabilityStatus.Reachable))
            {
                reached.Add(member.Address);
            }
        }

        return reached;
    }

    private IReadOnlyDictionary<NodeAddress, TimeSpan> UnreachableFor()
    {
        // Runs on the caller's thread: read the immutable snapshot once.
        var lastReached = Volatile.Read(ref _lastReached);
        var reachedNow = Volatile.Read(ref _reachedNow);
        var now = Now;
        var result = new Dictionary<NodeAddress, TimeSpan>();
        foreach (var address in _setup.Layout.AllMembers.Where(a => !reachedNow.Contains(a)))
        {
            // Never reached since this incarnation started: unreachable for all of its life.
            result[address] = now - lastReached.GetValueOrDefault(address, TimeSpan.Zero);
        }

        return result;
    }

    private void Publish(RealmView view)
    {
        var converged = IsConverged(view);
        var status = StatusBuilder.Build(_setup, view, _serving, _knownNames, converged, DateTimeOffset.UtcNow);
        if (_published is not null && StatusComparer.SameExceptTime(_published, status))
        {
            return;
        }

        _published = status;
        _setup.State.Publish(status);
    }

    private bool IsConverged(RealmView view)
    {
        var state = _cluster.State;
        var unreachable = state.Unreachable.Where(m => m.Status is not (Akka.Cluster.MemberStatus.Down or Akka.Cluster.MemberStatus.Exiting));
        return !unreachable.Any() &&
               state.Members.Where(m => m.Status is Akka.Cluster.MemberStatus.Joining or Akka.Cluster.MemberStatus.Up or Akka.Cluster.MemberStatus.Leaving)
                   .All(m => state.SeenBy.Contains(m.Address)) &&
               view.SelfMember is not null;
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
