using System.Collections.Immutable;
using ActorRealm.Actors;
using ActorRealm.Cluster.Membership;

namespace ActorRealm.Cluster.Runtime;

/// <summary>Commands from the extension: join, leave, down, subscriptions, the prime switch.</summary>
internal sealed partial class ClusterCore
{
    private void ReceiveCommands()
    {
        Receive<JoinSeedNodes>(_ =>
        {
            if (_state.HasLeft)
            {
                _leaving = false;
                RequestRestart("asked to join again after leaving", join: true);
                return;
            }

            BeginJoin();
        });
        Receive<LeaveCluster>(_ =>
        {
            _leaving = true;
            _joinRequested = false;
            Context.Timers.Cancel(ClusterTick.JoinRetry);
            Context.Timers.Cancel(ClusterTick.FormCluster);
            if (IsMember)
            {
                ClusterLog.Leaving(_rt.Log);
                Apply(_state.Leave(_self.Address));
            }
        });
        Receive<DownMember>(command => DownAt(command.Address, 0));
        Receive<SubscribeEvents>(OnSubscribe);
        Receive<UnsubscribeEvents>(command =>
        {
            Subscribers.RemoveAll(s => s.Subscriber.Equals(command.Subscriber));
            Context.Unwatch(command.Subscriber);
        });
        Receive<SwitchPrime>(OnSwitchPrime);
        Receive<QuarantinedByPeerNotice>(notice =>
        {
            if (notice.Uid == _self.Uid && !_restartRequested && !_state.HasLeft && (IsMember || _joinRequested))
            {
                RequestRestart($"{notice.By} quarantined this incarnation (the cluster removed it)", join: !_leaving);
            }
        });
    }

    private void DownAt(NodeAddress address, long uid)
    {
        var member = _state.Gossip.MembersAt(address)
            .Where(m => uid == 0 || m.Node.Uid == uid)
            .FirstOrDefault(m => m.Status != MemberStatus.Down);
        if (member is not null && IsMember)
        {
            ClusterLog.Downing(_rt.Log, member.Node.ToString(), "requested by an operator");
            Apply(_state.Down(member.Node));
        }
    }

    private void SendSnapshot(IActorRef subscriber)
    {
        var gossip = _state.Gossip;
        subscriber.Tell(
            new CurrentClusterState([.. gossip.Members], [.. gossip.UnreachableMembers], _state.Leader, gossip.Prime, _state.Quorum, _serving),
            ActorRef.NoSender);
    }

    private void OnSubscribe(SubscribeEvents command)
    {
        SendSnapshot(command.Subscriber);
        Subscribers.RemoveAll(s => s.Subscriber.Equals(command.Subscriber));
        Subscribers.Add((command.Subscriber, command.Types.IsDefaultOrEmpty ? ImmutableArray.Create(typeof(ClusterEvent)) : command.Types));
        Context.Watch(command.Subscriber);
    }
}
