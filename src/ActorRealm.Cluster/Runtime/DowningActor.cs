using ActorRealm.Actors;
using ActorRealm.Cluster.Downing;
using ActorRealm.Cluster.Membership;

namespace ActorRealm.Cluster.Runtime;

/// <summary>
/// Feeds every membership or reachability change to <see cref="SiteQuorumDowningStrategy"/> and
/// acts on its answer: serving changes and Down decisions go to the core; while waiting for
/// stable-after it decides again exactly when the strategy says (no coarse tick).
/// </summary>
internal sealed class DowningActor : ReceiveActor
{
    private readonly ClusterRuntime _rt;
    private MembershipState? _state;
    private UnreachableStability _stability;
    private bool _serving;

    public DowningActor(ClusterRuntime rt)
    {
        _rt = rt;
        _stability = UnreachableStability.Start(rt.Now);
        Receive<DowningInput>(input =>
        {
            _state = input.State;
            Decide();
        });
        Receive<ClusterTick>(tick => tick == ClusterTick.DowningRecheck, _ => Decide());
    }

    private void Decide()
    {
        if (_state is null)
        {
            return;
        }

        // A serving change is one decision; decide again on the new serving flag right away.
        for (var round = 0; round < 3; round++)
        {
            var outcome = _rt.Strategy.Decide(_state, _serving, _stability, _rt.Now);
            _stability = outcome.Stability;
            switch (outcome.Decision)
            {
                case StopServing or ResumeServing:
                    _serving = outcome.Decision is ResumeServing;
                    Context.Parent.Tell(new ServingChanged(_serving, outcome.Decision.Quorum));
                    continue;
                case DownUnreachable down:
                    Context.Timers.Cancel(ClusterTick.DowningRecheck);
                    Context.Parent.Tell(new DownDecision(down.Nodes, down.Reason));
                    return;
                case NoDowning { RecheckIn: { } recheck }:
                    Context.Timers.StartSingleTimer(ClusterTick.DowningRecheck, ClusterTick.DowningRecheck, recheck);
                    return;
                default:
                    Context.Timers.Cancel(ClusterTick.DowningRecheck);
                    return;
            }
        }
    }
}
