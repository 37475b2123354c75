using ActorRealm.PersistenceSets.RealmLink;
using ActorRealm.PersistenceSets.Replication;
using ActorRealm.PersistenceSets.Status;
using Akka.Actor;
using Akka.Event;
using Akka.Remote;
using ReplicationRole = ActorRealm.PersistenceSets.Replication.SetRole;
using StatusSetRole = ActorRealm.PersistenceSets.Status.SetRole;
using StatusStandbyLag = ActorRealm.PersistenceSets.Status.StandbyLag;

namespace ActorRealm.PersistenceSets.Server;

/// <summary>
/// A persistence server: the thin actor shell around its <see cref="ReplicationServer"/> (ADR 0070). It feeds the
/// machine ticks, peer messages (only from a server of the layout at its configured address), the realm link's
/// quorum lease, durable writes and client requests, and carries out the outputs in order: sends to the peer
/// servers' actors, writes to its <see cref="ReplicationJournalActor"/>, answers to clients, and status reports to its
/// realm server (at every change and every <see cref="PersistenceServerOptions.StatusInterval"/>).
/// </summary>
public sealed partial class PersistenceServerActor : ReceiveActor, IWithTimers, IWithStash
{
    private readonly PersistenceServerOptions _options;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, ActorSelection> _peers = [];
    // Clients with unanswered requests (an Ask's temporary actor asks once): forgotten once all are answered.
    private readonly Dictionary<string, (IActorRef Client, int Pending)> _clients = [];
    private readonly Layout.PersistenceServerDefinition _me;
    private IActorRef _journal = ActorRefs.Nobody;
    private IActorRef _link = ActorRefs.Nobody;
    // The link's lease as of now, and whether the machine was last told it has realm quorum (ADR 0084).
    private readonly QuorumLeaseView _lease = new();
    private bool _machineQuorum;
    private ReplicationServer? _server;
    private ((ReplicationRole Role, bool SetIsPrimary, long Term, long Epoch, string? Leader) Machine, bool Serving, ExportedSuffix? Export, MigrationReport? Migration)? _reportedStanding;
    // Who asked the administrator's command being stepped: the machine answers it within the same step.
    private IActorRef? _adminRequester;
    private PersistenceAdminCommand? _adminCommand;
    private ExportedSuffix? _lastExport;
    private MigrationReport? _lastMigration;
    private readonly LatencyHistogram _journalLatency = new();

    /// <summary>Creates the server; it recovers its journal, then starts its machine and its realm link.</summary>
    public PersistenceServerActor(PersistenceServerOptions options)
    {
        _options = options;
        _me = options.Layout.Server(options.Server);
        foreach (var peer in options.Layout.Servers.Where(s => s.Name != options.Server))
        {
            _peers[peer.Name] = Context.ActorSelection(options.PathOf(peer));
        }

        Receive<JournalRecovered>(Start);
        Receive<Terminated>(JournalStopped);
        // The health probe is answered at once, not stashed: a server recovering a long journal is live but not ready.
        Receive<GetPersistenceReadiness>(_ => Sender.Tell(PersistenceReadiness.Recovering(_me.Name)));
        ReceiveAny(_ => Stash.Stash());
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <inheritdoc />
    public IStash Stash { get; set; } = null!;

    /// <summary>Props for the server.</summary>
    public static Props Props(PersistenceServerOptions options) => Akka.Actor.Props.Create(() => new PersistenceServerActor(options));

    /// <inheritdoc />
    protected override void PreStart()
    {
        var cluster = _options.Cluster;
        _journal = Context.ActorOf(ReplicationJournalActor.Props(_options.Server, HardState.Initial(cluster), _options.ExportDirectory, Self), "journal");
        // Without its storage the server must not go on from memory: the failure restarts it from the journal.
        Context.Watch(_journal);
        // A peer's process that dies closes its connection at once: members of its set need not wait out the election
        // timeout (the machine decides what a closed connection means).
        Context.System.EventStream.Subscribe(Self, typeof(DisassociatedEvent));
    }

    /// <inheritdoc />
    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self, typeof(DisassociatedEvent));

    private void ConnectionClosed(DisassociatedEvent closed)
    {
        var address = closed.RemoteAddress;
        if (_options.Layout.Servers.FirstOrDefault(s => s.Name != _me.Name && s.Address.Host == address.Host && s.Address.Port == address.Port) is { } peer)
        {
            _log.Info("Persistence server {0}: the connection to {1} closed", _me.Name, peer.Name);
            Step(new PeerConnectionLost(peer.Name));
            return;
        }

        _sessions.Closed(address.ToString());
    }

    private void Start(JournalRecovered recovered)
    {
        _server = ReplicationServer.Start(_options.Cluster, _options.Server, _options.Replication, recovered.State, _options.Faults.Switches);
        _lastExport = recovered.LastExport is { } x ? Exported(x) : null;
        _link = Context.ActorOf(RealmLinkActor.Props(_options.RealmLink, Self, _lease), "realm-link");
        Timers.StartPeriodicTimer(TickTimer.Instance, TickTimer.Instance, _options.TickInterval);
        Timers.StartPeriodicTimer(StatusTimer.Instance, StatusTimer.Instance, _options.StatusInterval);
        StartRetention();
        _log.Info("Persistence server {0} ({1}) runs: log of {2} entries after {3} compacted, term {4}, epoch {5}", _me.Name, _me, _server.Log.Count, _server.Snapshot.Index, _server.Status.Term, _server.CurrentEpoch.Epoch);
        _channels.Update(_server.Log, _server.CommitIndex, _server.Snapshot);
        Become(Running);
        Stash.UnstashAll();
        Report(force: true);
    }

    private void Running()
    {
        Receive<TickTimer>(_ => Step(Tick.Instance));
        Receive<Persisted>(Step);
        Receive<JournalBatchWritten>(b => _journalLatency.Observe(b.Elapsed));
        Receive<DisassociatedEvent>(ConnectionClosed);
        Receive<PeerMessage>(FromPeer);
        Receive<QuorumLeaseChanged>(q =>
        {
            _machineQuorum = q.HasQuorum;
            Step(new RealmQuorumChanged(q.HasQuorum));
        });
        Receive<PersistenceServerRefused>(_ => { /* the link logs it; the server keeps trying others */ });
        ReceiveClientRequests();
        ReceiveRetention();
        Receive<GetReplicationStatus>(_ => Sender.Tell(_server!.Status));
        Receive<GetPersistenceReadiness>(_ => Sender.Tell(PersistenceReadiness.Of(_server!.Status, _options.ReadyMaxLag)));
        Receive<StatusTimer>(_ => Report(force: true));
        Receive<Terminated>(JournalStopped);
        Receive<PersistenceAdminCommand>(AdminCommand);
        Receive<RealmEpochNotice>(n => Step(new EpochNotice(new EpochRecord(n.Epoch, n.PrimarySet, n.FirstIndex))));
        Receive<OldPrimaryProbed>(Probed);
        Receive<JournaledExport>(x =>
        {
            _lastExport = Exported(x);
            Report(force: false);
        });
    }

    /// <summary>
    /// The machine threw: the server stops answering and ends its actor system so that the process exits (ADR 0083).
    /// Nothing it held in memory is written or sent any more; what is durable stays.
    /// </summary>
    private void MachineFailed(ReplicationInput input, Exception e)
    {
        var description = $"{_me.Name} failed on {input.GetType().Name}: {e.GetType().Name}: {e.Message}";
        _log.Error(e, "Persistence server {0}: its replication machine FAILED on {1} ({2}: {3}): an invariant broke; the server stops now and exits with code {4} so that its supervisor starts it again from its durable copy", _me.Name, input, e.GetType().Name, e.Message, ReplicationMachineFailed.ExitCodeValue);
        Become(() => ReceiveAny(_ => { }));
        _ = CoordinatedShutdown.Get(Context.System).Run(new ReplicationMachineFailed(description));
    }

    private static ExportedSuffix Exported(JournaledExport x) => new(x.File, x.FromIndex, x.Count, x.NewEpoch, x.Reason == SuffixReason.OldEpoch);

    private void AdminCommand(PersistenceAdminCommand command)
    {
        _log.Info("Persistence server {0}: administrator's {1} to '{2}' asked by {3}", _me.Name, command.Kind, command.ToSet, command.RequestedBy);
        if (command.Kind == PersistenceChangeKind.Migration)
        {
            StepAdmin(new Migrate(command.ToSet), command, Sender);
            return;
        }

        // The realm server's half of the guard failed, or this set is primary (the machine refuses that): no probe.
        if (!command.RealmGuardPassed || _server!.Standing.SetIsPrimary)
        {
            StepAdmin(new CutOver(command.ToSet, command.ConfirmSiteDown, command.RealmGuardPassed, command.RealmGuardExplanation), command, Sender);
            return;
        }

        // The persistence half: no server of the old primary set may answer from this side.
        var primary = _options.Layout.OtherSet(_me.Set);
        var targets = primary.Servers.Select(s => (s.Name, _peers[s.Name])).ToList();
        Context.ActorOf(OldPrimaryProbe.Props(targets, _options.CutOverProbeTimeout, new OldPrimaryProbed(primary.Name, [], command, Sender)));
    }

    private void Probed(OldPrimaryProbed probed)
    {
        var command = probed.Command;
        var timeout = $"{_options.CutOverProbeTimeout.TotalSeconds:0.#} s";
        var (passed, explanation) = probed.Answered.Count == 0
            ? (true, $"{command.RealmGuardExplanation}; no server of the primary set '{probed.PrimarySet}' answered {_me.Name} within {timeout}")
            : (false, $"{string.Join(", ", probed.Answered)} of the primary set '{probed.PrimarySet}' answered {_me.Name} within {timeout}: " +
                "a primary set that is reachable may still be serving; stop it, or use a migration if it is healthy");
        StepAdmin(new CutOver(command.ToSet, command.ConfirmSiteDown, passed, explanation), command, probed.Requester);
    }

    private void StepAdmin(ReplicationInput input, PersistenceAdminCommand command, IActorRef requester)
    {
        _adminRequester = requester;
        _adminCommand = command;
        try
        {
            Step(input);
        }
        finally
        {
            _adminRequester = null;
            _adminCommand = null;
        }
    }

    private void AnswerAdmin(AdminResult result)
    {
        var toSet = _adminCommand?.ToSet ?? "?";
        var answer = result switch
        {
            AdminAccepted a => new PersistenceAdminAnswer(_me.Name, PersistenceAdminOutcome.Accepted, a.NewEpoch, null,
                a.Change == EpochChange.Migration
                    ? $"{_me.Name}, leader of the primary set, drains and hands over to '{toSet}' in epoch {a.NewEpoch}"
                    : $"{_me.Name}, leader of '{toSet}', starts epoch {a.NewEpoch} with '{toSet}' primary"),
            AdminRedirect r => new PersistenceAdminAnswer(_me.Name, PersistenceAdminOutcome.Redirect, 0, r.Leader, $"{_me.Name} is not the leader; give the command to {r.Leader}"),
            AdminRefused r => new PersistenceAdminAnswer(_me.Name, PersistenceAdminOutcome.Refused, 0, null, r.Message),
            _ => throw new InvalidOperationException($"Unknown administrator answer {result.GetType().Name}."),
        };
        if (answer.Outcome == PersistenceAdminOutcome.Refused)
        {
            _log.Warning("Persistence server {0}: administrator's command refused: {1}", _me.Name, answer.Message);
        }
        else
        {
            _log.Info("Persistence server {0}: administrator's command answered: {1}", _me.Name, answer.Message);
        }

        _adminRequester?.Tell(answer);
    }

    private void JournalStopped(Terminated terminated)
    {
        if (terminated.ActorRef.Equals(_journal))
        {
            throw new InvalidOperationException($"The journal of persistence server {_me.Name} stopped.");
        }
    }

    private void FromPeer(PeerMessage message)
    {
        // A peer is a server of the layout, and its messages come from that server's configured address.
        var address = Sender.Path.Address;
        if (!_options.Layout.TryGetServer(message.From, out var peer) || peer.Name == _me.Name
            || address.Host != peer.Address.Host || address.Port != peer.Address.Port)
        {
            _log.Warning("Dropped a {0} that says it is from '{1}' but comes from {2}: not a persistence server of the layout at its configured address", message.GetType().Name, message.From, address);
            return;
        }

        Step(new Deliver(message));
    }

    private string ClientKey()
    {
        var key = Sender.Path.ToSerializationFormat();
        _clients[key] = (Sender, _clients.TryGetValue(key, out var known) ? known.Pending + 1 : 1);
        return key;
    }

    private void Step(ReplicationInput input)
    {
        if (_machineQuorum && input is not RealmQuorumChanged && !_lease.HasQuorum)
        {
            // The lease ran out, typically while this process was paused: the machine hears of it before anything that
            // arrived meanwhile (a member's acknowledgement would otherwise be answered in an epoch that may be over).
            _machineQuorum = false;
            Step(new RealmQuorumChanged(false));
        }

        List<StorageWrite>? writes = null;
        IReadOnlyList<ReplicationOutput> outputs;
        try
        {
            outputs = _server!.Step(input);
        }
#pragma warning disable CA1031 // Any exception of the machine is a broken invariant; it ends the process, never an actor restart.
        catch (Exception e)
#pragma warning restore CA1031
        {
            MachineFailed(input, e);
            return;
        }

        // Before the answers: an acknowledgement carries its channel offset.
        _channels.Update(_server.Log, _server.CommitIndex, _server.Snapshot);
        foreach (var output in outputs)
        {
            switch (output)
            {
                case Send s when _peers.TryGetValue(s.To, out var peer):
                    peer.Tell(s.Message, Self);
                    break;
                case StorageWrite w:
                    (writes ??= []).Add(w);
                    break;
                case ClientReply r when _clients.TryGetValue(r.Id.Client, out var client):
                    client.Client.Tell(Served(client.Client, Answer(r.Id, r.Result)));
                    if (client.Pending > 1)
                    {
                        _clients[r.Id.Client] = client with { Pending = client.Pending - 1 };
                    }
                    else
                    {
                        _clients.Remove(r.Id.Client);
                    }

                    break;
                case AdminReply a:
                    AnswerAdmin(a.Result);
                    break;
                case Notify { Event: MigrationCompleted m } n:
                    _lastMigration = new MigrationReport(m.NewEpoch, _options.TickInterval * m.PublishPauseTicks);
                    LogEvent(n.Event);
                    break;
                case Notify { Event: MigrationAbandoned m } n:
                    // Abandoned before its hand-over entry: the epoch it would have started is the next one.
                    _lastMigration = new MigrationReport(_server.CurrentEpoch.Epoch + 1, _options.TickInterval * m.PublishPauseTicks, m.Why);
                    LogEvent(n.Event);
                    break;
                case Notify n:
                    LogEvent(n.Event);
                    break;
            }
        }

        // One message per step: the storage batches further while a write is in flight.
        if (writes is not null)
        {
            _journal.Tell(new StoreWrites(writes));
        }

        Report(force: false);
    }

    private void LogEvent(ReplicationEvent e)
    {
        switch (e)
        {
            case SteppedDown or MigrationAbandoned or EpochAdopted:
                _log.Warning("Persistence server {0}: {1}", _me.Name, e);
                break;
            default:
                _log.Info("Persistence server {0}: {1}", _me.Name, e);
                break;
        }
    }

    /// <summary>
    /// Reports at once when the server's standing changes (role, term, epoch, leader); indexes and lag, which move
    /// with every publish, go with the periodic report, so the realm link does not carry one report per message.
    /// </summary>
    private void Report(bool force)
    {
        var standing = (_server!.Standing, _server.IsServing, _lastExport, _lastMigration);
        if (force || standing != _reportedStanding)
        {
            _reportedStanding = standing;
            _link.Tell(new PersistenceStatusReport(StatusOf(_server.Status)));
        }
    }

    private PersistenceServerStatus StatusOf(ReplicationStatus s)
    {
        var isLeader = s.Role == ReplicationRole.Leader;
        var standby = isLeader && s.SetIsPrimary && s.Standby is { } lag
            ? new StatusStandbyLag(lag.Entries, lag.Bytes, _options.TickInterval * lag.OldestTicks)
            : null;
        return new PersistenceServerStatus(
            s.Server,
            _me.Set,
            _me.Site,
            s.SetIsPrimary ? StatusSetRole.Primary : StatusSetRole.Standby,
            s.Role switch
            {
                ReplicationRole.Leader => PersistenceRole.Leader,
                ReplicationRole.Candidate => PersistenceRole.Candidate,
                _ => PersistenceRole.Member,
            },
            s.Term,
            s.Epoch,
            s.LastIndex,
            s.CommitIndex,
            s.Leader,
            isLeader || s.Leader is null ? null : s.LagBehindLeader,
            standby,
            DateTimeOffset.UtcNow,
            s.Serving,
            _lastExport,
            _lastMigration,
            _server!.CurrentEpoch.PrimarySet,
            _server.CurrentEpoch.FirstIndex,
            _server.Snapshot.Index,
            _channels.Ledger.Dropped.Any() ? [.. _channels.Ledger.Dropped.Select(d => new SubscriptionLoss(d.Channel, d.Subscription, d.Messages, d.LastFrom, d.LastTo))] : null,
            _publishesAcknowledged,
            _publishesAcknowledged > 0 ? _publishLatency.Snapshot() : null,
            _journalLatency.Snapshot() is { Count: > 0 } journal ? journal : null,
            _sessions.Count(_sessionClock.Elapsed));
    }

    private sealed class TickTimer
    {
        public static readonly TickTimer Instance = new();
    }

    private sealed class StatusTimer
    {
        public static readonly StatusTimer Instance = new();
    }
}

/// <summary>Asks a <see cref="PersistenceServerActor"/> whether it can serve its role: a <see cref="PersistenceReadiness"/> (local only; answered at once, also while it recovers).</summary>
public sealed record GetPersistenceReadiness
{
    /// <summary>The single instance.</summary>
    public static GetPersistenceReadiness Instance { get; } = new();
}

/// <summary>Asks a <see cref="PersistenceServerActor"/> for its <see cref="ReplicationStatus"/> (local only; answered once it has recovered).</summary>
public sealed record GetReplicationStatus
{
    /// <summary>The single instance.</summary>
    public static GetReplicationStatus Instance { get; } = new();
}
