using System.Collections.Immutable;
using ActorRealm.Actors;
using ActorRealm.Cluster.FailureDetection;
using ActorRealm.Cluster.Protocol;

namespace ActorRealm.Cluster.Runtime;

/// <summary>
/// Sends heartbeats to every monitored member every heartbeat-interval and feeds the answers into
/// one phi-accrual detector per member. Instead of polling, it checks each member exactly when its
/// detector would cross the threshold, and tells the core when a member becomes unreachable or
/// reachable again. A member that never answers is suspected after the acceptable pause.
/// </summary>
internal sealed class HeartbeatSender : ReceiveActor
{
    private readonly ClusterRuntime _rt;
    private readonly NodeId _self;
    private readonly Dictionary<NodeId, PhiAccrualFailureDetector> _detectors = [];
    private readonly Dictionary<NodeAddress, IActorRef> _receivers = [];
    private readonly HashSet<NodeId> _unreachable = [];
    private readonly Dictionary<NodeId, long> _addedAt = [];
    private ImmutableArray<NodeId> _targets = [];
    private ulong _sequence;

    public HeartbeatSender(ClusterRuntime rt, NodeId self)
    {
        _rt = rt;
        _self = self;
        Receive<HeartbeatTargets>(OnTargets);
        Receive<ClusterTick>(tick => tick == ClusterTick.Heartbeat, _ => SendHeartbeats());
        Receive<HeartbeatResponse>(response => _rt.Accepts(response), OnResponse);
        Receive<HeartbeatResponse>(_ => { });
        Receive<ExpectedFirstHeartbeat>(expected => StartClock(expected.Node));
        Receive<CheckReachability>(check => Check(check.Node));
    }

    private FailureDetectorSettings DetectorSettings => _rt.Settings.FailureDetector;

    protected override void PreStart() =>
        Context.Timers.StartPeriodicTimer(ClusterTick.Heartbeat, ClusterTick.Heartbeat, DetectorSettings.HeartbeatInterval);

    private void OnTargets(HeartbeatTargets targets)
    {
        var added = targets.Targets.Except(_targets).ToList();
        foreach (var removed in _targets.Except(targets.Targets))
        {
            _detectors.Remove(removed);
            _addedAt.Remove(removed);
            _unreachable.Remove(removed);
            Context.Timers.Cancel(new CheckReachability(removed));
            Context.Timers.Cancel(new ExpectedFirstHeartbeat(removed));
        }

        _targets = targets.Targets;
        foreach (var node in added)
        {
            _detectors[node] = new PhiAccrualFailureDetector(DetectorSettings, _rt.System.TimeProvider);
            _addedAt[node] = _rt.System.TimeProvider.GetTimestamp();

            // A member that never answers must still become unreachable: if no answer came within
            // the acceptable pause, its clock starts as if it had answered when it was added.
            var key = new ExpectedFirstHeartbeat(node);
            Context.Timers.StartSingleTimer(key, key, DetectorSettings.AcceptableHeartbeatPause + DetectorSettings.HeartbeatInterval);
        }

        // New targets get their first heartbeat at the next tick, with the others: an extra early
        // one would teach the detector a short interval, widen its deviation and slow detection.
    }

    private void SendHeartbeats()
    {
        foreach (var node in _targets)
        {
            ReceiverAt(node.Address).Tell(new Heartbeat(_rt.Realm, _self, node, ++_sequence), Self);
        }
    }

    private void OnResponse(HeartbeatResponse response)
    {
        if (!_detectors.TryGetValue(response.From, out var detector))
        {
            return;
        }

        detector.Heartbeat();
        _rt.Clock.Heard(response.From.Address);
        Context.Timers.Cancel(new ExpectedFirstHeartbeat(response.From));
        if (_unreachable.Remove(response.From))
        {
            Context.Parent.Tell(new ReachabilityVerdict(response.From, Reachable: true));
        }

        ScheduleCheck(response.From, detector);
    }

    private void StartClock(NodeId node)
    {
        if (_detectors.TryGetValue(node, out var detector) && !detector.IsMonitoring)
        {
            detector.Heartbeat(_addedAt[node]);
            ScheduleCheck(node, detector);
        }
    }

    private void Check(NodeId node)
    {
        if (!_detectors.TryGetValue(node, out var detector))
        {
            return;
        }

        if (detector.IsAvailable())
        {
            ScheduleCheck(node, detector);
        }
        else if (_unreachable.Add(node))
        {
            Context.Parent.Tell(new ReachabilityVerdict(node, Reachable: false));
        }
    }

    private void ScheduleCheck(NodeId node, PhiAccrualFailureDetector detector)
    {
        var wait = detector.TimeUntilUnavailable(_rt.System.TimeProvider.GetTimestamp()) ?? DetectorSettings.HeartbeatInterval;
        var key = new CheckReachability(node);
        Context.Timers.StartSingleTimer(key, key, wait + TimeSpan.FromMilliseconds(1));
    }

    private IActorRef ReceiverAt(NodeAddress address)
    {
        if (!_receivers.TryGetValue(address, out var receiver))
        {
            receiver = _rt.Resolve(address, ClusterRuntime.HeartbeatReceiverName);
            _receivers[address] = receiver;
        }

        return receiver;
    }

    /// <summary>Timer: start the detector of a member that has not answered yet.</summary>
    private sealed record ExpectedFirstHeartbeat(NodeId Node);

    /// <summary>Timer: the moment a member's detector may cross the threshold.</summary>
    private sealed record CheckReachability(NodeId Node);
}

/// <summary>Answers heartbeats meant for this node's current incarnation (it outlives the core).</summary>
internal sealed class HeartbeatReceiver : ReceiveActor
{
    public HeartbeatReceiver(ClusterRuntime rt)
    {
        Receive<Heartbeat>(heartbeat =>
        {
            var self = rt.Self;
            if (heartbeat.To == self && rt.Accepts(heartbeat))
            {
                Sender.Tell(new HeartbeatResponse(rt.Realm, self, heartbeat.Sequence), Self);
            }
        });
    }
}
