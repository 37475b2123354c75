using System.Collections.Immutable;
using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Remote;
using Akka.Actor.Setup;

namespace ActorRealm.Cluster;

/// <summary>
/// Everything a realm node's actor system needs beyond Akka's own configuration: who the node is
/// (realm, name, site, roles, address), the checked cluster and transport settings, where it keeps
/// its prime epoch, and what a previous incarnation of the node handed over. Added to the
/// <c>ActorSystemSetup</c>; the downing provider and <see cref="RealmCluster"/> read it from there.
/// One setup serves one incarnation (one actor system).
/// </summary>
public sealed class RealmSetup : Setup
{
    private RealmSetup(string realm, string nodeName, string site, ImmutableArray<string> roles, NodeAddress address, ClusterSettings cluster, RemoteSettings remote, string? dataDirectory)
    {
        Realm = realm;
        NodeName = nodeName;
        Site = site;
        Roles = roles;
        Address = address;
        Cluster = cluster;
        Remote = remote;
        DataDirectory = dataDirectory;
        Layout = cluster.Layout;
        Store = dataDirectory is null ? new MemoryPrimeStore() : new FilePrimeStore(new PrimeEpochStore(dataDirectory));
    }

    /// <summary>The realm (the actor system's name).</summary>
    public string Realm { get; }

    /// <summary>This node's name (<c>actorrealm.node.name</c>).</summary>
    public string NodeName { get; }

    /// <summary>This node's site.</summary>
    public string Site { get; }

    /// <summary>The node's own roles (<c>actorrealm.node.roles</c>), without the roles ActorRealm adds.</summary>
    public ImmutableArray<string> Roles { get; }

    /// <summary>This node's cluster address.</summary>
    public NodeAddress Address { get; }

    /// <summary>The checked cluster settings.</summary>
    public ClusterSettings Cluster { get; }

    /// <summary>The transport settings (TLS, join secret).</summary>
    public RemoteSettings Remote { get; }

    /// <summary>The data directory holding the prime epoch, or null to keep it in memory (tests).</summary>
    public string? DataDirectory { get; }

    /// <summary>The configured members by site.</summary>
    public ClusterLayout Layout { get; }

    /// <summary>The prime state this incarnation starts with (stored state over configuration).</summary>
    public PrimeState InitialPrime { get; private set; } = null!;

    /// <summary>Problems to log once at start (unequal sites, a stored prime state that differs from the file, ...).</summary>
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    /// <summary>
    /// Members of the cluster this node should join instead of the seed nodes: set when a previous
    /// incarnation of this node left a cluster to move over to another one (see <see cref="RealmCluster"/>).
    /// </summary>
    public ImmutableArray<NodeAddress> JoinTargets { get; init; } = [];

    /// <summary>
    /// Whom this incarnation asks to join, in the order Akka's seed-node join takes them
    /// (<c>akka.cluster.seed-nodes</c>, <see cref="RealmCluster.JoinAsync"/>). An incarnation that moves
    /// over asks the members of the cluster it moves to (<see cref="JoinTargets"/>), never itself, so it
    /// can only join that cluster. Otherwise the seed nodes come first and then every other configured
    /// member: Akka asks all of them, and the first seed founds a cluster only when none of them
    /// belongs to one (each answered that it is not a member, or none answered within
    /// <c>seed-node-timeout</c>). Asking the seed nodes alone, a restarted first seed founded a second
    /// cluster as soon as the other seeds answered that they were rejoining themselves, beside the
    /// realm's cluster that its other members held (<c>RestartedFirstSeed4NodeSpec</c>). Empty without
    /// seed nodes: the node then joins only when told where.
    /// </summary>
    public ImmutableArray<NodeAddress> JoinContacts
    {
        get
        {
            var targets = JoinTargets.IsDefaultOrEmpty ? [] : JoinTargets.Where(t => t != Address).Distinct().ToImmutableArray();
            if (!targets.IsEmpty)
            {
                return targets;
            }

            var seeds = Cluster.SeedNodes;
            return seeds.IsDefaultOrEmpty ? [] : [.. seeds, .. Layout.AllMembers.Where(m => !seeds.Contains(m))];
        }
    }

    /// <summary>The incarnation number in this process (1 for the first actor system).</summary>
    public int Incarnation { get; init; } = 1;

    /// <summary>
    /// Called with each probe actor system this node starts (see <c>RealmProbe</c>), before it
    /// sends anything: test harnesses apply their network faults to it as to the node itself.
    /// </summary>
    public Action<Akka.Actor.ActorSystem>? ProbeSystemStarted { get; set; }

    /// <summary>
    /// Setups every probe actor system also gets (the node's own ones its configuration relies on, such as the
    /// logger factory its Akka logger reads): a probe system runs with the node's configuration.
    /// </summary>
    public IReadOnlyList<Akka.Actor.Setup.Setup> ProbeSetups { get; set; } = [];

    /// <summary>The node's prime store.</summary>
    internal IPrimeStore Store { get; }

    /// <summary>State shared by the realm's actors of this incarnation and the <see cref="RealmCluster"/> extension.</summary>
    internal RealmState State { get; } = new();

    /// <summary>
    /// Checks the settings for this node and reads its stored prime state.
    /// </summary>
    /// <exception cref="ClusterConfigurationException">Something is wrong; every problem is listed.</exception>
    public static RealmSetup Create(string realm, string nodeName, string site, IEnumerable<string> roles, NodeAddress address, ClusterSettings cluster, RemoteSettings remote, string? dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(remote);
        ArgumentNullException.ThrowIfNull(address);
        var validation = cluster.Validate(site, address);
        var roleList = (roles ?? []).ToImmutableArray();
        var problems = validation.Errors.ToList();
        problems.AddRange(RealmRoles.Problems(roleList));
        if (string.IsNullOrWhiteSpace(realm))
        {
            problems.Add("actorrealm.realm is empty: name the realm (the same on every node).");
        }

        if (string.IsNullOrWhiteSpace(nodeName))
        {
            problems.Add("actorrealm.node.name is empty.");
        }

        if (problems.Count > 0)
        {
            throw new ClusterConfigurationException(problems);
        }

        var setup = new RealmSetup(realm, nodeName, site, roleList, address, cluster, remote, dataDirectory);
        PrimeStartup startup;
        try
        {
            startup = PrimeStartup.Resolve(cluster.InitialPrime.Site, setup.Store.Load(), setup.Layout);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            throw new ClusterConfigurationException(e.Message, e);
        }

        setup.InitialPrime = startup.State;
        setup.Warnings = [.. validation.Warnings, .. startup.Warning is { } w ? [w] : Array.Empty<string>()];
        setup.State.Prime = startup.State;
        return setup;
    }

    /// <summary>The setup of the next incarnation of this node: same settings, the prime state it follows now, optional join targets.</summary>
    public RealmSetup NextIncarnation(IEnumerable<NodeAddress>? joinTargets = null)
    {
        var next = new RealmSetup(Realm, NodeName, Site, Roles, Address, Cluster, Remote, DataDirectory)
        {
            JoinTargets = [.. joinTargets ?? []],
            Incarnation = Incarnation + 1,
            ProbeSystemStarted = ProbeSystemStarted,
            ProbeSetups = ProbeSetups,
        };
        // A memory store does not survive the old system: carry the state over.
        var followed = State.Prime;
        var stored = next.Store.Load();
        next.InitialPrime = stored is null || followed.CompareTo(stored) > 0 ? followed : stored;
        next.State.Prime = next.InitialPrime;
        if (!next.Store.IsDurable)
        {
            next.Store.Save(next.InitialPrime);
        }

        next.Warnings = [];
        return next;
    }
}
