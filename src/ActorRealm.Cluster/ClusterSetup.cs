using System.Collections.Immutable;
using ActorRealm.Hocon;

namespace ActorRealm.Cluster;

/// <summary>
/// Who this node is in the cluster and what it runs on: its name, site, roles and data directory
/// (from <c>actorrealm.node.*</c>), the cluster settings, and the network below the cluster. Read from
/// configuration by <see cref="FromConfig"/>; hosts and tests may set any part in code and pass the
/// setup to <see cref="Cluster.Start"/>.
/// </summary>
public sealed record ClusterSetup
{
    /// <summary>The node's name (<c>actorrealm.node.name</c>); null uses its address.</summary>
    public string? NodeName { get; init; }

    /// <summary>The node's site (<c>actorrealm.node.site</c>); required.</summary>
    public string? Site { get; init; }

    /// <summary>The node's roles (<c>actorrealm.node.roles</c>, optional).</summary>
    public ImmutableArray<string> Roles { get; init; } = [];

    /// <summary>
    /// Where the accepted prime state is stored (<c>actorrealm.node.data-dir</c>). Null keeps it in
    /// memory only: the node then never acknowledges a prime switch as stored, and logs a warning.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>The cluster settings; null reads <c>actorrealm.cluster</c> from the system's configuration.</summary>
    public ClusterSettings? Settings { get; init; }

    /// <summary>The network below the cluster; null uses the actor system's ref provider when it offers one.</summary>
    public IClusterNetwork? Network { get; init; }

    /// <summary>Reads the node identity from <c>actorrealm.node</c> (name, site, roles, data-dir) and the cluster settings.</summary>
    /// <exception cref="ClusterConfigurationException">A cluster setting is malformed.</exception>
    public static ClusterSetup FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var withDefaults = config.WithFallback(ClusterSettings.Reference).Resolve();
        var name = withDefaults.GetString("actorrealm.node.name", string.Empty);
        var site = withDefaults.GetString("actorrealm.node.site", string.Empty);
        var dataDir = withDefaults.GetString("actorrealm.node.data-dir", string.Empty);
        return new ClusterSetup
        {
            NodeName = name.Length == 0 ? null : name,
            Site = site.Length == 0 ? null : site,
            Roles = [.. withDefaults.GetStringList("actorrealm.node.roles", [])],
            DataDirectory = dataDir.Length == 0 ? null : dataDir,
            Settings = ClusterSettings.FromConfig(withDefaults),
        };
    }
}
