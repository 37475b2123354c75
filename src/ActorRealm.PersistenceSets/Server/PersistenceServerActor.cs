using ActorRealm.PersistenceSets.RealmLink;
using ActorRealm.PersistenceSets.Replication;
using ActorRealm.PersistenceSets.Status;
using Akka.Actor;
using Akka.Event;
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
public sealed class PersistenceServerActor : ReceiveActor, IWithTimers, IWithStash
{
    private readonly PersistenceServerOptions _options;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, ActorSelection> _peers = [];
    // Clients with unanswered requests (an Ask's temporary actor asks once): forgotten once all are answered.
    private readonly Dictionary<string, (IActorRef Client, int Pending)> _clients = [];
    private readonly Layout.PersistenceServerDefinition _me;
    private IActorRef _journal = ActorRefs.Nobody;
    private IActorRef _link = ActorRefs.Nobody;
    private ReplicationServer? _server;
    private (ReplicationRole Role, bool SetIsPrimary, long Term, long Epoch, string? Leader)? _reportedStanding;

    /// <summary>Creates the server; it recovers its journal, then starts its machine and its realm link.</summary>
    public PersistenceServerActor(PersistenceServerOptions options)
    {
        _options = options;
        _me = options.Layout.Server(options.Server);
        foreach (var peer in options.Layout.Servers.Where(s => s.Name != options.Server))
        {
            _peers[peer.Name] = Context.ActorSelection(options.PathOf(peer));
        }

        Receive<JournalRecovered>(r => Start(r.State));
        Receive<Terminated>(JournalStopped);
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
    }

    private void Start(DurableState? stored)
    {
        _server = ReplicationServer.Start(_options.Cluster, _options.Server, _options.Replication, stored);
        _link = Context.ActorOf(RealmLinkActor.Props(_options.RealmLink, Self), "realm-link");
        Timers.StartPeriodicTimer(TickTimer.Instance, TickTimer.Instance, _options.TickInterval);
        Timers.StartPeriodicTimer(StatusTimer.Instance, StatusTimer.Instance, _options.StatusInterval);
        _log.Info("Persistence server {0} ({1}) runs: log of {2} entries, term {3}, epoch {4}", _me.Name, _me, _server.Log.Count, _server.Status.Term, _server.CurrentEpoch.Epoch);
        Become(Running);
        Stash.UnstashAll();
        Report(force: true);
    }

    private void Running()
    {
        Receive<TickTimer>(_ => Step(Tick.Instance));
        Receive<Persisted>(Step);
        Receive<PeerMessage>(FromPeer);
        Receive<QuorumLeaseChanged>(q => Step(new RealmQuorumChanged(q.HasQuorum)));
        Receive<PersistenceServerRefused>(_ => { /* the link logs it; the server keeps trying others */ });
        Receive<PublishRequest>(p => Step(new ClientRequest(new ClientRequestId(ClientKey(), p.RequestId), new PublishCommand(p.Message))));
        Receive<StorePositionRequest>(p => Step(new ClientRequest(new ClientRequestId(ClientKey(), p.RequestId), new StorePositionCommand(p.Position))));
        Receive<ReadChannel>(r => Sender.Tell(Read(r)));
        Receive<GetReplicationStatus>(_ => Sender.Tell(_server!.Status));
        Receive<StatusTimer>(_ => Report(force: true));
        Receive<Terminated>(JournalStopped);
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
        List<StorageWrite>? writes = null;
        foreach (var output in _server!.Step(input))
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
                    client.Client.Tell(new ClientAnswer(r.Id.Id, r.Result));
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
                    _log.Info("Persistence server {0}: administrator command answered: {1}", _me.Name, a.Result);
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
            case SteppedDown or MigrationAbandoned:
                _log.Warning("Persistence server {0}: {1}", _me.Name, e);
                break;
            default:
                _log.Info("Persistence server {0}: {1}", _me.Name, e);
                break;
        }
    }

    private ChannelRead Read(ReadChannel request)
    {
        var messages = new List<ChannelMessage>();
        var offset = 0L;
        var max = Math.Clamp(request.MaxMessages, 0, 10_000);
        var log = _server!.Log;
        var committed = Math.Min(_server.CommitIndex, log.Count);
        for (var i = 0; i < committed && messages.Count < max; i++)
        {
            if (log[i].Payload is Publish p && p.Channel == request.Channel)
            {
                if (offset >= request.FromOffset)
                {
                    messages.Add(new ChannelMessage(offset, log[i].Index, p.ProducerId, p.ProducerSeq, p.Data));
                }

                offset++;
            }
        }

        var next = messages.Count > 0 ? messages[^1].Offset + 1 : request.FromOffset;
        return new ChannelRead(request.RequestId, _me.Name, request.Channel, messages, next, committed);
    }

    /// <summary>
    /// Reports at once when the server's standing changes (role, term, epoch, leader); indexes and lag, which move
    /// with every publish, go with the periodic report, so the realm link does not carry one report per message.
    /// </summary>
    private void Report(bool force)
    {
        var standing = _server!.Standing;
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
            DateTimeOffset.UtcNow);
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

/// <summary>Asks a <see cref="PersistenceServerActor"/> for its <see cref="ReplicationStatus"/> (local only; answered once it has recovered).</summary>
public sealed record GetReplicationStatus
{
    /// <summary>The single instance.</summary>
    public static GetReplicationStatus Instance { get; } = new();
}
