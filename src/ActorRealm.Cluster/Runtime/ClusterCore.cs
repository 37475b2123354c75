using System.Collections.Immutable;
using ActorRealm.Actors;
using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Protocol;

namespace ActorRealm.Cluster.Runtime;

/// <summary>
/// The cluster core of one incarnation of a node (<c>/system/cluster/core</c>): owns the
/// <see cref="MembershipState"/>, joins through the seed nodes, gossips, runs the leader's actions,
/// stores and reconciles the prime state, publishes events and the status snapshot. A thin shell:
/// every decision is the pure logic's (membership, downing strategy, prime guard).
/// </summary>
internal sealed partial class ClusterCore : ReceiveActor
{
    private readonly ClusterRuntime _rt;
    private readonly NodeId _self;
    private readonly Dictionary<NodeAddress, IActorRef> _cores = [];
    private MembershipState _state;
    private bool _serving;
    private bool _leaving;
    private bool _restartRequested;
    private bool _leftAnnounced;
    private ImmutableArray<NodeId> _heartbeatTargets = [];
    private IActorRef _heartbeat = null!;
    private IActorRef _downing = null!;
    private int _switches;

    public ClusterCore(ClusterRuntime rt, NodeId self, bool join)
    {
        _rt = rt;
        _self = self;
        _state = MembershipState.Initial(rt.Layout, self, rt.CurrentStoredPrime());
        _joinRequested = join;
        ReceiveWireMessages();
        ReceiveCommands();
        ReceiveInternal();
    }

    private ClusterSettings Settings => _rt.Settings;

    private List<(IActorRef Subscriber, ImmutableArray<Type> Types)> Subscribers => _rt.Subscribers;

    private bool IsMember => _state.SelfMember is not null && !_state.Gossip.IsRemoved(_self);

    protected override void PreStart()
    {
        _heartbeat = Context.ActorOf(Props.Create(() => new HeartbeatSender(_rt, _self)), "heartbeat-sender");
        _downing = Context.ActorOf(Props.Create(() => new DowningActor(_rt)), "downing");
        Context.Timers.StartPeriodicTimer(ClusterTick.Gossip, ClusterTick.Gossip, Settings.GossipInterval);
        Context.Timers.StartPeriodicTimer(ClusterTick.LeaderActions, ClusterTick.LeaderActions, Settings.LeaderActionsInterval);
        Context.Timers.StartPeriodicTimer(ClusterTick.Probe, ClusterTick.Probe, Settings.Join.MaxRetryInterval);
        foreach (var (subscriber, _) in Subscribers)
        {
            // Subscribers outlive incarnations: a new one starts them from a fresh snapshot.
            Context.Watch(subscriber);
            SendSnapshot(subscriber);
        }

        PublishStatus();
        if (_joinRequested)
        {
            BeginJoin();
        }
    }

    protected override void PostStop()
    {
        foreach (var (subscriber, _) in Subscribers)
        {
            Context.Unwatch(subscriber);
        }
    }

    private void ReceiveInternal()
    {
        Receive<ClusterTick>(tick =>
        {
            switch (tick)
            {
                case ClusterTick.Gossip:
                    GossipTick();
                    break;
                case ClusterTick.LeaderActions:
                    LeaderActionsTick();
                    break;
                case ClusterTick.JoinRetry:
                    JoinRetryTick();
                    break;
                case ClusterTick.FormCluster:
                    FormClusterTick();
                    break;
                case ClusterTick.Probe:
                    ProbeAbsentMembers();
                    break;
            }
        });
        Receive<ReachabilityVerdict>(verdict =>
            Apply(verdict.Reachable ? _state.MarkReachable(verdict.Subject) : _state.MarkUnreachable(verdict.Subject)));
        Receive<ServingChanged>(changed =>
        {
            _serving = changed.Serving;
            PublishStatus();
        });
        Receive<DownDecision>(OnDownDecision);
        Receive<Terminated>(terminated => Subscribers.RemoveAll(s => s.Subscriber.Equals(terminated.ActorRef)));
    }

    /// <summary>
    /// Adopts a transition: stores a newer prime state durably first (and refuses the transition
    /// when that fails), then publishes its events and reacts to the new state.
    /// </summary>
    private bool Apply(MembershipTransition transition)
    {
        if (transition.Rejection is { } rejection)
        {
            ClusterLog.GossipRejected(_rt.Log, rejection);
            return false;
        }

        LogReconciliation(transition.Reconciliation);
        var before = _state;
        var next = transition.State;
        if (ReferenceEquals(before, next))
        {
            return false;
        }

        if (next.Gossip.Prime != before.Gossip.Prime && !StorePrime(next.Gossip.Prime))
        {
            return false;
        }

        _state = next;
        foreach (var @event in transition.Events)
        {
            OnEvent(@event);
        }

        AfterStateChange(before);
        return true;
    }

    private void AfterStateChange(MembershipState before)
    {
        _downing.Tell(new DowningInput(_state));
        UpdateHeartbeatTargets();
        if (_state.Gossip.Version[_self] > before.Gossip.Version[_self])
        {
            PushGossip();
        }

        if (_state.HasLeft && !_leftAnnounced)
        {
            _leftAnnounced = true;
            ClusterLog.Left(_rt.Log);
            PushGossip(before.Gossip.Members.Where(m => m.Node != _self).Select(m => m.Node));
        }
        else if (_state.MustRejoin && !_restartRequested)
        {
            RequestRestart(_state.SelfStatus == MemberStatus.Down ? "the cluster marked it Down" : "the cluster removed it", join: !_leaving);
        }

        PublishStatus();
    }

    private void RequestRestart(string reason, bool join)
    {
        _restartRequested = true;
        ClusterLog.Rejoining(_rt.Log, _self, reason);
        Context.Parent.Tell(new RestartIncarnation(reason, join));
    }

    private void UpdateHeartbeatTargets()
    {
        var targets = IsMember && !_state.HasLeft
            ? [.. _state.Gossip.Members.Where(m => m.Node != _self && m.Status != MemberStatus.Down).Select(m => m.Node)]
            : ImmutableArray<NodeId>.Empty;
        if (!targets.SequenceEqual(_heartbeatTargets))
        {
            _heartbeatTargets = targets;
            _heartbeat.Tell(new HeartbeatTargets(targets));
        }
    }

    private void OnDownDecision(DownDecision decision)
    {
        // The downing actor decided on an earlier view: down only what is still unreachable here,
        // and only while this node still leads a side with quorum.
        var unreachable = _state.Gossip.UnreachableMembers.Select(m => m.Node).ToHashSet();
        var nodes = decision.Nodes.Where(unreachable.Contains).ToImmutableSortedSet();
        if (nodes.IsEmpty || !_state.IsLeader || !_state.Quorum.HasQuorum)
        {
            return;
        }

        ClusterLog.Downing(_rt.Log, string.Join(", ", nodes), decision.Reason);
        if (Apply(_state.Down(nodes)))
        {
            _rt.DowningIssued?.Invoke(_self, nodes);
        }
    }

    private void OnEvent(ClusterEvent @event)
    {
        LogEvent(@event);
        if (@event is MemberRemoved { PreviousStatus: not (MemberStatus.Exiting or MemberStatus.Leaving) } removed && removed.Member.Node != _self)
        {
            // A removed incarnation that did not leave gracefully is refused from now on; when its
            // links work again it learns it was removed and rejoins as a new incarnation.
            _rt.Network.Quarantine(removed.Member.Node, "the cluster removed it");
        }
        else if (@event is MemberRemoved { PreviousStatus: MemberStatus.Exiting } exited && exited.Member.Node != _self)
        {
            // The leaving node learns that its leave completed from this last gossip.
            SendGossip(exited.Member.Node, full: true);
        }

        foreach (var (subscriber, types) in Subscribers)
        {
            if (types.Any(t => t.IsInstanceOfType(@event)))
            {
                subscriber.Tell(@event, ActorRef.NoSender);
            }
        }

        _rt.System.EventStream.Publish(@event);
    }

    private void LogEvent(ClusterEvent @event)
    {
        var log = _rt.Log;
        switch (@event)
        {
            case UnreachableMember unreachable:
                ClusterLog.MemberUnreachable(log, unreachable.Member.DisplayName, unreachable.Member.Site);
                break;
            case ReachableMember reachable:
                ClusterLog.MemberReachable(log, reachable.Member.DisplayName, reachable.Member.Site);
                break;
            case MemberEvent member:
                ClusterLog.MemberStatusChanged(log, member.Member.Name, member.Member.Node, member.Member.Site, member.Member.Status);
                break;
            case LeaderChanged leader:
                ClusterLog.LeaderChanged(log, leader.Leader);
                break;
            case QuorumLost lost:
                ClusterLog.QuorumLost(log, lost.Decision.Explanation);
                break;
            case QuorumRegained regained:
                ClusterLog.QuorumRegained(log, regained.Decision.Explanation);
                break;
            case PrimeChanged prime:
                ClusterLog.PrimeChanged(log, prime.Current.Site, prime.Current.Epoch, prime.Current.SwitchedBy, prime.Current.SwitchedAt, prime.Previous.Site, prime.Previous.Epoch);
                break;
        }
    }

    private void PublishStatus() => _rt.Publish(StatusBuilder.Build(_rt, _self, _state, _serving));

    private IActorRef CoreAt(NodeAddress address)
    {
        if (!_cores.TryGetValue(address, out var core))
        {
            core = _rt.Resolve(address, ClusterRuntime.CoreName);
            _cores[address] = core;
        }

        return core;
    }

    private void SendTo(NodeId node, ClusterMessage message) => CoreAt(node.Address).Tell(message, Self);
}
