namespace ActorRealm.Cluster;

/// <summary>The result of validating cluster settings for one node.</summary>
/// <param name="Errors">Problems that make the node refuse to start.</param>
/// <param name="Warnings">Problems to log at start.</param>
public sealed record ClusterSettingsValidation(IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    /// <summary>Whether the node may start.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>Throws when there is an error; returns the warnings otherwise.</summary>
    /// <exception cref="ClusterConfigurationException">There is at least one error.</exception>
    public IReadOnlyList<string> ThrowIfInvalid() => IsValid ? Warnings : throw new ClusterConfigurationException(Errors);
}

/// <summary>Validation of the cluster settings.</summary>
public sealed partial record ClusterSettings
{
    private const string Key = "actorrealm.cluster";

    /// <summary>
    /// Validates the settings for a node of site <paramref name="selfSite"/> at
    /// <paramref name="selfAddress"/>: errors (the node refuses to start) name the setting to fix;
    /// warnings are returned, not thrown.
    /// </summary>
    public ClusterSettingsValidation Validate(string selfSite, NodeAddress? selfAddress = null)
    {
        var errors = new List<string>(LayoutProblems());
        if (PrimeProblem() is { } prime)
        {
            errors.Add(prime);
        }

        errors.AddRange(FailureDetector.Problems());
        if (StableAfter < TimeSpan.Zero)
        {
            errors.Add($"{Key}.downing.stable-after must not be negative, not {StableAfter}.");
        }

        foreach (var (key, value) in new[] { ("prime-switch.min-unreachable", PrimeSwitchMinUnreachable), ("prime-switch.ack-timeout", PrimeSwitchAckTimeout), ("join.seed-node-timeout", Join.SeedNodeTimeout), ("join.retry-interval", Join.RetryInterval), ("join.max-retry-interval", Join.MaxRetryInterval), ("gossip-interval", GossipInterval), ("leader-actions-interval", LeaderActionsInterval), ("tombstone-retention", TombstoneRetention) })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{Key}.{key} must be positive, not {value}.");
            }
        }

        errors.AddRange(SelfProblems(selfSite, selfAddress));
        return new ClusterSettingsValidation(errors, errors.Count == 0 ? Warnings() : []);
    }

    private List<string> LayoutProblems()
    {
        var problems = new List<string>();
        if (Sites.IsEmpty)
        {
            problems.Add($"{Key}.sites is empty: configure each site with its nodes, for example sites.main {{ prime = true, nodes = [\"10.0.0.1:25520\"] }}.");
        }

        var siteOf = new Dictionary<NodeAddress, string>();
        foreach (var (site, settings) in Sites)
        {
            if (settings.Nodes.IsDefaultOrEmpty)
            {
                problems.Add($"{Key}.sites.{site}.nodes is empty: every site needs at least one node.");
                continue;
            }

            foreach (var node in settings.Nodes)
            {
                if (siteOf.TryGetValue(node, out var other))
                {
                    problems.Add(other == site
                        ? $"{Key}.sites.{site}.nodes lists {node} twice."
                        : $"Node {node} is listed in both {Key}.sites.{other}.nodes and {Key}.sites.{site}.nodes.");
                }

                siteOf[node] = site;
            }
        }

        return problems;
    }

    private string? PrimeProblem()
    {
        var primes = Sites.Where(s => s.Value.Prime).Select(s => $"'{s.Key}'").ToList();
        var all = string.Join(", ", Sites.Keys.Select(s => $"'{s}'"));
        return primes.Count switch
        {
            1 => null,
            0 when Sites.IsEmpty => null,
            0 => $"No prime site: set {Key}.sites.<site>.prime = true on exactly one of {all}.",
            _ => $"{primes.Count} prime sites ({string.Join(", ", primes)}): exactly one site may be prime; set prime = false on all but one.",
        };
    }

    private IEnumerable<string> SelfProblems(string selfSite, NodeAddress? selfAddress)
    {
        if (string.IsNullOrWhiteSpace(selfSite))
        {
            yield return "This node has no site: set actorrealm.node.site.";
            yield break;
        }

        if (!Sites.TryGetValue(selfSite, out var site))
        {
            yield return $"This node's site '{selfSite}' (actorrealm.node.site) is not configured under {Key}.sites; configured sites: {string.Join(", ", Sites.Keys)}.";
            yield break;
        }

        if (selfAddress is not null && !site.Nodes.Contains(selfAddress))
        {
            var actual = Sites.FirstOrDefault(s => s.Value.Nodes.Contains(selfAddress)).Key;
            yield return actual is null
                ? $"This node ({selfAddress}) is not listed in {Key}.sites.{selfSite}.nodes; add it there."
                : $"This node ({selfAddress}) says it is in site '{selfSite}' but is listed in {Key}.sites.{actual}.nodes.";
        }
    }

    private List<string> Warnings()
    {
        var warnings = new List<string>();
        var counts = Sites.Select(s => (Site: s.Key, Count: s.Value.Nodes.Length)).ToList();
        if (counts.Select(c => c.Count).Distinct().Count() > 1)
        {
            warnings.Add(
                $"Sites have unequal numbers of nodes ({string.Join(", ", counts.Select(c => $"{c.Site}: {c.Count}"))}): " +
                "the prime site's extra vote only decides when exactly half of all nodes are reachable, " +
                "so a site holding more than half keeps quorum alone and a smaller one never does, whichever site is prime.");
        }

        var total = counts.Sum(c => c.Count);
        if (total % 2 == 1 && counts.Count > 1)
        {
            warnings.Add($"The cluster has an odd number of nodes ({total}): exactly half is impossible, so the prime site's extra vote never decides.");
        }

        foreach (var seed in SeedNodes.Where(s => !Sites.Values.Any(site => site.Nodes.Contains(s))))
        {
            warnings.Add($"Seed node {seed} ({Key}.seed-nodes) is not listed in any site's nodes.");
        }

        return warnings;
    }
}
