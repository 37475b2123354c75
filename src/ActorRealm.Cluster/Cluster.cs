using System.Collections.Immutable;
using ActorRealm.Actors;
using ActorRealm.Cluster.Membership;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Runtime;
using ActorRealm.Cluster.Serialization;
using ActorRealm.Remote;

namespace ActorRealm.Cluster;

/// <summary>
/// The cluster extension of an actor system: membership through seed nodes, failure detection,
/// the site quorum rule with downing, and the fenced prime switch. <see cref="Get"/> starts it (the
/// cluster actors live under <c>/system/cluster</c>); <see cref="JoinSeedNodesAsync"/> joins.
/// </summary>
/// <example>
/// <code>
/// var cluster = Cluster.Get(system);            // system created with the remote provider
/// await cluster.JoinSeedNodesAsync(ct);         // completes when this node is Up
/// ClusterStatus status = cluster.CurrentStatus; // an immutable snapshot, no actor round trip
/// var outcome = await cluster.RequestPrimeSwitchAsync("dr", confirmSiteDown: "main", requestedBy: "ops", ct);
/// </code>
/// </example>
public sealed class Cluster
{
    private readonly ClusterRuntime _rt;
    private readonly IActorRef _daemon;
    private ClusterStatus _status;

    private Cluster(ActorSystem system, ClusterSetup setup)
    {
        System = system;
        Setup = setup;
        Settings = setup.Settings ?? ClusterSettings.FromConfig(system.Config.WithFallback(ClusterSettings.Reference).Resolve());
        var network = setup.Network ?? NetworkOf(system);
        var site = setup.Site ?? throw new ClusterConfigurationException("This node has no site: set actorrealm.node.site.");
        var warnings = Settings.Validate(site, network.SelfAddress).ThrowIfInvalid();
        var layout = Settings.Layout;
        IPrimeStore store = setup.DataDirectory is { } directory ? new FilePrimeStore(new PrimeEpochStore(directory)) : new MemoryPrimeStore();
        var startup = PrimeStartup.Resolve(Settings.InitialPrime.Site, store.Load(), layout);
        var name = setup.NodeName ?? network.SelfAddress.ToString();
        _rt = new ClusterRuntime(this, system, Settings, layout, name, site, setup.Roles.IsDefault ? [] : setup.Roles, network, store, startup.State);
        foreach (var warning in warnings.Concat(startup.Warning is { } w ? [w] : []))
        {
            ClusterLog.ConfigurationWarning(_rt.Log, warning);
        }

        if (!store.IsDurable)
        {
            ClusterLog.PrimeNotDurable(_rt.Log, store.Location);
        }

        _status = StatusBuilder.Build(_rt, _rt.Self, MembershipState.Initial(layout, _rt.Self, startup.State), serving: false);
        ClusterLog.Started(_rt.Log, name, site, _rt.Realm, startup.State);
        _daemon = system.SystemActorOf(Props.Create(() => new ClusterDaemon(_rt)), "cluster");
        network.QuarantinedByPeer += (by, uid) => _daemon.Tell(new QuarantinedByPeerNotice(by, uid), ActorRef.NoSender);
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseClusterLeave, "cluster-leave", LeaveAsync);
        system.CoordinatedShutdown.AddTask(CoordinatedShutdown.PhaseClusterShutdown, "cluster-shutdown", async _ =>
            await _daemon.GracefulStop(system.CoordinatedShutdown.Timeout(CoordinatedShutdown.PhaseClusterShutdown)).ConfigureAwait(true));
    }

    /// <summary>
    /// Raised after every change of the node's view, with the new snapshot, on the cluster's actor
    /// thread: handlers must be quick and must not block.
    /// </summary>
    public event EventHandler<ClusterStatus>? StatusChanged;

    /// <summary>The actor system.</summary>
    public ActorSystem System { get; }

    /// <summary>The setup the extension was started with.</summary>
    public ClusterSetup Setup { get; }

    /// <summary>The cluster settings.</summary>
    public ClusterSettings Settings { get; }

    /// <summary>The configured members by site.</summary>
    public ClusterLayout Layout => _rt.Layout;

    /// <summary>The realm (cluster) name: the actor system's name.</summary>
    public string Realm => _rt.Realm;

    /// <summary>This node's name.</summary>
    public string NodeName => _rt.NodeName;

    /// <summary>This node's current incarnation (it changes when the node rejoins after being downed).</summary>
    public NodeId SelfNode => _rt.Self;

    /// <summary>This node's cluster address.</summary>
    public NodeAddress SelfAddress => _rt.Self.Address;

    /// <summary>This node's site.</summary>
    public string SelfSite => _rt.Site;

    /// <summary>The latest snapshot of this node's view (replaced after every change; reading it is free).</summary>
    public ClusterStatus CurrentStatus => Volatile.Read(ref _status);

    /// <summary>The same as <see cref="CurrentStatus"/>.</summary>
    public ClusterStatus State => CurrentStatus;

    /// <summary>Returns the system's cluster extension, starting it from configuration the first time.</summary>
    /// <exception cref="ClusterConfigurationException">The cluster configuration is invalid; the message lists every problem.</exception>
    /// <exception cref="InvalidOperationException">The system has no remote layer.</exception>
    public static Cluster Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.GetOrAddExtension(s => new Cluster(s, ClusterSetup.FromConfig(s.Config)));
    }

    /// <summary>Starts the system's cluster extension with <paramref name="setup"/> (for hosts and tests that set parts in code).</summary>
    /// <exception cref="InvalidOperationException">The extension was already started with another setup.</exception>
    public static Cluster Start(ActorSystem system, ClusterSetup setup)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(setup);
        var cluster = system.GetOrAddExtension(s => new Cluster(s, setup));
        return ReferenceEquals(cluster.Setup, setup)
            ? cluster
            : throw new InvalidOperationException($"The cluster extension of [{system.Name}] was already started with another setup.");
    }

    /// <summary>
    /// Joins through the seed nodes (retrying until welcomed). Completes when this node is Up,
    /// which needs a quorum of the configured members to have joined.
    /// </summary>
    public Task JoinSeedNodesAsync(CancellationToken cancellationToken = default)
    {
        _daemon.Tell(JoinSeedNodes.Instance, ActorRef.NoSender);
        return WhenStatusAsync(s => s.SelfStatus == ClusterMemberStatus.Up, cancellationToken);
    }

    /// <summary>
    /// Leaves gracefully (Leaving, Exiting, Removed) and completes once removed; at once when this
    /// node is not a member. Coordinated shutdown runs it in its <c>cluster-leave</c> phase.
    /// </summary>
    public Task LeaveAsync(CancellationToken cancellationToken = default)
    {
        if (CurrentStatus.SelfStatus is ClusterMemberStatus.Absent or ClusterMemberStatus.Removed or ClusterMemberStatus.Down)
        {
            return Task.CompletedTask;
        }

        _daemon.Tell(LeaveCluster.Instance, ActorRef.NoSender);
        return WhenStatusAsync(s => s.SelfStatus is ClusterMemberStatus.Removed or ClusterMemberStatus.Down or ClusterMemberStatus.Absent, cancellationToken);
    }

    /// <summary>Marks the live member at <paramref name="address"/> as Down (an operator's decision).</summary>
    public void Down(NodeAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        _daemon.Tell(new DownMember(address), ActorRef.NoSender);
    }

    /// <summary>
    /// Sends <paramref name="subscriber"/> a <see cref="CurrentClusterState"/>, then every
    /// <see cref="ClusterEvent"/> of the given types (all when none is given). A new incarnation of
    /// this node (after a rejoin) sends a fresh <see cref="CurrentClusterState"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A type is not a cluster event type.</exception>
    public void Subscribe(IActorRef subscriber, params Type[] eventTypes)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(eventTypes);
        if (eventTypes.FirstOrDefault(t => !typeof(ClusterEvent).IsAssignableFrom(t)) is { } wrong)
        {
            throw new ArgumentException($"{wrong} is not a cluster event type (a ClusterEvent).", nameof(eventTypes));
        }

        _daemon.Tell(new SubscribeEvents(subscriber, [.. eventTypes]), ActorRef.NoSender);
    }

    /// <summary>Ends every subscription of <paramref name="subscriber"/>.</summary>
    public void Unsubscribe(IActorRef subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        _daemon.Tell(new UnsubscribeEvents(subscriber), ActorRef.NoSender);
    }

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
        var timeout = Settings.PrimeSwitchAckTimeout + TimeSpan.FromSeconds(10);
        return _daemon.Ask<PrimeSwitchOutcome>(new SwitchPrime(newPrimeSite, confirmSiteDown, requestedBy), timeout, cancellationToken);
    }

    /// <summary>Completes with the first snapshot (the current one included) that satisfies <paramref name="predicate"/>.</summary>
    public Task<ClusterStatus> WhenStatusAsync(Func<ClusterStatus, bool> predicate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var completion = new TaskCompletionSource<ClusterStatus>(System.Executor.IsDeterministic ? TaskCreationOptions.None : TaskCreationOptions.RunContinuationsAsynchronously);
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
        if (!completion.Task.IsCompleted && cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() =>
            {
                StatusChanged -= OnChanged;
                completion.TrySetCanceled(cancellationToken);
            });
            completion.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return completion.Task;
    }

    private static IClusterNetwork NetworkOf(ActorSystem system)
    {
        switch (system.Provider)
        {
            case IClusterNetwork network:
                return network;
            case RemoteActorRefProvider remote:
                // Before any cluster message flows; hosts should register it in RemoteSetup.Serialization.
                ClusterSerialization.Register(remote.Serializers);
                return RemoteClusterNetwork.Create(remote);
            default:
                throw new InvalidOperationException(
                    $"The cluster needs the remote layer: actor system [{system.Name}] uses {system.Provider.GetType().Name}. " +
                    "Create the system with RemoteActorSystem.Create (or pass ClusterSetup.Network).");
        }
    }

    /// <summary>Called by the core with each new snapshot.</summary>
    internal void OnStatus(ClusterStatus status)
    {
        Volatile.Write(ref _status, status);
        StatusChanged?.Invoke(this, status);
    }

    /// <summary>For tests: called with (the downing node, the downed members) whenever this node downs members.</summary>
    internal Action<NodeId, ImmutableSortedSet<NodeId>>? DowningIssued
    {
        get => _rt.DowningIssued;
        set => _rt.DowningIssued = value;
    }
}
