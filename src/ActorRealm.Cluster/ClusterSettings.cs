using System.Collections.Immutable;
using ActorRealm.Cluster.FailureDetection;
using ActorRealm.Cluster.Prime;

namespace ActorRealm.Cluster;

/// <summary>One configured site (<c>actorrealm.cluster.sites.&lt;name&gt;</c>).</summary>
/// <param name="Prime">Whether the site is the initial prime site (<c>prime</c>).</param>
/// <param name="Nodes">The site's members, <c>"host:port"</c> (<c>nodes</c>).</param>
public sealed record SiteSettings(bool Prime, ImmutableArray<NodeAddress> Nodes);

/// <summary>How a node joins through the seed nodes (<c>actorrealm.cluster.join</c>).</summary>
public sealed record JoinSettings
{
    /// <summary>
    /// How long the first seed node waits for another seed to answer before it forms the cluster
    /// itself; any answer restarts the wait (<c>seed-node-timeout</c>, 5 s).
    /// </summary>
    public TimeSpan SeedNodeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The first delay between join attempts; each further attempt doubles it (<c>retry-interval</c>, 1 s).</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between join attempts (<c>max-retry-interval</c>, 10 s).</summary>
    public TimeSpan MaxRetryInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The delay before join attempt <paramref name="attempt"/> (0-based): doubling, capped.</summary>
    public TimeSpan RetryDelay(int attempt)
    {
        var delay = RetryInterval;
        for (var i = 0; i < attempt && delay < MaxRetryInterval; i++)
        {
            delay += delay;
        }

        return delay < MaxRetryInterval ? delay : MaxRetryInterval;
    }
}

/// <summary>
/// The cluster settings (<c>actorrealm.cluster</c>), read once into this record; the defaults
/// live, commented, in the module's <c>reference.conf</c>.
/// </summary>
public sealed partial record ClusterSettings
{
    /// <summary>Nodes contacted to join (<c>seed-nodes</c>).</summary>
    public ImmutableArray<NodeAddress> SeedNodes { get; init; } = [];

    /// <summary>The configured sites by name (<c>sites</c>).</summary>
    public ImmutableSortedDictionary<string, SiteSettings> Sites { get; init; } = ImmutableSortedDictionary.Create<string, SiteSettings>(StringComparer.Ordinal);

    /// <summary>The failure detector (<c>failure-detector</c>).</summary>
    public FailureDetectorSettings FailureDetector { get; init; } = new();

    /// <summary>
    /// The longest gap in this node's own regular observations that is not a pause of its process, and how long it
    /// observes afresh after one before it claims quorum again: a member's detection budget,
    /// <c>failure-detector.heartbeat-interval</c> + <c>failure-detector.acceptable-heartbeat-pause</c> (ADR 0084).
    /// </summary>
    public TimeSpan PauseBudget => FailureDetector.HeartbeatInterval + FailureDetector.AcceptableHeartbeatPause;

    /// <summary>How long the unreachable set must be unchanged before downing (<c>downing.stable-after</c>, 20 s).</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long every member of the prime site must have been unreachable before a switch away
    /// from it is accepted (<c>prime-switch.min-unreachable</c>, 60 s).
    /// </summary>
    public TimeSpan PrimeSwitchMinUnreachable { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long the node that asked for a prime switch waits for the reachable members to store
    /// the new state before it answers (<c>prime-switch.ack-timeout</c>, 5 s).
    /// </summary>
    public TimeSpan PrimeSwitchAckTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Joining through the seed nodes (<c>join</c>).</summary>
    public JoinSettings Join { get; init; } = new();

    /// <summary>How often a node gossips to a peer (<c>gossip-interval</c>, 1 s).</summary>
    public TimeSpan GossipInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the leader performs its actions (<c>leader-actions-interval</c>, 1 s).</summary>
    public TimeSpan LeaderActionsInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long removed incarnations are remembered (<c>tombstone-retention</c>, 24 h).</summary>
    public TimeSpan TombstoneRetention { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The configured members by site.</summary>
    /// <exception cref="ClusterConfigurationException">The sites are invalid.</exception>
    public ClusterLayout Layout => LayoutProblems() is { Count: > 0 } problems
        ? throw new ClusterConfigurationException(problems)
        : new ClusterLayout(Sites.Select(s => KeyValuePair.Create(s.Key, (IEnumerable<NodeAddress>)s.Value.Nodes)));

    /// <summary>The epoch-0 prime state from configuration.</summary>
    /// <exception cref="ClusterConfigurationException">Not exactly one site is prime.</exception>
    public PrimeState InitialPrime => PrimeProblem() is { } problem
        ? throw new ClusterConfigurationException([problem])
        : PrimeState.Initial(Sites.Single(s => s.Value.Prime).Key);
}

/// <summary>The cluster configuration is invalid; the node refuses to start.</summary>
public sealed class ClusterConfigurationException : Exception
{
    /// <summary>Creates the exception from the list of problems.</summary>
    public ClusterConfigurationException(IReadOnlyList<string> problems)
        : base("Invalid cluster configuration: " + string.Join(" ", problems)) => Problems = problems;

    /// <summary>Creates the exception with a message.</summary>
    public ClusterConfigurationException()
        : this(["unknown problem."])
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ClusterConfigurationException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ClusterConfigurationException(string message, Exception innerException)
        : base(message, innerException) => Problems = [message];

    /// <summary>Every problem found, each naming its setting.</summary>
    public IReadOnlyList<string> Problems { get; }
}
