namespace ActorRealm.Cluster.Prime;

/// <summary>
/// Which site is prime, in which epoch, and who switched it. Epoch 0 is the prime site from
/// configuration; every accepted switch adds one. States are totally ordered (epoch, then switch
/// time, then switch id, site and requester) so every node picks the same winner.
/// </summary>
/// <param name="Site">The prime site.</param>
/// <param name="Epoch">The prime epoch: 0 from configuration, then one more per switch.</param>
/// <param name="SwitchedBy">Who made the switch (node and requester), or <see cref="ConfigurationSource"/>.</param>
/// <param name="SwitchedAt">When the switch was accepted (wall clock); the Unix epoch for configuration.</param>
/// <param name="SwitchId">A unique id of the switch; empty for configuration.</param>
public sealed record PrimeState(string Site, long Epoch, string SwitchedBy, DateTimeOffset SwitchedAt, Guid SwitchId)
    : IComparable<PrimeState>
{
    /// <summary>The <see cref="SwitchedBy"/> of the initial state taken from configuration.</summary>
    public const string ConfigurationSource = "configuration";

    /// <summary>The epoch-0 state for the prime site named in configuration.</summary>
    public static PrimeState Initial(string site)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(site);
        return new PrimeState(site, 0, ConfigurationSource, DateTimeOffset.UnixEpoch, Guid.Empty);
    }

    /// <summary>The next epoch with <paramref name="site"/> as prime.</summary>
    public PrimeState SwitchTo(string site, string switchedBy, DateTimeOffset switchedAt, Guid switchId) =>
        new(site, Epoch + 1, switchedBy, switchedAt, switchId);

    /// <summary>Whether <paramref name="left"/> orders before <paramref name="right"/>.</summary>
    public static bool operator <(PrimeState? left, PrimeState? right) => Comparer<PrimeState>.Default.Compare(left, right) < 0;

    /// <summary>Whether <paramref name="left"/> orders before or equal to <paramref name="right"/>.</summary>
    public static bool operator <=(PrimeState? left, PrimeState? right) => Comparer<PrimeState>.Default.Compare(left, right) <= 0;

    /// <summary>Whether <paramref name="left"/> orders after <paramref name="right"/>.</summary>
    public static bool operator >(PrimeState? left, PrimeState? right) => Comparer<PrimeState>.Default.Compare(left, right) > 0;

    /// <summary>Whether <paramref name="left"/> orders after or equal to <paramref name="right"/>.</summary>
    public static bool operator >=(PrimeState? left, PrimeState? right) => Comparer<PrimeState>.Default.Compare(left, right) >= 0;

    /// <inheritdoc />
    public int CompareTo(PrimeState? other)
    {
        if (other is null)
        {
            return 1;
        }

        var order = Epoch.CompareTo(other.Epoch);
        order = order != 0 ? order : SwitchedAt.CompareTo(other.SwitchedAt);
        order = order != 0 ? order : SwitchId.CompareTo(other.SwitchId);
        order = order != 0 ? order : string.CompareOrdinal(Site, other.Site);
        return order != 0 ? order : string.CompareOrdinal(SwitchedBy, other.SwitchedBy);
    }

    /// <summary>The greater of two states in the total order (the one every node follows).</summary>
    public static PrimeState Max(PrimeState a, PrimeState b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.CompareTo(b) >= 0 ? a : b;
    }

    /// <summary>Returns <c>site (epoch N)</c>.</summary>
    public override string ToString() => $"'{Site}' (epoch {Epoch})";
}
