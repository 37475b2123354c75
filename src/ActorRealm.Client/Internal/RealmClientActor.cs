using System.Collections.Immutable;
using ActorRealm.Contracts;
using ActorRealm.Contracts.Persistence;
using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Event;
using Akka.Remote;

namespace ActorRealm.Client.Internal;

/// <summary>A publish handed to the client actor.</summary>
internal sealed record ClientPublish(string Channel, ReadOnlyMemory<byte> Data, TaskCompletionSource<PublishAck> Done);

/// <summary>Any other request (reads, subscription positions): <paramref name="Make"/> builds it for a request id.</summary>
internal sealed record ClientCall(Func<long, IRealmContract> Make, TaskCompletionSource<IPersistenceAnswer> Done);

/// <summary>
/// The client's one actor: it finds the primary leader (the realm servers' persistence directory through
/// ClusterClient, then a probe to the servers of the primary set: the leader answers, the others redirect), sends the
/// window of publishes and the other requests to it, and on a redirect, a retryable refusal or a timeout looks for the
/// leader again and resends everything unanswered, publishes in sequence order with their original sequences.
/// </summary>
internal sealed class RealmClientActor : ReceiveActor, IWithTimers
{
    private const string ProbeChannel = "probe";
    private static readonly TimeSpan SearchInterval = TimeSpan.FromMilliseconds(300);
    // A failover elects within a few hundred milliseconds: rounds that close follow the election by one round trip,
    // and fall back to the slower pace when the search lasts (a whole set down) to spare the servers.
    private static readonly TimeSpan FastSearchInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan FastSearchFor = TimeSpan.FromSeconds(2);

    private readonly RealmClientSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ClientState _state;
    private readonly bool _ownsSystem;
    private readonly HashSet<long> _probes = [];
    private readonly TimeProvider _time = TimeProvider.System;
    private readonly long _timeoutTicks;
    private IActorRef _realm = ActorRefs.Nobody;
    private long _searchStarted;
    private ImmutableArray<PersistenceServerEntry> _servers = [];
    private string? _primarySet;
    private long _epoch = -1;
    private string? _leaderHint;
    private IActorRef? _leader;
    private string? _leaderName;

    public RealmClientActor(RealmClientSettings settings, ClientState state, bool ownsSystem)
    {
        _settings = settings;
        _state = state;
        _ownsSystem = ownsSystem;
        _timeoutTicks = (long)(settings.RequestTimeout.TotalSeconds * _time.TimestampFrequency);
        Receive<IntakeNudge>(_ => TakeIntake());
        Receive<PersistenceDirectory>(Directory);
        Receive<IPersistenceAnswer>(Answer);
        Receive<TimeoutCheck>(_ => CheckTimeouts());
        Receive<SearchRound>(_ =>
        {
            if (!Searching)
            {
                return;
            }

            SearchAgain();
            ScheduleSearch();
        });
        Receive<DisassociatedEvent>(ConnectionClosed);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(RealmClientSettings settings, ClientState state, bool ownsSystem) => Akka.Actor.Props.Create(() => new RealmClientActor(settings, state, ownsSystem));

    private PublishWindow<TaskCompletionSource<PublishAck>> Window => _state.Window;

    private Dictionary<long, PendingCall> Calls => _state.Calls;

    private bool Searching => _leader is null;

    protected override void PreStart()
    {
        // The realm servers speak this system's transport (akka.ssl.tcp with TLS, akka.tcp without, with any adapters).
        var protocol = ((ExtendedActorSystem)Context.System).Provider.DefaultAddress.Protocol;
        var contacts = _settings.ContactPoints
            .Select(RealmClientSettings.ParseContact)
            .Select(c => ActorPath.Parse($"{protocol}://{_settings.Realm}@{c.Host}:{c.Port}{RealmServices.ReceptionistPath}"))
            .ToImmutableHashSet();
        _realm = Context.ActorOf(ClusterClient.Props(RealmClient.ClusterClientSettingsFor(Context.System).WithInitialContacts(contacts)), "realm");
        var check = TimeSpan.FromTicks(Math.Clamp(_settings.RequestTimeout.Ticks / 4, TimeSpan.FromMilliseconds(20).Ticks, TimeSpan.FromMilliseconds(250).Ticks));
        Timers.StartPeriodicTimer(TimeoutCheck.Instance, TimeoutCheck.Instance, check);
        // A leader whose process dies closes its connection at once: no need to wait for the request timeout.
        Context.System.EventStream.Subscribe(Self, typeof(DisassociatedEvent));
        StartSearch(null, Window.InFlight + Calls.Count > 0 ? "the client starts again" : "the client starts");
        TakeIntake();
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self, typeof(DisassociatedEvent));
        var reason = CoordinatedShutdown.Get(Context.System).ShutdownReason;
        if (_ownsSystem && AkkaTlsShutdown.Is(reason))
        {
            // The client starts its system again and a new actor takes the window and the calls over.
            return;
        }

        _state.FailTaken(reason is null
            ? new ObjectDisposedException(nameof(RealmClient), "The realm client was disposed before the request was answered.")
            : new InvalidOperationException($"The realm client's actor system '{Context.System.Name}' shut down ({reason}) before the request was answered."));
    }

    private void TakeIntake()
    {
        while (_state.Intake.TryDequeue(out var request))
        {
            switch (request)
            {
                case ClientPublish p:
                    Publish(p);
                    break;
                case ClientCall c:
                    Call(c);
                    break;
            }
        }
    }

    private long Now => _time.GetTimestamp();

    private void Publish(ClientPublish p)
    {
        Window.Add(p.Channel, p.Data, p.Done);
        SendSendable();
    }

    private void SendSendable()
    {
        if (_leader is null)
        {
            return;
        }

        foreach (var publish in Window.TakeSendable(Now))
        {
            Send(publish);
        }
    }

    private void Send(WindowedPublish<TaskCompletionSource<PublishAck>> publish) =>
        // A publish's request id is its producer sequence: answers from before a failover still find it.
        _leader!.Tell(new PublishRequest(publish.Seq, publish.Channel, _settings.ProducerId, publish.Seq, publish.Data));

    private void Call(ClientCall call)
    {
        var id = _state.NextId--;
        Calls[id] = new PendingCall(call.Make, call.Done) { SentAt = _leader is null ? null : Now };
        _leader?.Tell(call.Make(id));
    }

    private void Answer(IPersistenceAnswer answer)
    {
        if (_probes.Contains(answer.RequestId))
        {
            Probed(answer);
        }
        else if (answer.RequestId > 0)
        {
            PublishAnswered(answer);
        }
        else if (Calls.TryGetValue(answer.RequestId, out var call))
        {
            CallAnswered(answer, call);
        }
    }

    private void PublishAnswered(IPersistenceAnswer answer)
    {
        var seq = answer.RequestId;
        switch (answer)
        {
            case RequestAcknowledged a:
                // An acknowledgement is final wherever and whenever it comes from: the message is durable.
                Window.Complete(seq)?.Waiter.TrySetResult(new PublishAck(a.Offset, a.Index, a.Epoch, seq));
                SendSendable();
                break;
            case RequestRefused { Retryable: false } r when Window.IsInFlight(seq):
                Window.Complete(seq)!.Waiter.TrySetException(new RealmRequestRefusedException(r.Code, r.Message));
                SendSendable();
                break;
            default:
                Retry(answer);
                break;
        }
    }

    private void CallAnswered(IPersistenceAnswer answer, PendingCall call)
    {
        switch (answer)
        {
            case RedirectToLeader or RequestRefused { Retryable: true }:
                Retry(answer);
                break;
            case RequestRefused r:
                Calls.Remove(answer.RequestId);
                call.Done.TrySetException(new RealmRequestRefusedException(r.Code, r.Message));
                break;
            default:
                Calls.Remove(answer.RequestId);
                call.Done.TrySetResult(answer);
                break;
        }
    }

    /// <summary>A redirect or a retryable refusal from the current leader: look for the leader again (answers from earlier leaders are stale).</summary>
    private void Retry(IPersistenceAnswer answer)
    {
        if (Searching || !Sender.Equals(_leader))
        {
            return;
        }

        switch (answer)
        {
            case RedirectToLeader r:
                StartSearch(r.LeaderPath, $"{_leaderName} redirects to {r.Leader}");
                break;
            case RequestRefused r:
                StartSearch(null, $"{_leaderName} refused ({r.Code}: {r.Message})");
                break;
        }
    }

    private void CheckTimeouts()
    {
        if (Searching)
        {
            return;
        }

        var deadline = Now - _timeoutTicks;
        if (Window.AnySentBefore(deadline) || Calls.Values.Any(c => c.SentAt < deadline))
        {
            StartSearch(null, $"{_leaderName} did not answer within {_settings.RequestTimeout.TotalSeconds:0.###} s");
        }
    }

    private void ConnectionClosed(DisassociatedEvent closed)
    {
        if (_leader is not null && closed.RemoteAddress.Equals(_leader.Path.Address))
        {
            StartSearch(null, $"the connection to {_leaderName} closed");
        }
    }

    private void StartSearch(string? hint, string why)
    {
        if (_leader is not null)
        {
            _log.Warning("Realm client: looking for the primary leader again: {0}; {1} publishes and {2} requests wait", why, Window.InFlight + Window.Waiting, Calls.Count);
        }

        _leader = null;
        _leaderName = null;
        _probes.Clear();
        _searchStarted = Now;
        if (hint is not null)
        {
            Probe(hint);
        }

        SearchAgain();
        ScheduleSearch();
    }

    private void ScheduleSearch()
    {
        var searching = TimeSpan.FromSeconds((double)(Now - _searchStarted) / _time.TimestampFrequency);
        Timers.StartSingleTimer(SearchRound.Instance, SearchRound.Instance, searching < FastSearchFor ? FastSearchInterval : SearchInterval);
    }

    /// <summary>One round: ask the realm servers for the directory, and probe the hinted leader and the primary set's servers.</summary>
    private void SearchAgain()
    {
        _realm.Tell(new ClusterClient.SendToAll(RealmServices.PersistenceDirectoryPath, PersistenceDirectoryRequest.Instance));
        if (_leaderHint is not null && _servers.FirstOrDefault(s => s.Name == _leaderHint) is { } hinted)
        {
            Probe(hinted.Path);
        }

        foreach (var server in _servers.Where(s => s.Set == _primarySet && s.Name != _leaderHint))
        {
            Probe(server.Path);
        }
    }

    private void Probe(string path)
    {
        var id = _state.NextId--;
        _probes.Add(id);
        Context.ActorSelection(path).Tell(new ReadChannelRequest(id, ProbeChannel, 0, 0));
    }

    private void Probed(IPersistenceAnswer answer)
    {
        _probes.Remove(answer.RequestId);
        if (!Searching)
        {
            return;
        }

        switch (answer)
        {
            case ChannelMessages m:
                Connected(Sender, m.Server);
                break;
            case RedirectToLeader r:
                Probe(r.LeaderPath);
                break;
        }
    }

    private void Directory(PersistenceDirectory directory)
    {
        // The newest epoch wins; within it, an answer that knows the leader.
        if (directory.Epoch < _epoch || (directory.Epoch == _epoch && directory.Leader is null && _leaderHint is not null && directory.PrimarySet == _primarySet))
        {
            return;
        }

        var newLeader = directory.Leader is not null && directory.Leader != _leaderHint;
        (_servers, _primarySet, _epoch, _leaderHint) = (directory.Servers, directory.PrimarySet, directory.Epoch, directory.Leader);
        if (Searching && newLeader && _servers.FirstOrDefault(s => s.Name == directory.Leader) is { } leader)
        {
            Probe(leader.Path);
        }
    }

    private void Connected(IActorRef leader, string name)
    {
        _leader = leader;
        _leaderName = name;
        _probes.Clear();
        Timers.Cancel(SearchRound.Instance);
        _log.Info("Realm client: the primary leader is {0}; resending {1} unacknowledged publishes and {2} requests", name, Window.InFlight, Calls.Count);
        var now = Now;
        foreach (var publish in Window.ResendAll(now))
        {
            Send(publish);
        }

        foreach (var (id, call) in Calls.ToList())
        {
            // A new id: an answer to the old one, from an earlier leader, must not complete the call.
            Calls.Remove(id);
            var newId = _state.NextId--;
            Calls[newId] = call with { SentAt = now };
            leader.Tell(call.Make(newId));
        }

        SendSendable();
    }


    private sealed class TimeoutCheck
    {
        public static readonly TimeoutCheck Instance = new();
    }

    private sealed class SearchRound
    {
        public static readonly SearchRound Instance = new();
    }
}
