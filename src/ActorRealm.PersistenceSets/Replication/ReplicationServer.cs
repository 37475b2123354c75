namespace ActorRealm.PersistenceSets.Replication;

/// <summary>
/// One persistence server's replication logic as a pure state machine: <see cref="Step"/> takes an input and
/// returns what the shell must do. No clock, no I/O, no randomness, no threads: time arrives as <see cref="Tick"/>,
/// durability as <see cref="Persisted"/>, messages as <see cref="Deliver"/>. The same inputs in the same order give
/// the same outputs, which is what lets the seeded simulator replay a whole cluster exactly.
/// </summary>
/// <remarks>
/// Inside a set it is Raft (terms, pre-vote, check-quorum, the election restriction on (epoch, term, index) of the
/// last entry, commit by a majority of durable copies). Across sets, the primary leader streams committed entries to
/// the standby leader, which replicates them to its members and reports its standby-committed index. Epochs fence
/// cut-overs and migrations; see docs/adr/0070-persistence-set-replication.md.
/// </remarks>
public sealed partial class ReplicationServer
{
    private readonly ClusterDefinition _cluster;
    private readonly SetDefinition _mySet;
    private readonly SetDefinition _otherSet;
    private readonly ReplicationSettings _settings;
    private readonly SafetySwitches _switches;
    private readonly ReplicationLog _log;
    private readonly string[] _peers;
    private readonly List<EpochRecord> _epochs;
    private List<ReplicationOutput> _outputs = [];
    private long _term;
    private string? _votedFor;
    private SetRole _role = SetRole.Member;
    private string? _leader;
    private long _commitIndex;
    private long _now;
    private bool _realmQuorum;

    private ReplicationServer(ClusterDefinition cluster, string name, ReplicationSettings settings, DurableState? stored, SafetySwitches switches)
    {
        _cluster = cluster;
        _settings = settings;
        _switches = switches;
        Name = name;
        _mySet = _cluster.SetOf(name);
        _otherSet = _cluster.OtherSet(_mySet.Name);
        _peers = [.. _mySet.Servers.Where(s => s != name)];
        var hard = stored?.Hard ?? HardState.Initial(_cluster);
        _term = hard.Term;
        _votedFor = hard.VotedFor;
        _epochs = [.. hard.EpochHistory];
        _log = new ReplicationLog(stored?.Snapshot ?? LogSnapshot.Empty, stored?.Log ?? []);
        _durableIndex = _log.LastIndex;
        // Only committed entries are ever compacted.
        _commitIndex = _log.Snapshot.Index;
        _standbyTarget = _otherSet.Servers[0];
        FindHandover();
    }

    /// <summary>This server's name.</summary>
    public string Name { get; }

    /// <summary>
    /// The log as held in memory after its compacted prefix (durable up to <see cref="ReplicationStatus.DurableIndex"/>):
    /// entry <c>i</c> at position <c>i - LogStart</c>.
    /// </summary>
    public IReadOnlyList<LogEntry> Log => _log.All;

    /// <summary>The index of <see cref="Log"/>'s first entry (1 unless compacted).</summary>
    public long LogStart => _log.FirstIndex;

    /// <summary>What the compacted prefix left behind (<see cref="LogSnapshot.Empty"/> when nothing was compacted).</summary>
    public LogSnapshot Snapshot => _log.Snapshot;

    /// <summary>The entry at <paramref name="index"/>, which must be held (from <see cref="LogStart"/> to the last index).</summary>
    public LogEntry EntryAt(long index) => _log[index];

    /// <summary>The commit index (standby servers: standby-committed).</summary>
    public long CommitIndex => _commitIndex;

    /// <summary>The current epoch.</summary>
    public EpochRecord CurrentEpoch => _epochs[^1];

    /// <summary>Every epoch this server has learned, ascending.</summary>
    public IReadOnlyList<EpochRecord> EpochHistory => _epochs;

    private bool SetIsPrimary => CurrentEpoch.PrimarySet == _mySet.Name;

    private bool IsPrimaryLeader => _role == SetRole.Leader && SetIsPrimary;

    private bool IsStandbyLeader => _role == SetRole.Leader && !SetIsPrimary;

    /// <summary>Starts a server from what it stored (null: a new, empty server in epoch 0).</summary>
    /// <param name="cluster">The persistence cluster.</param>
    /// <param name="server">This server's name.</param>
    /// <param name="settings">Timing and batching.</param>
    /// <param name="stored">What the server's storage holds, or null.</param>
    /// <remarks>Write ids start at 1 again in every incarnation. The realm quorum is assumed absent until told.</remarks>
    public static ReplicationServer Start(ClusterDefinition cluster, string server, ReplicationSettings settings, DurableState? stored) =>
        Start(cluster, server, settings, stored, SafetySwitches.All);

    internal static ReplicationServer Start(ClusterDefinition cluster, string server, ReplicationSettings settings, DurableState? stored, SafetySwitches switches)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(settings);
        return new ReplicationServer(cluster, server, settings, stored, switches);
    }

    /// <summary>Handles one input and returns what the shell must do, in order.</summary>
    /// <param name="input">The input.</param>
    public IReadOnlyList<ReplicationOutput> Step(ReplicationInput input)
    {
        _outputs = [];
        switch (input)
        {
            case Tick:
                OnTick();
                break;
            case Persisted p:
                OnPersisted(p.WriteId);
                break;
            case Deliver d:
                OnMessage(d.Message);
                break;
            case RealmQuorumChanged q:
                OnRealmQuorumChanged(q.HasQuorum);
                break;
            case EpochNotice n:
                AdoptEpoch(n.Epoch);
                break;
            case ClientRequest r:
                OnClientRequest(r);
                break;
            case CutOver c:
                OnCutOver(c);
                break;
            case Migrate m:
                OnMigrate(m);
                break;
            case TrimChannels t:
                OnTrimChannels(t);
                break;
            case Compact c:
                OnCompact(c);
                break;
            case PeerConnectionLost l:
                OnPeerConnectionLost(l.Server);
                break;
            default:
                throw new ArgumentException($"unknown input {input.GetType().Name}", nameof(input));
        }

        return _outputs;
    }

    private void OnTick()
    {
        _now++;
        if (_role == SetRole.Leader)
        {
            LeaderTick();
        }
        else if (++_electionElapsed >= ElectionTimeout && _durableIndex >= _log.Snapshot.Index)
        {
            // (A leader's snapshot not yet durable here: the last durable entry's id is gone from memory, and a vote
            // must not rest on what a crash could still lose. The write completes within a tick or two.)
            StartPreVote();
        }
    }

    private void OnMessage(PeerMessage message)
    {
        if (!AdmitEpoch(message))
        {
            return;
        }

        switch (message)
        {
            case VoteRequest m:
                OnVoteRequest(m);
                break;
            case VoteResponse m:
                OnVoteResponse(m);
                break;
            case AppendEntries m:
                OnAppendEntries(m);
                break;
            case AppendResponse m:
                OnAppendResponse(m);
                break;
            case StandbyAppend m:
                OnStandbyAppend(m);
                break;
            case StandbyAppendResponse m:
                OnStandbyAppendResponse(m);
                break;
            case StandbyLeaderAnnounce m:
                OnStandbyLeaderAnnounce(m);
                break;
            case EpochFence:
                break; // AdmitEpoch already adopted its epoch
            default:
                throw new ArgumentException($"unknown message {message.GetType().Name}", nameof(message));
        }
    }

    private void SendTo(string to, PeerMessage message) => _outputs.Add(new Send(to, message));

    private void Emit(ReplicationEvent e) => _outputs.Add(new Notify(e));

    private bool InMySet(string server) => _mySet.Servers.Contains(server, StringComparer.Ordinal);

    private bool InOtherSet(string server) => _otherSet.Servers.Contains(server, StringComparer.Ordinal);

    private (long Epoch, long Term) LastId(long index) => _log.IdAt(index);
}
