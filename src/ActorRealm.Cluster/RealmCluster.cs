using ActorRealm.Cluster.Joining;
using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Quorum;
using ActorRealm.Cluster.Status;
using Akka.Actor;
using Akka.Event;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorRealm.Cluster;

/// <summary>
/// The realm's extension of a node's actor system, on top of Akka.Cluster: who the node is, its
/// status snapshot (quorum, serving, prime site and epoch, members by site), joining through the
/// seed nodes, leaving, and the guarded prime switch. It starts the node's realm actors under
/// <c>/system</c>: the prime site actor, the beacon and the probe; Akka starts the downing actor
/// (<see cref="Downing.SiteQuorumDowningProvider"/>). Loaded at start through <c>akka.extensions</c>.
/// </summary>
/// <example>
/// <code>
/// var realm = RealmCluster.Get(system);           // system created with a RealmSetup
/// await realm.JoinAsync(ct);                      // completes when this node is Up
/// ClusterStatus status = realm.CurrentStatus;     // an immutable snapshot, no actor round trip
/// var outcome = await realm.RequestPrimeSwitchAsync("dr", confirmSiteDown: "main", requestedBy: "ops", ct);
/// </code>
/// </example>
public sealed class RealmCluster : IExtension
{
    private readonly ILoggingAdapter _log;
    private ClusterMemberStatus? _lastMemberStatus;

    internal RealmCluster(ExtendedActorSystem system)
    {
        System = system;
        Setup = SetupOf(system);
        Akka = AkkaCluster.Get(system);
        _log = Logging.GetLogger(system, typeof(RealmCluster));
        foreach (var warning in Setup.Warnings)
        {
            _log.Warning("Cluster configuration: {0}", warning);
        }

        if (!Setup.Store.IsDurable)
        {
            _log.Warning("The prime state is kept in {0}: set actorrealm.node.data-dir so that it survives a restart; this node never acknowledges a prime switch as stored", Setup.Store.Location);
        }

        if (Setup.State.Status is null)
        {
            var view = new RealmView(Setup.Layout, SelfNode, [], Reachability.Empty, null, Setup.State.Prime);
            Setup.State.Publish(StatusBuilder.Build(Setup, view, serving: false, new Dictionary<NodeAddress, string>(), converged: false, DateTimeOffset.UtcNow));
        }

        PrimeActor = system.SystemActorOf(Props.Create(() => new PrimeSiteActor(Setup, Akka)), PrimeSiteActor.Name);
        system.SystemActorOf(Props.Create(() => new RealmBeacon(Setup, PrimeActor)), RealmBeacon.Name);
        system.SystemActorOf(Props.Create(() => new RealmProbe(Setup, PrimeActor)), RealmProbe.Name);
        Setup.State.StatusChanged += status =>
        {
            if (status.SelfStatus is ClusterMemberStatus.Leaving or ClusterMemberStatus.Exiting or ClusterMemberStatus.Down)
            {
                _lastMemberStatus = status.SelfStatus;
            }

            StatusChanged?.Invoke(this, status);
        };
        Akka.RegisterOnMemberRemoved(() =>
        {
            // Akka calls this when the member is removed, or when the cluster shuts down without it.
            switch (_lastMemberStatus)
            {
                case ClusterMemberStatus.Leaving or ClusterMemberStatus.Exiting:
                    _log.Info("This node left the cluster");
                    break;
                case ClusterMemberStatus.Down:
                    _log.Warning("This node was downed and removed from the cluster");
                    break;
            }
        });
        _log.Info("Realm node {0} of site {1} started in realm {2} (incarnation {3} in this process); prime site {4}", Setup.NodeName, Setup.Site, Setup.Realm, Setup.Incarnation, Setup.State.Prime);
    }

    /// <summary>
    /// Raised after every change of the node's view, with the new snapshot, on an actor's thread:
    /// handlers must be quick and must not block.
    /// </summary>
    public event EventHandler<ClusterStatus>? StatusChanged;

    /// <summary>The actor system.</summary>
    public ExtendedActorSystem System { get; }

    /// <summary>Who this node is and its checked settings.</summary>
    public RealmSetup Setup { get; }

    /// <summary>Akka's cluster extension of this node.</summary>
    public AkkaCluster Akka { get; }

    /// <summary>The configured members by site.</summary>
    public ClusterLayout Layout => Setup.Layout;

    /// <summary>The realm name.</summary>
    public string Realm => Setup.Realm;

    /// <summary>This node's name.</summary>
    public string NodeName => Setup.NodeName;

    /// <summary>This node's site.</summary>
    public string SelfSite => Setup.Site;

    /// <summary>This node's address.</summary>
    public NodeAddress SelfAddress => Setup.Address;

    /// <summary>This incarnation: the address and Akka's uid of this actor system.</summary>
    public NodeId SelfNode => AkkaClusterView.ToNodeId(Akka.SelfUniqueAddress);

    /// <summary>The latest snapshot of this node's view (replaced after every change; reading it is free).</summary>
    public ClusterStatus CurrentStatus => Setup.State.Status!;

    /// <summary>The prime state this node follows.</summary>
    public PrimeState Prime => Setup.State.Prime;

    /// <summary>
    /// While this node settles after a pause of its process, the guard that says how long it was paused (it has no
    /// quorum meanwhile); null otherwise. Call it before granting anything on the strength of quorum: the status
    /// snapshot may still date from before the pause (ADR 0084).
    /// </summary>
    public PauseGuard? SettlingAfterPause() => Setup.State.ObservePause(Setup.Cluster.PauseBudget);

    /// <summary>
    /// For each configured member this node cannot reach, how long it has been continuously unreachable (the prime
    /// switch guard's input; the persistence cut-over guard uses it too). Members not listed are reachable now.
    /// </summary>
    public IReadOnlyDictionary<NodeAddress, TimeSpan> UnreachableFor() => Setup.State.UnreachableFor();

    /// <summary>Whether this incarnation is ending to join another cluster of the realm (see <see cref="NextJoinTargets"/>).</summary>
    public bool IsRejoining => Setup.State.IsRejoining;

    /// <summary>The members the next incarnation should join instead of the seed nodes (empty: the seeds).</summary>
    public IReadOnlyList<NodeAddress> NextJoinTargets => Setup.State.NextJoinTargets;

    /// <summary>The node's prime site actor (<c>/system/realm-prime</c>).</summary>
    internal IActorRef PrimeActor { get; }

    /// <summary>Returns the system's realm extension (the system must have been created with a <see cref="RealmSetup"/>).</summary>
    public static RealmCluster Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.WithExtension<RealmCluster, RealmClusterProvider>();
    }

    /// <summary>
    /// Joins through the seed nodes and the other configured members (or, for an incarnation that moved
    /// over, the members of the cluster it moves to: <see cref="RealmSetup.JoinContacts"/>), retrying
    /// until welcomed. Completes when this node is Up.
    /// </summary>
    public Task<ClusterStatus> JoinAsync(CancellationToken cancellationToken = default)
    {
        var targets = Setup.JoinContacts;
        var protocol = Akka.SelfAddress.Protocol;
        var addresses = targets.Select(t => new Address(protocol, Setup.Realm, t.Host, t.Port)).ToList();
        _log.Info("Joining through {0}", string.Join(", ", targets));
        Akka.JoinSeedNodes(addresses);
        return WhenStatusAsync(s => s.SelfStatus == ClusterMemberStatus.Up, cancellationToken);
    }

    /// <summary>Leaves gracefully (Leaving, Exiting, Removed); completes once removed, at once when not a member.</summary>
    public Task LeaveAsync(CancellationToken cancellationToken = default) =>
        CurrentStatus.SelfStatus is ClusterMemberStatus.Absent or ClusterMemberStatus.Removed or ClusterMemberStatus.Down
            ? Task.CompletedTask
            : Akka.LeaveAsync(cancellationToken);

    /// <summary>
    /// Asks this node to make <paramref name="newPrimeSite"/> the prime site. The guard refuses
    /// unless <paramref name="confirmSiteDown"/> is the current prime site and none of its members
    /// has been reachable from this side for <c>prime-switch.min-unreachable</c>. An accepted switch
    /// raises the prime epoch, is stored durably here before it takes effect, and is sent to the
    /// reachable members; the answer says who stored it.
    /// </summary>
    public Task<PrimeSwitchOutcome> RequestPrimeSwitchAsync(string newPrimeSite, string confirmSiteDown, string requestedBy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(newPrimeSite);
        ArgumentException.ThrowIfNullOrWhiteSpace(confirmSiteDown);
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedBy);
        var timeout = Setup.Cluster.PrimeSwitchAckTimeout + TimeSpan.FromSeconds(10);
        return PrimeActor.Ask<PrimeSwitchOutcome>(new SwitchPrime(newPrimeSite, confirmSiteDown, requestedBy), timeout, cancellationToken);
    }

    /// <summary>Completes with the first snapshot (the current one included) that satisfies <paramref name="predicate"/>.</summary>
    public Task<ClusterStatus> WhenStatusAsync(Func<ClusterStatus, bool> predicate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var completion = new TaskCompletionSource<ClusterStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(object? sender, ClusterStatus status)
        {
            if (predicate(status))
            {
                StatusChanged -= OnChanged;
                completion.TrySetResult(status);
            }
        }

        StatusChanged += OnChanged;
        OnChanged(this, CurrentStatus);
        if (!completion.Task.IsCompleted)
        {
            var registration = cancellationToken.Register(() =>
            {
                StatusChanged -= OnChanged;
                completion.TrySetCanceled(cancellationToken);
            });
            _ = System.WhenTerminated.ContinueWith(
                _ =>
                {
                    StatusChanged -= OnChanged;
                    completion.TrySetException(new InvalidOperationException($"The actor system of node {NodeName} terminated ({CoordinatedShutdown.Get(System).ShutdownReason?.ToString() ?? "no reason given"})."));
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            completion.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return completion.Task;
    }

    /// <summary>The <see cref="RealmSetup"/> the system was created with.</summary>
    /// <exception cref="InvalidOperationException">There is none.</exception>
    internal static RealmSetup SetupOf(ActorSystem system)
    {
        var setup = system.Settings.Setup.Get<RealmSetup>();
        return setup.HasValue
            ? setup.Value
            : throw new InvalidOperationException(
                $"Actor system [{system.Name}] has no RealmSetup: create realm nodes with RealmActorSystem.Create (or add a RealmSetup to the ActorSystemSetup).");
    }
}

/// <summary>Creates the <see cref="RealmCluster"/> extension (named in <c>akka.extensions</c>).</summary>
public sealed class RealmClusterProvider : ExtensionIdProvider<RealmCluster>
{
    /// <inheritdoc />
    public override RealmCluster CreateExtension(ExtendedActorSystem system) => new(system);
}
