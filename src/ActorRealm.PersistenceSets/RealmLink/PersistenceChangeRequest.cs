using ActorRealm.PersistenceSets.Status;
using Akka.Actor;

namespace ActorRealm.PersistenceSets.RealmLink;

/// <summary>
/// One administrator's request at a realm server's <see cref="PersistenceRegistry"/> (ADR 0073), a child of it: asks
/// the registries of this realm server and of every other reachable realm server for their clients' statuses, picks
/// the persistence server to give the command to (<see cref="PersistenceChangeRules.Target"/>), has the registry it
/// is a client of relay the command, and follows the answer's redirects to the leader. Asked only for the statuses
/// (no command), it answers them. Answers its requester once and stops.
/// </summary>
public sealed class PersistenceChangeRequest : ReceiveActor, IWithTimers
{
    private const int MaxHops = 3;
    private readonly IReadOnlyList<ActorSelection> _others;
    private readonly PersistenceAdminCommand? _command;
    private readonly IActorRef _requester;
    private readonly TimeSpan _gatherTimeout;
    private readonly TimeSpan _answerTimeout;
    private readonly List<(IActorRef Registry, RegistryClients Clients)> _gathered = [];
    private int _hops;
    private string? _asked;

    /// <summary>Creates the request; it starts at once.</summary>
    public PersistenceChangeRequest(IReadOnlyList<ActorSelection> others, PersistenceAdminCommand? command, IActorRef requester, TimeSpan gatherTimeout, TimeSpan answerTimeout)
    {
        _others = others;
        _command = command;
        _requester = requester;
        _gatherTimeout = gatherTimeout;
        _answerTimeout = answerTimeout;
        Receive<RegistryClients>(c =>
        {
            _gathered.Add((Sender, c));
            if (_gathered.Count == _others.Count + 1)
            {
                Gathered();
            }
        });
        Receive<Timeout>(_ => Gathered());
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for a request.</summary>
    public static Props Props(IReadOnlyList<ActorSelection> others, PersistenceAdminCommand? command, IActorRef requester, TimeSpan gatherTimeout, TimeSpan answerTimeout) =>
        Akka.Actor.Props.Create(() => new PersistenceChangeRequest(others, command, requester, gatherTimeout, answerTimeout));

    /// <inheritdoc />
    protected override void PreStart()
    {
        Context.Parent.Tell(GetRegistryClients.Instance);
        foreach (var other in _others)
        {
            other.Tell(GetRegistryClients.Instance);
        }

        Timers.StartSingleTimer(Timeout.Instance, Timeout.Instance, _gatherTimeout);
    }

    private IEnumerable<PersistenceServerStatus> Live => _gathered.SelectMany(g => g.Clients.Clients);

    private void Gathered()
    {
        Timers.Cancel(Timeout.Instance);
        if (_command is null)
        {
            Finish(new RealmPersistence([.. _gathered.Select(g => g.Clients)]));
            return;
        }

        Become(Relaying);
        Relay(preferred: null);
    }

    private void Relaying()
    {
        Receive<PersistenceAdminAnswer>(answer =>
        {
            Timers.Cancel(Timeout.Instance);
            if (answer.Outcome == PersistenceAdminOutcome.Redirect && answer.Leader is { } leader && _hops < MaxHops)
            {
                Relay(leader);
                return;
            }

            Finish(new PersistenceChangeOutcome(answer, null));
        });
        Receive<Timeout>(_ => Finish(new PersistenceChangeOutcome(null, $"persistence server {_asked} did not answer within {_answerTimeout.TotalSeconds:0.#} s; retry")));
    }

    private void Relay(string? preferred)
    {
        var command = _command!;
        var target = PersistenceChangeRules.Target(command.Kind, command.ToSet, Live, preferred);
        var owner = _gathered.FirstOrDefault(g => g.Clients.Clients.Any(c => c.Server == target));
        if (target is null || owner.Registry is null)
        {
            var realmServers = string.Join(", ", _gathered.Select(g => g.Clients.RealmServer));
            var what = preferred is not null ? $"the leader {preferred}" : command.Kind == PersistenceChangeKind.CutOver ? $"a server of '{command.ToSet}'" : "a server of the primary set";
            Finish(new PersistenceChangeOutcome(null, $"{what} is not a client of any realm server this one reaches ({realmServers}); retry once it reports"));
            return;
        }

        _hops++;
        _asked = target;
        owner.Registry.Tell(new RelayPersistenceAdmin(target, command));
        Timers.StartSingleTimer(Timeout.Instance, Timeout.Instance, _answerTimeout);
    }

    private void Finish(object answer)
    {
        _requester.Tell(answer);
        Context.Stop(Self);
    }

    private sealed class Timeout
    {
        public static readonly Timeout Instance = new();
    }
}

/// <summary>How an administrator's change ended at the realm server (local only).</summary>
/// <param name="Answer">The persistence server's answer, or null when none could be had.</param>
/// <param name="Unavailable">Why no persistence server answered, when <paramref name="Answer"/> is null.</param>
public sealed record PersistenceChangeOutcome(PersistenceAdminAnswer? Answer, string? Unavailable);

/// <summary>The live statuses every reachable realm server holds of its clients (local only).</summary>
/// <param name="Registries">One entry per realm server that answered.</param>
public sealed record RealmPersistence(IReadOnlyList<RegistryClients> Registries);
