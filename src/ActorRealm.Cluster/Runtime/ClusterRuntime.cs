using System.Collections.Concurrent;
using System.Collections.Immutable;
using ActorRealm.Actors;
using ActorRealm.Cluster.Downing;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Protocol;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Cluster.Runtime;

/// <summary>
/// What the cluster actors of one node share: identity, settings, layout, the network, the prime
/// store and clocks. Built once by the <see cref="Cluster"/> extension; it outlives rejoins.
/// </summary>
internal sealed class ClusterRuntime
{
    /// <summary>The actor names under <c>/system/cluster</c>.</summary>
    public const string CoreName = "core";

    /// <summary>The heartbeat receiver's name (a child of the daemon, so it answers while the core restarts).</summary>
    public const string HeartbeatReceiverName = "heartbeat-receiver";

    private readonly Cluster _cluster;
    private readonly ConcurrentDictionary<(NodeAddress, string), long> _refusalsLogged = new();
    private readonly long _started;
    private NodeId _self;

    public ClusterRuntime(
        Cluster cluster,
        ActorSystem system,
        ClusterSettings settings,
        ClusterLayout layout,
        string nodeName,
        string site,
        ImmutableArray<string> roles,
        IClusterNetwork network,
        IPrimeStore store,
        PrimeState startPrime)
    {
        _cluster = cluster;
        System = system;
        Settings = settings;
        Layout = layout;
        Realm = system.Provider.Address.System;
        NodeName = nodeName;
        Site = site;
        Roles = roles;
        Network = network;
        Store = store;
        StartPrime = startPrime;
        Log = system.LoggerFactory.CreateLogger("ActorRealm.Cluster");
        Clock = new ReachabilityClock(system.TimeProvider);
        Strategy = new SiteQuorumDowningStrategy(settings.StableAfter);
        _started = system.TimeProvider.GetTimestamp();
        _self = new NodeId(network.SelfAddress, network.IncarnationUid);
    }

    public ActorSystem System { get; }

    public ClusterSettings Settings { get; }

    public ClusterLayout Layout { get; }

    public string Realm { get; }

    public string NodeName { get; }

    public string Site { get; }

    public ImmutableArray<string> Roles { get; }

    public IClusterNetwork Network { get; }

    public IPrimeStore Store { get; }

    /// <summary>The prime state the node started with (stored state over configuration).</summary>
    public PrimeState StartPrime { get; }

    public ILogger Log { get; }

    public ReachabilityClock Clock { get; }

    public SiteQuorumDowningStrategy Strategy { get; }

    /// <summary>This node's current incarnation.</summary>
    public NodeId Self
    {
        get => Volatile.Read(ref _self);
        set => Volatile.Write(ref _self, value);
    }

    /// <summary>Monotonic time since the cluster extension started.</summary>
    public TimeSpan Now => System.TimeProvider.GetElapsedTime(_started);

    /// <summary>Wall-clock time (Unix milliseconds) for tombstones.</summary>
    public long UnixNowMs => System.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Event subscribers; they outlive incarnations. Only the current core touches the list.</summary>
    public List<(IActorRef Subscriber, ImmutableArray<Type> Types)> Subscribers { get; } = [];

    /// <summary>Called after a Down decision is applied (tests check who downed whom).</summary>
    public Action<NodeId, ImmutableSortedSet<NodeId>>? DowningIssued { get; set; }

    /// <summary>The prime state to start a core with: the newest of the start state and the stored one.</summary>
    public PrimeState CurrentStoredPrime() => Store.Load() is { } stored ? PrimeState.Max(StartPrime, stored) : StartPrime;

    /// <summary>The path of a cluster actor on the node at <paramref name="address"/>.</summary>
    public ActorPath PathOf(NodeAddress address, string actor) =>
        new RootActorPath(new Address(Address.RealmProtocol, Realm, address.Host, address.Port)) / "system" / "cluster" / actor;

    /// <summary>The ref of a cluster actor on the node at <paramref name="address"/>.</summary>
    public IActorRef Resolve(NodeAddress address, string actor) => System.ResolveActorRef(PathOf(address, actor));

    /// <summary>
    /// Whether to handle a message: it must come from this realm and from a configured address, and
    /// not from an earlier incarnation of this node. Refusals are logged (once a minute per sender).
    /// </summary>
    public bool Accepts(ClusterMessage message)
    {
        string? refusal = null;
        if (!string.Equals(message.Realm, Realm, StringComparison.Ordinal))
        {
            refusal = $"it comes from realm '{message.Realm}', this node belongs to realm '{Realm}'";
        }
        else if (!Layout.Contains(message.From.Address))
        {
            refusal = $"{message.From.Address} is not a configured member of any site ({Layout})";
        }
        else if (message.From.Address == Self.Address && message.From != Self)
        {
            return false;
        }

        if (refusal is null)
        {
            return true;
        }

        var now = System.TimeProvider.GetTimestamp();
        var key = (message.From.Address, message.Realm);
        if (!_refusalsLogged.TryGetValue(key, out var last) || System.TimeProvider.GetElapsedTime(last, now) >= TimeSpan.FromMinutes(1))
        {
            _refusalsLogged[key] = now;
            ClusterLog.MessageRefused(Log, message.GetType().Name, message.From, refusal);
        }

        return false;
    }

    /// <summary>Publishes a new status snapshot.</summary>
    public void Publish(ClusterStatus status) => _cluster.OnStatus(status);
}
