using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Protocol;

namespace ActorRealm.Cluster.Runtime;

/// <summary>
/// Joining: ask every seed node (and every other configured member) whether it is a member; join
/// the first that says so, preferring a formed cluster; the first seed node forms the cluster
/// itself when nobody answers within seed-node-timeout. Retries with a doubling delay until
/// welcomed; the first seed does not form while any member answers. While the cluster has no Up
/// member, a member keeps asking; members probe absent members; and a member moves over (as a new
/// incarnation) when <see cref="SeparatedClusters.Decide"/> says its side should.
/// </summary>
internal sealed partial class ClusterCore
{
    private bool _joinRequested;
    private int _joinAttempt;
    private NodeId? _joinTarget;
    private NodeId? _unformedContact;

    // Whether a member answered this node's InitJoin since the first seed last checked: the first
    // seed forms a cluster only after a whole seed-node-timeout without any answer.
    private bool _answeredSinceFormCheck;

    private bool IsFirstSeed => IsFirstSeedNode(_self);

    private bool ClusterFormed => _state.Gossip.Members.Any(m => m.Status is MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Exiting);

    private bool IsFirstSeedNode(NodeId node) => Settings.SeedNodes.Length > 0 && Settings.SeedNodes[0] == node.Address;

    private IEnumerable<NodeAddress> Contacts =>
        Settings.SeedNodes.Concat(_rt.Layout.AllMembers).Where(a => a != _self.Address).Distinct();

    private void BeginJoin()
    {
        _joinRequested = true;
        if (IsMember)
        {
            return;
        }

        _joinAttempt = 0;
        _joinTarget = null;
        SendInitJoins();
        if (IsFirstSeed)
        {
            Context.Timers.StartSingleTimer(ClusterTick.FormCluster, ClusterTick.FormCluster, Settings.Join.SeedNodeTimeout);
        }
    }

    private void SendInitJoins()
    {
        var contacts = Contacts.ToList();
        ClusterLog.JoinAttempt(_rt.Log, _joinAttempt + 1, contacts);
        foreach (var contact in contacts)
        {
            CoreAt(contact).Tell(new InitJoin(_rt.Realm, _self, _rt.Site), Self);
        }

        Context.Timers.StartSingleTimer(ClusterTick.JoinRetry, ClusterTick.JoinRetry, Settings.Join.RetryDelay(_joinAttempt));
        _joinAttempt++;
    }

    private void JoinRetryTick()
    {
        if (!IsMember)
        {
            if (_unformedContact is { } contact && _joinTarget is null)
            {
                // Nobody of a formed cluster answered: join the forming one.
                JoinThrough(contact);
                return;
            }

            _joinTarget = null;
            SendInitJoins();
        }
        else if (!ClusterFormed && !_state.HasLeft)
        {
            // A forming cluster keeps looking for a formed one it should belong to instead.
            SendInitJoins();
        }
    }

    private void FormClusterTick()
    {
        if (IsMember)
        {
            return;
        }

        if (_joinTarget is not null || _unformedContact is not null || _answeredSinceFormCheck)
        {
            // A cluster exists (its join may have been refused for now, e.g. while a previous
            // incarnation of this node is downed): forming another would split the realm. Form
            // only if it goes silent for a whole seed-node-timeout.
            _answeredSinceFormCheck = false;
            Context.Timers.StartSingleTimer(ClusterTick.FormCluster, ClusterTick.FormCluster, Settings.Join.SeedNodeTimeout);
            return;
        }

        ClusterLog.FormingCluster(_rt.Log, Settings.Join.SeedNodeTimeout);
        var result = _state.Join(_self, _rt.Site, _rt.Roles, _rt.NodeName);
        Apply(result.Transition);
    }

    private void OnInitJoin(InitJoin message)
    {
        var self = _state.SelfMember;
        if (self is { Status: MemberStatus.Joining or MemberStatus.Up or MemberStatus.Leaving } && !_state.HasLeft)
        {
            Sender.Tell(new InitJoinAck(_rt.Realm, _self, ClusterFormed, _state.Gossip.Prime, _state.Quorum.HasQuorum), Self);
        }
        else
        {
            Sender.Tell(new InitJoinNack(_rt.Realm, _self), Self);
        }
    }

    private void OnInitJoinAck(InitJoinAck ack)
    {
        if (IsMember)
        {
            OnOtherCluster(ack);
            return;
        }

        if (!_joinRequested)
        {
            return;
        }

        _answeredSinceFormCheck = true;
        if (_joinTarget is not null)
        {
            return;
        }

        if (ack.ClusterFormed)
        {
            JoinThrough(ack.From);
        }
        else if (_unformedContact is null || IsFirstSeedNode(ack.From))
        {
            // Among forming clusters, the first seed's is the one the others move to.
            _unformedContact = ack.From;
        }
    }

    /// <summary>
    /// Members probe the configured addresses they do not reach: those with no live member in their
    /// view (a node that is down, or a side that removed this one, for example after a mistaken
    /// switch removed both sides from each other) and those whose member is unreachable (it may have
    /// restarted and joined another cluster, chaos seeds 2138 and 2400), so separated clusters find
    /// each other again.
    /// </summary>
    private void ProbeAbsentMembers()
    {
        if (!IsMember || _state.HasLeft || _restartRequested)
        {
            return;
        }

        // An unreachable member may be an old incarnation: the address may answer from another cluster.
        var reached = _state.ReachableAddresses;
        foreach (var address in _rt.Layout.AllMembers.Where(a => a != _self.Address && !reached.Contains(a)))
        {
            CoreAt(address).Tell(new InitJoin(_rt.Realm, _self, _rt.Site), Self);
        }
    }

    /// <summary>
    /// A member of another cluster answered. The higher prime state wins at once (stored before it
    /// is followed, with the reconciliation logged, loudly when this node followed another prime
    /// site); then <see cref="SeparatedClusters.Decide"/> says whether this node moves over, as a
    /// new incarnation.
    /// </summary>
    private void OnOtherCluster(InitJoinAck ack)
    {
        if (_state.Gossip.GetMember(ack.From) is { Status: not MemberStatus.Down } || _restartRequested || _state.HasLeft)
        {
            return;
        }

        if (ack.Prime.CompareTo(_state.Gossip.Prime) > 0)
        {
            LogReconciliation(PrimeReconciliation.Reconcile(_state.Gossip.Prime, ack.Prime));
            Apply(_state.SwitchPrime(ack.Prime));
        }

        var own = new ClusterSide(ClusterFormed, _state.Quorum.HasQuorum, _state.Gossip.Prime);
        var other = new ClusterSide(ack.ClusterFormed, ack.HasQuorum, ack.Prime);
        switch (SeparatedClusters.Decide(own, other, IsFirstSeedNode(ack.From)))
        {
            case SeparatedClusterVerdict.JoinFormedCluster:
                RequestRestart($"{ack.From} belongs to a formed cluster while this node's cluster has not formed", join: true);
                break;
            case SeparatedClusterVerdict.JoinClusterWithQuorum:
                RequestRestart($"{ack.From} belongs to a cluster with quorum in prime {ack.Prime} while this node's side has none", join: true);
                break;
            case SeparatedClusterVerdict.JoinFirstSeedsCluster:
                RequestRestart($"{ack.From}, the first seed node, belongs to another cluster without quorum, like this node's side ({_state.Quorum.Explanation}); the side without the first seed moves over", join: true);
                break;
        }
    }

    private void JoinThrough(NodeId contact)
    {
        _joinTarget = contact;
        _unformedContact = null;
        ClusterLog.JoiningThrough(_rt.Log, contact);
        SendTo(contact, new Join(_rt.Realm, _self, _rt.Site, _rt.Roles, _rt.NodeName));
        Context.Timers.StartSingleTimer(ClusterTick.JoinRetry, ClusterTick.JoinRetry, Settings.Join.RetryDelay(_joinAttempt));
    }

    private void OnJoin(Join join)
    {
        if (!IsMember || _state.HasLeft)
        {
            Sender.Tell(new JoinRefused(_rt.Realm, _self, $"{_self} is not a member yet.", Retry: true), Self);
            return;
        }

        var result = _state.Join(join.From, join.Site, join.Roles, join.Name);
        ClusterLog.JoinHandled(_rt.Log, join.From, result.Message);
        switch (result.Outcome)
        {
            case JoinOutcome.Added or JoinOutcome.AlreadyMember:
                Apply(result.Transition);
                Sender.Tell(new Welcome(_rt.Realm, _self, join.From, _state.Gossip), Self);
                break;
            case JoinOutcome.PreviousIncarnationDowned:
                Apply(result.Transition);
                Sender.Tell(new JoinRefused(_rt.Realm, _self, result.Message, Retry: true), Self);
                break;
            default:
                Sender.Tell(new JoinRefused(_rt.Realm, _self, result.Message, Retry: false), Self);
                break;
        }
    }

    private void OnWelcome(Welcome welcome)
    {
        if (welcome.To != _self || IsMember || _state.HasLeft)
        {
            return;
        }

        var transition = _state.ReceiveGossip(welcome.Gossip);
        if (transition.State.SelfMember is null)
        {
            return;
        }

        ClusterLog.Welcomed(_rt.Log, welcome.From);
        Context.Timers.Cancel(ClusterTick.FormCluster);
        _joinTarget = null;
        Apply(transition);

        // Tell the welcoming node that this node has seen the gossip.
        SendGossip(welcome.From, full: true);
    }

    private void OnJoinRefused(JoinRefused refused)
    {
        ClusterLog.JoinRefused(_rt.Log, refused.From, refused.Message);
        if (_joinTarget == refused.From)
        {
            // Ask again at the next retry (it doubles, so a misconfigured node does not flood).
            _joinTarget = null;
        }
    }
}
