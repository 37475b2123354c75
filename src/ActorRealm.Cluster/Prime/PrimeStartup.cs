namespace ActorRealm.Cluster.Prime;

/// <summary>The prime state a node starts with, and what to tell the operator about it.</summary>
/// <param name="State">The state to follow.</param>
/// <param name="Warning">A warning to log, or null.</param>
public sealed record PrimeStartup(PrimeState State, string? Warning)
{
    /// <summary>
    /// Chooses the starting prime state: the stored state when there is one (a switch outlives the
    /// configuration file), otherwise epoch 0 with the configured prime site. Warns when the two
    /// disagree.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stored prime site is not in the layout.</exception>
    public static PrimeStartup Resolve(string configuredPrimeSite, PrimeState? stored, ClusterLayout layout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuredPrimeSite);
        ArgumentNullException.ThrowIfNull(layout);
        if (stored is null)
        {
            return new PrimeStartup(PrimeState.Initial(configuredPrimeSite), null);
        }

        if (!layout.HasSite(stored.Site))
        {
            throw new InvalidOperationException(
                $"The stored prime site '{stored.Site}' (epoch {stored.Epoch}) is not a configured site ({string.Join(", ", layout.Sites)}). " +
                "Fix the site configuration, or remove the stored prime epoch file if the site was renamed on purpose.");
        }

        var warning = string.Equals(stored.Site, configuredPrimeSite, StringComparison.Ordinal)
            ? null
            : $"The configuration names '{configuredPrimeSite}' as prime site, but this node accepted a switch to '{stored.Site}' " +
              $"(epoch {stored.Epoch}, by {stored.SwitchedBy} at {stored.SwitchedAt:O}); following the stored epoch. " +
              "Switch the prime site with 'actorrealm prime set', not by editing the configuration.";
        return new PrimeStartup(stored, warning);
    }
}
