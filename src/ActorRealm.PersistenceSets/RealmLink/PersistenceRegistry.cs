using System.Collections.Immutable;
using System.Diagnostics;
using ActorRealm.Cluster;
using ActorRealm.Cluster.Membership;
using ActorRealm.PersistenceSets.Layout;
using ActorRealm.PersistenceSets.Status;
using Akka.Actor;
using Akka.Event;
using Akka.Remote;

namespace ActorRealm.PersistenceSets.RealmLink;

/// <summary>
/// A realm server's registry of the persistence servers that are its clients (ADR 0071), at
/// <c>/user/persistence-registry</c>: admits them (<see cref="ClientAdmission"/>), keeps each one's latest status, and
/// pushes its side's quorum verdict to every client whenever the realm's status changes and every
/// <c>push-interval</c> otherwise. Asked <see cref="GetPersistenceView"/>, it answers this realm server's
/// <see cref="PersistenceView"/>: its clients live, every other defined server offline.
/// </summary>
/// <remarks>
/// A client is forgotten when its connection closes, when it says hello again from a new incarnation, or when it has
/// not reported for <c>lost-after</c> (it reports every <c>push-interval</c>): a killed or paused server shows offline
/// within that, never as its last status. Not Akka's remote death watch, whose failure detector quarantines a paused
/// process for good and keeps a killed one listed until it gives up (ADR 0080).
/// </remarks>
public sealed class PersistenceRegistry : ReceiveActor, IWithTimers
{
    /// <summary>The registry's name under <c>/user</c>.</summary>
    public const string Name = "persistence-registry";

    private readonly PersistenceLayout _layout;
    private readonly RealmCluster _realm;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly RealmLinkTimings _timings;
    private readonly Dictionary<IActorRef, Client> _clients = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private RealmQuorumVerdict? _lastPushed;
    // The highest persistence epoch known here, from the clients and the other realm servers' registries (ADR 0073).
    private RealmEpochNotice? _highestEpoch;
    // The other realm servers whose registries answered since this one last started serving: until all reachable ones
    // have, its verdict is "no quorum", so a returning old primary hears of a newer epoch before it could serve.
    private readonly HashSet<string> _epochsHeardFrom = new(StringComparer.Ordinal);
    private bool _servingBefore;

    /// <summary>Creates the registry of <paramref name="realm"/>'s node for <paramref name="layout"/>.</summary>
    public PersistenceRegistry(PersistenceLayout layout, RealmCluster realm, RealmLinkTimings timings)
    {
        _layout = layout;
        _realm = realm;
        _timings = timings;
        Receive<PersistenceServerHello>(Hello);
        Receive<PersistenceStatusReport>(Report);
        Receive<DisassociatedEvent>(d => ForgetAll(c => c.Path.Address.Equals(d.RemoteAddress), "its connection closed"));
        Receive<RealmEvent>(_ => Push(force: false));
        Receive<PushTick>(_ =>
        {
            var now = _clock.Elapsed;
            ForgetAll(c => now - _clients[c].HeardAt >= _timings.LostAfter, $"it has not reported for {_timings.LostAfter.TotalSeconds:0.#} s");
            GossipEpochs();
            Push(force: true);
        });
        Receive<RegistryClients>(Heard);
        Receive<GetPersistenceView>(_ => Sender.Tell(View()));
        Receive<GetRegistryClients>(_ => Sender.Tell(new RegistryClients(_realm.NodeName, [.. _clients.Values.Select(c => c.Status).OfType<PersistenceServerStatus>()])));
        Receive<RelayPersistenceAdmin>(RelayToClient);
        Receive<RequestPersistenceChange>(Change);
        Receive<GetRealmPersistence>(_ => Context.ActorOf(PersistenceChangeRequest.Props(OtherRegistries(), null, Sender, GatherTimeout, AnswerTimeout)));
        Context.System.EventStream.Subscribe(Self, typeof(RealmEvent));
        Context.System.EventStream.Subscribe(Self, typeof(DisassociatedEvent));
        Timers.StartPeriodicTimer(PushTick.Instance, PushTick.Instance, timings.PushInterval);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the registry.</summary>
    public static Props Props(PersistenceLayout layout, RealmCluster realm, RealmLinkTimings timings) =>
        Akka.Actor.Props.Create(() => new PersistenceRegistry(layout, realm, timings));

    /// <summary>The verdict a realm server in <paramref name="status"/> gives its clients: quorum only while it serves.</summary>
    public static RealmQuorumVerdict Verdict(ClusterStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var explanation = status.HasQuorum && !status.IsServing
            ? $"{status.Quorum.Explanation}; but this realm server does not serve (it is {status.SelfStatus.ToString().ToLowerInvariant()})"
            : status.Quorum.Explanation;
        return new RealmQuorumVerdict(status.NodeName, status.IsServing, explanation, status.PrimeSite, status.PrimeEpoch);
    }

    /// <summary>How long a request waits for the other realm servers' registries to list their clients.</summary>
    private static TimeSpan GatherTimeout => TimeSpan.FromSeconds(2);

    /// <summary>How long a relayed command waits for its persistence server (which may probe the old primary first).</summary>
    private static TimeSpan AnswerTimeout => TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void Change(RequestPersistenceChange request)
    {
        var status = _realm.CurrentStatus;
        var check = request.Kind == PersistenceChangeKind.Migration
            ? PersistenceChangeRules.Migration(_layout, request.ToSet)
            : PersistenceChangeRules.CutOver(
                _layout,
                _realm.Layout,
                status.Prime,
                status.Site,
                request.ToSet,
                request.ConfirmSiteDown,
                _realm.UnreachableFor(),
                _realm.Setup.Cluster.PrimeSwitchMinUnreachable);
        if (check.Verdict != PrecheckVerdict.Proceed)
        {
            _log.Warning("Administrator's {0} to '{1}' refused by realm server {2}: {3}", request.Kind, request.ToSet, status.NodeName, check.Message);
            Sender.Tell(new PersistenceChangeRefused(check.Verdict, check.Message));
            return;
        }

        _log.Info("Administrator's {0} to '{1}' asked by {2}; realm guard: {3}", request.Kind, request.ToSet, request.RequestedBy, check.Message);
        var command = new PersistenceAdminCommand(request.Kind, request.ToSet, request.ConfirmSiteDown, check.GuardPassed, check.Message, $"{request.RequestedBy} via realm server {status.NodeName}");
        Context.ActorOf(PersistenceChangeRequest.Props(OtherRegistries(), command, Sender, GatherTimeout, AnswerTimeout));
    }

    /// <summary>The registries of the other realm servers that are members this one reaches now.</summary>
    private List<ActorSelection> OtherRegistries()
    {
        var self = ((ExtendedActorSystem)Context.System).Provider.DefaultAddress;
        return [.. _realm.CurrentStatus.Members
            .Where(m => m.Reachable && m.Status == ClusterMemberStatus.Up && !m.IsSelf)
            .Select(m => Context.ActorSelection($"{self.Protocol}://{self.System}@{m.Address.Host}:{m.Address.Port}/user/{Name}"))];
    }

    private void RelayToClient(RelayPersistenceAdmin relay)
    {
        var client = _clients.FirstOrDefault(c => c.Value.Server == relay.Server).Key;
        if (client is null)
        {
            Sender.Tell(new PersistenceAdminAnswer(relay.Server, PersistenceAdminOutcome.Refused, 0, null, $"{relay.Server} is no longer a client of realm server {_realm.NodeName}; retry"));
            return;
        }

        // Through this realm server, which the persistence server already talks to: no new path across sites.
        var server = relay.Server;
        var node = _realm.NodeName;
        client.Ask<PersistenceAdminAnswer>(relay.Command, AnswerTimeout - TimeSpan.FromSeconds(1))
            .PipeTo(Sender, failure: e => new PersistenceAdminAnswer(server, PersistenceAdminOutcome.Refused, 0, null, $"{server} did not answer realm server {node}: {e.Message}; retry"));
    }

    private void Hello(PersistenceServerHello hello)
    {
        var status = _realm.CurrentStatus;
        var from = Sender.Path.Address.Host is { } host && Sender.Path.Address.Port is { } port ? new NodeAddress(host, port) : null;
        if (ClientAdmission.Refusal(_layout, status.Address, status.Site, hello, from) is { } reason)
        {
            _log.Warning("Persistence server {0} from {1} refused: {2}", hello.Server, Sender.Path.Address, reason);
            Sender.Tell(new PersistenceServerRefused(status.NodeName, reason));
            return;
        }

        var now = _clock.Elapsed;
        if (_clients.TryGetValue(Sender, out var known))
        {
            // A repeated hello (a lost welcome, or a silent realm server checked on): welcome again, keep its status.
            _clients[Sender] = known with { Server = hello.Server, HeardAt = now };
        }
        else
        {
            // The same server from a new incarnation (restarted): the old one's last status is not the server's.
            var sender = Sender;
            ForgetAll(c => !c.Equals(sender) && _clients[c].Server == hello.Server, "it started again");
            _clients[Sender] = new Client(hello.Server, null, now);
            _log.Info("Persistence server {0} ({1} at {2}) is a client of this realm server", hello.Server, hello.Set, hello.Site);
        }

        Sender.Tell(new PersistenceServerWelcome(status.NodeName, status.Site));
        if (_highestEpoch is { } highest)
        {
            Sender.Tell(highest);
        }

        Sender.Tell(CurrentVerdict());
    }

    private void Report(PersistenceStatusReport report)
    {
        // Only an admitted client's report counts, and only for the server it said it was.
        if (_clients.TryGetValue(Sender, out var client) && client.Server == report.Status.Server)
        {
            _clients[Sender] = client with { Status = report.Status, HeardAt = _clock.Elapsed };
            Learn(report.Status);
        }
    }

    /// <summary>Keeps the highest epoch a status shows (every reported epoch is committed in its primary set).</summary>
    private bool Learn(PersistenceServerStatus status)
    {
        if (status.EpochPrimarySet is not { } primarySet || status.Epoch <= (_highestEpoch?.Epoch ?? 0))
        {
            return false;
        }

        _highestEpoch = new RealmEpochNotice(status.Epoch, primarySet, status.EpochFirstIndex);
        _log.Info("Persistence epoch {0} (primary set '{1}', from index {2}) learned from {3}", status.Epoch, primarySet, status.EpochFirstIndex, status.Server);
        return true;
    }

    private void GossipEpochs()
    {
        foreach (var other in OtherRegistries())
        {
            other.Tell(GetRegistryClients.Instance);
        }
    }

    private void Heard(RegistryClients other)
    {
        var raised = other.Clients.Aggregate(false, (any, s) => Learn(s) || any);
        var status = _realm.CurrentStatus;
        var synced = EpochsSynced(status);
        // Only an answer while serving counts: one from before may predate a cut-over made while this side was out.
        if (status.IsServing)
        {
            _epochsHeardFrom.Add(other.RealmServer);
        }

        if (raised || synced != EpochsSynced(status))
        {
            Push(force: true);
        }
    }

    /// <summary>Whether every other realm server this one reaches has told its registry's epochs since this one started serving.</summary>
    private bool EpochsSynced(ClusterStatus status) =>
        status.Members.Where(m => m.Reachable && m.Status == ClusterMemberStatus.Up && !m.IsSelf).All(m => _epochsHeardFrom.Contains(m.Node));

    private RealmQuorumVerdict CurrentVerdict()
    {
        var status = _realm.CurrentStatus;
        if (!status.IsServing)
        {
            // Serving again later (a heal, a rejoin) needs the other realm servers' epochs again: a cut-over may have happened meanwhile.
            _epochsHeardFrom.Clear();
        }

        var verdict = Verdict(status);
        if (verdict.HasQuorum && _realm.SettlingAfterPause() is { } pause)
        {
            // The snapshot may date from before this process was paused; the epochs are asked again afterwards too:
            // a cut-over may have happened meanwhile (ADR 0084).
            _epochsHeardFrom.Clear();
            return verdict with { HasQuorum = false, Explanation = $"no quorum: this realm server's process was paused for {pause.PausedFor.TotalSeconds:0.0} s and it observes the realm afresh first" };
        }

        return verdict.HasQuorum && !EpochsSynced(status)
            ? verdict with { HasQuorum = false, Explanation = $"{verdict.Explanation}; but this realm server has not yet heard the persistence epoch from every realm server it reaches" }
            : verdict;
    }

    private void ForgetAll(Func<IActorRef, bool> gone, string why)
    {
        foreach (var client in _clients.Keys.Where(gone).ToList())
        {
            _log.Info("Persistence server {0} is no longer a client of this realm server: {1}", _clients[client].Server, why);
            _clients.Remove(client);
        }
    }

    private void Push(bool force)
    {
        var serving = _realm.CurrentStatus.IsServing;
        if (serving && !_servingBefore)
        {
            GossipEpochs();
        }

        _servingBefore = serving;
        var verdict = CurrentVerdict();
        if (!force && verdict == _lastPushed)
        {
            return;
        }

        _lastPushed = verdict;
        foreach (var (client, known) in _clients)
        {
            // The epoch first, on the same connection: the client adopts it before it could act on the verdict.
            if (_highestEpoch is { } highest && (known.Status?.Epoch ?? -1) < highest.Epoch)
            {
                client.Tell(highest);
            }

            client.Tell(verdict);
        }
    }

    private PersistenceView View()
    {
        var status = _realm.CurrentStatus;
        ImmutableArray<PersistenceServerStatus> live = [.. _clients.Values.Select(c => c.Status).OfType<PersistenceServerStatus>()];
        return PersistenceViewBuilder.Build(_layout, status.NodeName, status.Site, live);
    }

    private sealed record Client(string Server, PersistenceServerStatus? Status, TimeSpan HeardAt);

    private sealed class PushTick
    {
        public static readonly PushTick Instance = new();
    }
}

/// <summary>
/// An administrator's cut-over or migration, from the admin API to its realm server's registry (local only); answered
/// with a <see cref="PersistenceChangeOutcome"/>, or a <see cref="PersistenceChangeRefused"/> when the realm server
/// refuses it itself.
/// </summary>
/// <param name="Kind">Cut-over or migration.</param>
/// <param name="ToSet">The set to make primary.</param>
/// <param name="ConfirmSiteDown">For a cut-over, the site confirmed down; empty for a migration.</param>
/// <param name="RequestedBy">Who asks.</param>
public sealed record RequestPersistenceChange(PersistenceChangeKind Kind, string ToSet, string ConfirmSiteDown, string RequestedBy);

/// <summary>The realm server refused an administrator's change without asking any persistence server (local only).</summary>
/// <param name="Verdict">Bad request or conflict.</param>
/// <param name="Message">Why.</param>
public sealed record PersistenceChangeRefused(PrecheckVerdict Verdict, string Message);

/// <summary>Asks a registry for every reachable realm server's live client statuses, answered with <see cref="RealmPersistence"/> (local only).</summary>
public sealed record GetRealmPersistence
{
    /// <summary>The single instance.</summary>
    public static GetRealmPersistence Instance { get; } = new();
}

/// <summary>Asks a <see cref="PersistenceRegistry"/> for its realm server's <see cref="PersistenceView"/> (local only).</summary>
public sealed record GetPersistenceView
{
    /// <summary>The single instance.</summary>
    public static GetPersistenceView Instance { get; } = new();
}
