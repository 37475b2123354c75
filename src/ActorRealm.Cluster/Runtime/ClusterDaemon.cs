using ActorRealm.Actors;
using ActorRealm.Actors.Supervision;

namespace ActorRealm.Cluster.Runtime;

/// <summary>
/// <c>/system/cluster</c>: supervises the core of the current incarnation and the heartbeat
/// receiver, forwards the extension's commands to the core, and starts a new incarnation when the
/// core asks: it stops the core, has the network renew the incarnation uid, and starts a fresh
/// core that joins the seed nodes again, all inside the running process.
/// </summary>
internal sealed class ClusterDaemon : ReceiveActor
{
    private readonly ClusterRuntime _rt;
    private readonly List<(object Message, IActorRef Sender)> _pending = [];
    private IActorRef? _core;
    private IActorRef? _stopping;
    private RestartIncarnation? _restart;

    public ClusterDaemon(ClusterRuntime rt)
    {
        _rt = rt;
        Receive<ICoreCommand>(command =>
        {
            if (_core is null)
            {
                _pending.Add((command, Sender));
            }
            else
            {
                _core.Forward(command);
            }
        });
        Receive<RestartIncarnation>(OnRestart);
        Receive<Terminated>(terminated => terminated.ActorRef.Equals(_stopping), _ => Renew());
        Receive<Terminated>(terminated => terminated.ActorRef.Equals(_core) && !_rt.System.IsTerminating, _ =>
        {
            // The core failed (it is stopped, never restarted with the same incarnation): start over.
            _core = null;
            _restart = new RestartIncarnation("the cluster core failed", Join: true);
            Renew();
        });
        Receive<Terminated>(_ => { });
        Receive<IncarnationRenewed>(OnRenewed);
        Receive<IncarnationRenewalFailed>(failed =>
        {
            ClusterLog.RenewFailed(_rt.Log, failed.Cause);
            Context.Timers.StartSingleTimer(ClusterTick.RenewRetry, ClusterTick.RenewRetry, _rt.Settings.Join.RetryInterval);
        });
        Receive<ClusterTick>(tick => tick == ClusterTick.RenewRetry, _ => Renew());
    }

    /// <summary>A failed core stops; the daemon then starts a new incarnation (never the same uid with an empty state).</summary>
    protected override SupervisorStrategy? SupervisorStrategy => Actors.Supervision.SupervisorStrategy.Stopping;

    protected override void PreStart()
    {
        Context.ActorOf(Props.Create(() => new HeartbeatReceiver(_rt)), ClusterRuntime.HeartbeatReceiverName);
        StartCore(join: false);
    }

    private void StartCore(bool join)
    {
        var self = _rt.Self;
        _core = Context.ActorOf(Props.Create(() => new ClusterCore(_rt, self, join)), ClusterRuntime.CoreName);
        Context.Watch(_core);
        foreach (var (message, sender) in _pending)
        {
            _core.Tell(message, sender);
        }

        _pending.Clear();
    }

    private void OnRestart(RestartIncarnation restart)
    {
        if (_restart is not null || _core is null || !Sender.Equals(_core))
        {
            return;
        }

        _restart = restart;
        _stopping = _core;
        _core = null;
        Context.Stop(_stopping);
    }

    private void Renew() =>
        _rt.Network.RenewIncarnationAsync(CancellationToken.None)
            .PipeTo(Self, success: uid => new IncarnationRenewed(uid), failure: e => new IncarnationRenewalFailed(e));

    private void OnRenewed(IncarnationRenewed renewed)
    {
        var join = _restart?.Join ?? true;
        _restart = null;
        _stopping = null;
        _rt.Self = new NodeId(_rt.Network.SelfAddress, renewed.Uid);
        ClusterLog.NewIncarnation(_rt.Log, _rt.Self);
        StartCore(join);
    }
}
