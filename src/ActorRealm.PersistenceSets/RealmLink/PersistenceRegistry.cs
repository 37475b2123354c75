using System.Collections.Immutable;
using ActorRealm.Cluster;
using ActorRealm.Cluster.Membership;
using ActorRealm.PersistenceSets.Layout;
using ActorRealm.PersistenceSets.Status;
using Akka.Actor;
using Akka.Event;

namespace ActorRealm.PersistenceSets.RealmLink;

/// <summary>
/// A realm server's registry of the persistence servers that are its clients (ADR 0071), at
/// <c>/user/persistence-registry</c>: admits them (<see cref="ClientAdmission"/>), watches them, keeps each one's
/// latest status, and pushes its side's quorum verdict to every client whenever the realm's status changes and every
/// <c>push-interval</c> otherwise. Asked <see cref="GetPersistenceView"/>, it answers this realm server's
/// <see cref="PersistenceView"/>: its clients live, every other defined server offline.
/// </summary>
public sealed class PersistenceRegistry : ReceiveActor, IWithTimers
{
    /// <summary>The registry's name under <c>/user</c>.</summary>
    public const string Name = "persistence-registry";

    private readonly PersistenceLayout _layout;
    private readonly RealmCluster _realm;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<IActorRef, Client> _clients = [];
    private RealmQuorumVerdict? _lastPushed;

    /// <summary>Creates the registry of <paramref name="realm"/>'s node for <paramref name="layout"/>.</summary>
    public PersistenceRegistry(PersistenceLayout layout, RealmCluster realm, TimeSpan pushInterval)
    {
        _layout = layout;
        _realm = realm;
        Receive<PersistenceServerHello>(Hello);
        Receive<PersistenceStatusReport>(Report);
        Receive<Terminated>(t => Gone(t.ActorRef));
        Receive<RealmEvent>(_ => Push(force: false));
        Receive<PushTick>(_ => Push(force: true));
        Receive<GetPersistenceView>(_ => Sender.Tell(View()));
        Context.System.EventStream.Subscribe(Self, typeof(RealmEvent));
        Timers.StartPeriodicTimer(PushTick.Instance, PushTick.Instance, pushInterval);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the registry.</summary>
    public static Props Props(PersistenceLayout layout, RealmCluster realm, TimeSpan pushInterval) =>
        Akka.Actor.Props.Create(() => new PersistenceRegistry(layout, realm, pushInterval));

    /// <summary>The verdict a realm server in <paramref name="status"/> gives its clients: quorum only while it serves.</summary>
    public static RealmQuorumVerdict Verdict(ClusterStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var explanation = status.HasQuorum && !status.IsServing
            ? $"{status.Quorum.Explanation}; but this realm server does not serve (it is {status.SelfStatus.ToString().ToLowerInvariant()})"
            : status.Quorum.Explanation;
        return new RealmQuorumVerdict(status.NodeName, status.IsServing, explanation, status.PrimeSite, status.PrimeEpoch);
    }

    /// <inheritdoc />
    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

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

        if (_clients.TryGetValue(Sender, out var known))
        {
            // A repeated hello (a lost welcome): welcome again, keep its status.
            _clients[Sender] = known with { Server = hello.Server };
        }
        else
        {
            Context.Watch(Sender);
            _clients[Sender] = new Client(hello.Server, null);
            _log.Info("Persistence server {0} ({1} at {2}) is a client of this realm server", hello.Server, hello.Set, hello.Site);
        }

        Sender.Tell(new PersistenceServerWelcome(status.NodeName, status.Site));
        Sender.Tell(Verdict(status));
    }

    private void Report(PersistenceStatusReport report)
    {
        // Only an admitted client's report counts, and only for the server it said it was.
        if (_clients.TryGetValue(Sender, out var client) && client.Server == report.Status.Server)
        {
            _clients[Sender] = client with { Status = report.Status };
        }
    }

    private void Gone(IActorRef client)
    {
        if (_clients.Remove(client, out var gone))
        {
            _log.Info("Persistence server {0} is no longer a client of this realm server", gone.Server);
        }
    }

    private void Push(bool force)
    {
        var verdict = Verdict(_realm.CurrentStatus);
        if (!force && verdict == _lastPushed)
        {
            return;
        }

        _lastPushed = verdict;
        foreach (var client in _clients.Keys)
        {
            client.Tell(verdict);
        }
    }

    private PersistenceView View()
    {
        var status = _realm.CurrentStatus;
        ImmutableArray<PersistenceServerStatus> live = [.. _clients.Values.Select(c => c.Status).OfType<PersistenceServerStatus>()];
        return PersistenceViewBuilder.Build(_layout, status.NodeName, status.Site, live);
    }

    private sealed record Client(string Server, PersistenceServerStatus? Status);

    private sealed class PushTick
    {
        public static readonly PushTick Instance = new();
    }
}

/// <summary>Asks a <see cref="PersistenceRegistry"/> for its realm server's <see cref="PersistenceView"/> (local only).</summary>
public sealed record GetPersistenceView
{
    /// <summary>The single instance.</summary>
    public static GetPersistenceView Instance { get; } = new();
}
