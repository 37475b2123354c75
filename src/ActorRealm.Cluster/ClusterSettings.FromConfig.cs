using System.Collections.Immutable;
using System.Text.RegularExpressions;
using ActorRealm.Cluster.FailureDetection;
using ActorRealm.Hocon;

namespace ActorRealm.Cluster;

/// <summary>Reading the cluster settings from HOCON.</summary>
public sealed partial record ClusterSettings
{
    /// <summary>This module's embedded defaults (<c>ActorRealm.Cluster.reference.conf</c>).</summary>
    public static Config Reference => ConfigFactory.Reference([typeof(ClusterSettings).Assembly]);

    /// <summary>
    /// Reads <c>actorrealm.cluster</c> from a resolved configuration that includes the defaults
    /// (see <see cref="Reference"/>). Call <see cref="Validate"/> afterwards for the layout rules.
    /// </summary>
    /// <exception cref="ClusterConfigurationException">An address or site name is malformed; every problem is listed.</exception>
    /// <exception cref="HoconException">A setting is missing or has the wrong type.</exception>
    public static ClusterSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        // Full paths everywhere, so a HOCON error names the whole key.
        var problems = new List<string>();
        var seeds = Addresses(config.GetStringList(KeyOf("seed-nodes")), KeyOf("seed-nodes"), problems);
        var sites = ImmutableSortedDictionary.CreateBuilder<string, SiteSettings>(StringComparer.Ordinal);
        foreach (var name in config.GetConfigOrEmpty(KeyOf("sites")).Keys)
        {
            if (!SiteName().IsMatch(name))
            {
                problems.Add($"Site name '{name}' under {Key}.sites must use only letters, digits, '-' and '_'.");
                continue;
            }

            var nodes = Addresses(config.GetStringList(KeyOf($"sites.{name}.nodes"), []), KeyOf($"sites.{name}.nodes"), problems);
            sites[name] = new SiteSettings(config.GetBoolean(KeyOf($"sites.{name}.prime"), false), nodes);
        }

        if (problems.Count > 0)
        {
            throw new ClusterConfigurationException(problems);
        }

        return new ClusterSettings
        {
            SeedNodes = seeds,
            Sites = sites.ToImmutable(),
            FailureDetector = new FailureDetectorSettings
            {
                Threshold = config.GetDouble(KeyOf("failure-detector.threshold")),
                MaxSampleSize = config.GetInt(KeyOf("failure-detector.max-sample-size")),
                MinStdDeviation = config.GetDuration(KeyOf("failure-detector.min-std-deviation")),
                AcceptableHeartbeatPause = config.GetDuration(KeyOf("failure-detector.acceptable-heartbeat-pause")),
                HeartbeatInterval = config.GetDuration(KeyOf("failure-detector.heartbeat-interval")),
                FirstHeartbeatEstimate = config.GetDuration(KeyOf("failure-detector.first-heartbeat-estimate")),
            },
            StableAfter = config.GetDuration(KeyOf("downing.stable-after")),
            PrimeSwitchMinUnreachable = config.GetDuration(KeyOf("prime-switch.min-unreachable")),
            PrimeSwitchAckTimeout = config.GetDuration(KeyOf("prime-switch.ack-timeout")),
            Join = new JoinSettings
            {
                SeedNodeTimeout = config.GetDuration(KeyOf("join.seed-node-timeout")),
                RetryInterval = config.GetDuration(KeyOf("join.retry-interval")),
                MaxRetryInterval = config.GetDuration(KeyOf("join.max-retry-interval")),
            },
            GossipInterval = config.GetDuration(KeyOf("gossip-interval")),
            LeaderActionsInterval = config.GetDuration(KeyOf("leader-actions-interval")),
            TombstoneRetention = config.GetDuration(KeyOf("tombstone-retention")),
        };
    }

    private static string KeyOf(string relative) => $"{Key}.{relative}";

    private static ImmutableArray<NodeAddress> Addresses(IEnumerable<string> texts, string key, List<string> problems)
    {
        var addresses = ImmutableArray.CreateBuilder<NodeAddress>();
        foreach (var text in texts)
        {
            if (NodeAddress.TryParse(text, out var address, out var error))
            {
                addresses.Add(address);
            }
            else
            {
                problems.Add($"{key}: {error}");
            }
        }

        return addresses.ToImmutable();
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex SiteName();
}
