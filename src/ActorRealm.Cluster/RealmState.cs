using System.Collections.Immutable;
using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Quorum;

namespace ActorRealm.Cluster;

/// <summary>
/// What the realm actors of one incarnation share with the <see cref="RealmCluster"/> extension and
/// the node process: the latest status snapshot, the prime state followed, the latest view, and
/// what this incarnation hands over to the next one. Written by actors, read by anyone.
/// </summary>
internal sealed class RealmState
{
    private ClusterStatus? _status;
    private PrimeState _prime = PrimeState.Initial("unset");
    private RealmView? _view;
    private Func<IReadOnlyDictionary<NodeAddress, TimeSpan>>? _unreachableFor;
    private ImmutableArray<NodeAddress> _nextJoinTargets = [];
    private int _rejoining;
    private readonly Lock _moveLock = new();
    private (string Key, long Since)? _pendingMove;
    private readonly Lock _pauseLock = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private PauseGuard? _pause;

    /// <summary>Raised after every new snapshot, on an actor's thread: handlers must be quick.</summary>
    public event Action<ClusterStatus>? StatusChanged;

    /// <summary>The latest snapshot, or null before the first one.</summary>
    public ClusterStatus? Status => Volatile.Read(ref _status);

    /// <summary>The prime state followed (written by the prime site actor only, after storing it).</summary>
    public PrimeState Prime
    {
        get => Volatile.Read(ref _prime);
        set => Volatile.Write(ref _prime, value);
    }

    /// <summary>The latest view read by the downing actor, or null before the first one.</summary>
    public RealmView? View
    {
        get => Volatile.Read(ref _view);
        set => Volatile.Write(ref _view, value);
    }

    /// <summary>For each configured member this node does not reach, how long it has not (set by the downing actor).</summary>
    public IReadOnlyDictionary<NodeAddress, TimeSpan> UnreachableFor() => Volatile.Read(ref _unreachableFor)?.Invoke() ?? new Dictionary<NodeAddress, TimeSpan>();

    /// <summary>Where the next incarnation should join instead of the seed nodes (empty: the seeds).</summary>
    public ImmutableArray<NodeAddress> NextJoinTargets => _nextJoinTargets;

    /// <summary>Whether this incarnation is ending to move over to another cluster.</summary>
    public bool IsRejoining => Volatile.Read(ref _rejoining) != 0;

    /// <summary>Marks this incarnation as moving over to <paramref name="targets"/>; false when it already is.</summary>
    public bool TryStartRejoin(ImmutableArray<NodeAddress> targets)
    {
        if (Interlocked.Exchange(ref _rejoining, 1) != 0)
        {
            return false;
        }

        ImmutableInterlocked.InterlockedExchange(ref _nextJoinTargets, targets);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="decision"/> confirms a move seen before, at least <paramref name="after"/>
    /// ago for the same reason; otherwise remembers it as the pending move.
    /// </summary>
    public bool ConfirmMove(Joining.SideDecision decision, TimeSpan after)
    {
        var key = decision.Verdict.ToString();
        lock (_moveLock)
        {
            var now = Environment.TickCount64;
            if (_pendingMove is { } pending && pending.Key == key)
            {
                return now - pending.Since >= (long)after.TotalMilliseconds;
            }

            _pendingMove = (key, now);
            return false;
        }
    }

    /// <summary>Forgets a pending move (a probe found this node's cluster after all).</summary>
    public void ForgetPendingMove()
    {
        lock (_moveLock)
        {
            _pendingMove = null;
        }
    }

    /// <summary>Installs the source of <see cref="UnreachableFor"/>.</summary>
    public void SetUnreachableFor(Func<IReadOnlyDictionary<NodeAddress, TimeSpan>> source) => Volatile.Write(ref _unreachableFor, source);

    /// <summary>
    /// An observation of this process's own regularity (the downing actor makes one at least every heartbeat interval;
    /// whoever grants something on the strength of quorum makes one first): the guard after it, shared by every
    /// observer, so the first one to run after a pause sets every other one settling too.
    /// </summary>
    /// <param name="budget">The longest gap between observations that is not a pause.</param>
    /// <returns>The guard while this node settles after a pause, else null.</returns>
    public PauseGuard? ObservePause(TimeSpan budget)
    {
        lock (_pauseLock)
        {
            var now = _clock.Elapsed;
            _pause = _pause is null ? PauseGuard.Start(now) : _pause.Observe(now, budget);
            return _pause.IsSettling(now) ? _pause : null;
        }
    }

    /// <summary>Replaces the snapshot and notifies.</summary>
    public void Publish(ClusterStatus status)
    {
        Volatile.Write(ref _status, status);
        StatusChanged?.Invoke(status);
    }
}
