using System.Collections.Immutable;
using ActorRealm.Actors;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Protocol;

namespace ActorRealm.Cluster.Runtime;

/// <summary>
/// After this node stored and adopted an accepted prime switch: sends the new state to every
/// reachable member, waits (up to prime-switch.ack-timeout) for each to store it durably, then
/// answers the requester with who did. Members that do not answer still learn it by gossip.
/// </summary>
internal sealed class PrimeSwitchCoordinator : ReceiveActor
{
    private readonly ClusterRuntime _rt;
    private readonly PrimeState _state;
    private readonly NodeId _self;
    private readonly IActorRef _requester;
    private readonly HashSet<NodeId> _waiting;
    private readonly List<NodeAddress> _storedBy;
    private readonly List<NodeAddress> _refusedBy = [];
    private readonly List<string> _problems = [];

    public PrimeSwitchCoordinator(ClusterRuntime rt, NodeId self, PrimeState state, ImmutableArray<NodeId> targets, IActorRef requester)
    {
        _rt = rt;
        _state = state;
        _requester = requester;
        _waiting = [.. targets];
        _storedBy = rt.Store.IsDurable ? [self.Address] : [];
        if (!rt.Store.IsDurable)
        {
            _problems.Add($"{self.Address} holds it in memory only (no data directory)");
        }

        _self = self;
        Receive<PrimeSwitchAck>(ack => ack.SwitchId == _state.SwitchId && _waiting.Contains(ack.From), OnAck);
        Receive<ClusterTick>(_ => Finish());
    }

    protected override void PreStart()
    {
        foreach (var target in _waiting)
        {
            _rt.Resolve(target.Address, ClusterRuntime.CoreName).Tell(new PrimeSwitchStoreRequest(_rt.Realm, _self, _state), Self);
        }

        if (_waiting.Count == 0)
        {
            Finish();
            return;
        }

        Context.Timers.StartSingleTimer(ClusterTick.PrimeSwitchTimeout, ClusterTick.PrimeSwitchTimeout, _rt.Settings.PrimeSwitchAckTimeout);
    }

    private void OnAck(PrimeSwitchAck ack)
    {
        _waiting.Remove(ack.From);
        if (ack.Stored)
        {
            _storedBy.Add(ack.From.Address);
        }
        else
        {
            _refusedBy.Add(ack.From.Address);
            _problems.Add($"{ack.From.Address}: {(ack.Error.Length > 0 ? ack.Error : $"follows {ack.Current}")}");
        }

        if (_waiting.Count == 0)
        {
            Finish();
        }
    }

    private void Finish()
    {
        var problems = _problems
            .Concat(_waiting.Select(n => $"{n.Address}: no answer within {_rt.Settings.PrimeSwitchAckTimeout.TotalSeconds:0.#} s"))
            .ToList();
        var message = $"Prime site is now '{_state.Site}' (epoch {_state.Epoch}); stored by {_storedBy.Count} member(s): {string.Join(", ", _storedBy)}." +
            (problems.Count == 0 ? string.Empty : $" Not confirmed: {string.Join("; ", problems)} (they learn it by gossip).");
        _requester.Tell(
            new PrimeSwitchOutcome
            {
                Accepted = true,
                Prime = _state,
                StoredBy = [.. _storedBy],
                NotConfirmedBy = [.. _refusedBy, .. _waiting.Select(n => n.Address).Order()],
                Message = message,
            },
            Context.Parent);
        Context.Stop(Self);
    }
}
