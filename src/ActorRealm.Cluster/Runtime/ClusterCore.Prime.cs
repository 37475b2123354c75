using System.Collections.Immutable;
using ActorRealm.Actors;
using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Protocol;

namespace ActorRealm.Cluster.Runtime;

/// <summary>
/// The prime state: every newer state is stored durably before it is adopted (from gossip, from a
/// peer's switch, or from a switch accepted here); reconciliation outcomes are logged at their
/// severity (a superseded prime site loudly, naming both epochs); the guarded switch.
/// </summary>
internal sealed partial class ClusterCore
{
    /// <summary>Stores <paramref name="state"/> before it is acted on; false (and a critical log line) when that fails.</summary>
    private bool StorePrime(PrimeState state)
    {
        try
        {
            _rt.Store.Save(state);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            ClusterLog.PrimeStoreFailed(_rt.Log, e, state, _rt.Store.Location, _state.Gossip.Prime);
            return false;
        }
    }

    private void LogReconciliation(PrimeReconciliation? reconciliation)
    {
        switch (reconciliation?.Severity)
        {
            case PrimeReconcileSeverity.Information:
                ClusterLog.PrimeReconciledInformation(_rt.Log, reconciliation.Message);
                break;
            case PrimeReconcileSeverity.Warning:
                ClusterLog.PrimeReconciledWarning(_rt.Log, reconciliation.Message, reconciliation.Local.Epoch, reconciliation.Remote.Epoch);
                break;
            case PrimeReconcileSeverity.Critical:
                ClusterLog.PrimeReconciledCritical(_rt.Log, reconciliation.Message, reconciliation.Local.Epoch, reconciliation.Remote.Epoch);
                break;
        }
    }

    private void OnSwitchPrime(SwitchPrime command)
    {
        var current = _state.Gossip.Prime;
        if (!IsMember || _state.HasLeft || _state.SelfMember?.Status is not (MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Joining))
        {
            Refuse(PrimeSwitchRefusal.NotAMember, $"Node {_rt.NodeName} ({_self.Address}) is not a member of the cluster; ask a member of the surviving side.");
            return;
        }

        var request = new PrimeSwitchRequest(command.NewSite, command.ConfirmSiteDown, $"{command.RequestedBy} via {_rt.NodeName} ({_self.Address})", SwitchId());
        var result = PrimeSwitchGuard.Evaluate(request, current, _rt.Layout, UnreachableFor(), _rt.System.TimeProvider.GetUtcNow(), Settings.PrimeSwitchMinUnreachable);
        if (result is PrimeSwitchRefused refused)
        {
            Refuse(refused.Reason, refused.Message);
            return;
        }

        var accepted = (PrimeSwitchAccepted)result;
        if (!Apply(_state.SwitchPrime(accepted.State)))
        {
            Refuse(PrimeSwitchRefusal.StoreFailed, $"Could not store the new prime state in {_rt.Store.Location}; the switch was not made. See the node's log.");
            return;
        }

        ClusterLog.PrimeSwitchAccepted(_rt.Log, accepted.State.Site, accepted.State.Epoch, request.RequestedBy, _rt.Store.Location);
        var targets = GossipPeers().Where(m => m.Status != MemberStatus.Down).Select(m => m.Node).ToImmutableArray();
        var requester = Sender;
        Context.ActorOf(
            Props.Create(() => new PrimeSwitchCoordinator(_rt, _self, accepted.State, targets, requester)),
            $"prime-switch-{++_switches}");

        void Refuse(PrimeSwitchRefusal reason, string message)
        {
            ClusterLog.PrimeSwitchRefused(_rt.Log, reason.ToString(), message);
            Sender.Tell(PrimeSwitchOutcome.Refused(reason, message, current), Self);
        }
    }

    private void OnPrimeSwitchStoreRequest(PrimeSwitchStoreRequest request)
    {
        if (_state.Gossip.GetMember(request.From) is null)
        {
            return;
        }

        var wanted = request.State;
        string error = string.Empty;
        if (wanted.CompareTo(_state.Gossip.Prime) > 0 && !Apply(_state.SwitchPrime(wanted)))
        {
            error = $"could not store the state in {_rt.Store.Location}";
        }

        var current = _state.Gossip.Prime;
        var stored = error.Length == 0 && _rt.Store.IsDurable && current.CompareTo(wanted) >= 0;
        if (error.Length == 0 && !_rt.Store.IsDurable)
        {
            error = "this node has no data directory: the state is held in memory only";
        }

        Sender.Tell(new PrimeSwitchAck(_rt.Realm, _self, wanted.SwitchId, stored, current, error), Self);
    }

    /// <summary>
    /// For every configured member this side cannot reach, how long this node has not heard from
    /// it. A member counts as reachable while any member this node reaches does not suspect it.
    /// </summary>
    private Dictionary<NodeAddress, TimeSpan> UnreachableFor()
    {
        var gossip = _state.Gossip;
        var reachableHere = _state.ReachableAddresses;
        var side = gossip.Members.Where(m => m.Status != MemberStatus.Down && reachableHere.Contains(m.Address)).Select(m => m.Node).ToList();
        var result = new Dictionary<NodeAddress, TimeSpan>();
        foreach (var address in _rt.Layout.AllMembers)
        {
            var live = gossip.MembersAt(address).Where(m => m.Status != MemberStatus.Down).ToList();
            var reachableFromSide = live.Any(m => m.Node == _self || reachableHere.Contains(m.Address) ||
                side.Any(observer => observer != _self && gossip.Reachability.StatusOf(observer, m.Node) == ReachabilityStatus.Reachable));
            if (!reachableFromSide)
            {
                result[address] = _rt.Clock.SilentFor(address);
            }
        }

        return result;
    }

    private Guid SwitchId()
    {
        Span<byte> bytes = stackalloc byte[16];
        _rt.System.Random.NextBytes(bytes);
        return new Guid(bytes);
    }
}
