using System.Collections.Immutable;
using Akka.Actor;

namespace ActorRealm.Cluster.Prime;

/// <summary>
/// After this node stored and adopted an accepted prime switch: asks every member it reaches to
/// store the new state, waits up to <c>prime-switch.ack-timeout</c> for each to confirm, then answers
/// the requester with who did. Members that do not answer still learn the state from the adverts.
/// </summary>
internal sealed class PrimeSwitchCoordinator : ReceiveActor, IWithTimers
{
    private readonly RealmSetup _setup;
    private readonly IActorRef _primeActor;
    private readonly PrimeState _state;
    private readonly IActorRef _requester;
    private readonly HashSet<NodeId> _waiting;
    private readonly List<NodeAddress> _storedBy;
    private readonly List<NodeAddress> _refusedBy = [];
    private readonly List<string> _problems = [];

    public PrimeSwitchCoordinator(RealmSetup setup, IActorRef primeActor, PrimeState state, ImmutableArray<NodeId> targets, IActorRef requester)
    {
        _setup = setup;
        _primeActor = primeActor;
        _state = state;
        _requester = requester;
        _waiting = [.. targets];
        _storedBy = setup.Store.IsDurable ? [setup.Address] : [];
        if (!setup.Store.IsDurable)
        {
            _problems.Add($"{setup.Address} holds it in memory only (no data directory)");
        }

        Receive<PrimeStoreAck>(ack => ack.SwitchId == _state.SwitchId && _waiting.Contains(ack.From), OnAck);
        Receive<Timeout>(_ => Finish());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        var self = Membership.AkkaClusterView.ToNodeId(Akka.Cluster.Cluster.Get(Context.System).SelfUniqueAddress);
        foreach (var target in _waiting)
        {
            var address = new Address(Akka.Cluster.Cluster.Get(Context.System).SelfAddress.Protocol, _setup.Realm, target.Address.Host, target.Address.Port);
            Context.ActorSelection(new RootActorPath(address) / "system" / PrimeSiteActor.Name).Tell(new PrimeStoreRequest(self, _state), Self);
        }

        if (_waiting.Count == 0)
        {
            Finish();
            return;
        }

        Timers.StartSingleTimer(Timeout.Instance, Timeout.Instance, _setup.Cluster.PrimeSwitchAckTimeout);
    }

    private void OnAck(PrimeStoreAck ack)
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
            .Concat(_waiting.Select(n => $"{n.Address}: no answer within {_setup.Cluster.PrimeSwitchAckTimeout.TotalSeconds:0.#} s"))
            .ToList();
        var message = $"Prime site is now '{_state.Site}' (epoch {_state.Epoch}); stored by {_storedBy.Count} member(s): {string.Join(", ", _storedBy)}." +
            (problems.Count == 0 ? string.Empty : $" Not confirmed: {string.Join("; ", problems)} (they learn it from the next advert).");
        _requester.Tell(
            new PrimeSwitchOutcome
            {
                Accepted = true,
                Prime = _state,
                StoredBy = [.. _storedBy],
                NotConfirmedBy = [.. _refusedBy, .. _waiting.Select(n => n.Address).Order()],
                Message = message,
            },
            _primeActor);
        Context.Stop(Self);
    }

    private sealed class Timeout
    {
        public static readonly Timeout Instance = new();
    }
}
