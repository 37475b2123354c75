namespace ActorRealm.PersistenceSets.Replication;

/// <summary>How a publish is acknowledged with respect to the standby set.</summary>
public enum StandbyMode
{
    /// <summary>Acknowledge once a majority of the primary set holds the entry durably.</summary>
    Async,

    /// <summary>Also wait until a majority of the standby set holds it durably (standby-committed).</summary>
    Sync,
}

/// <summary>One persistence set: its name, its site and its servers.</summary>
/// <param name="Name">The set's name, for example <c>_setA</c>.</param>
/// <param name="Site">The site its servers run at.</param>
/// <param name="Servers">The names of its servers, unique across the persistence cluster.</param>
public sealed record SetDefinition(string Name, string Site, IReadOnlyList<string> Servers)
{
    /// <summary>The number of servers that form a majority of the set.</summary>
    public int Majority => (Servers.Count / 2) + 1;
}

/// <summary>
/// The minimal description of a persistence cluster the replication machine needs: exactly two sets,
/// which one is primary in epoch 0, and the standby mode. The layout module builds it from configuration
/// (where bad layouts are reported with every problem); this constructor only rejects what the machine
/// cannot work with at all.
/// </summary>
public sealed record ClusterDefinition
{
    /// <summary>Creates a definition and checks its basic shape.</summary>
    /// <param name="sets">The two sets.</param>
    /// <param name="initialPrimarySet">The set that is primary in epoch 0.</param>
    /// <param name="mode">The standby mode.</param>
    /// <exception cref="ArgumentException">Not two sets, a set without servers, a server in two sets, or an unknown primary.</exception>
    public ClusterDefinition(IReadOnlyList<SetDefinition> sets, string initialPrimarySet, StandbyMode mode)
    {
        ArgumentNullException.ThrowIfNull(sets);
        if (sets.Count != 2 || sets[0].Name == sets[1].Name)
        {
            throw new ArgumentException("a persistence cluster has exactly two sets with different names", nameof(sets));
        }

        if (sets.Any(s => s.Servers.Count == 0) || sets.SelectMany(s => s.Servers).Distinct(StringComparer.Ordinal).Count() != sets.Sum(s => s.Servers.Count))
        {
            throw new ArgumentException("every set needs servers and no server may be named twice", nameof(sets));
        }

        if (!sets.Any(s => s.Name == initialPrimarySet))
        {
            throw new ArgumentException($"initial primary set '{initialPrimarySet}' is not one of the sets", nameof(initialPrimarySet));
        }

        Sets = sets;
        InitialPrimarySet = initialPrimarySet;
        Mode = mode;
    }

    /// <summary>The two sets.</summary>
    public IReadOnlyList<SetDefinition> Sets { get; }

    /// <summary>The set that is primary in epoch 0.</summary>
    public string InitialPrimarySet { get; }

    /// <summary>The standby mode.</summary>
    public StandbyMode Mode { get; }

    /// <summary>The set a server belongs to.</summary>
    /// <exception cref="ArgumentException">The server is not defined.</exception>
    public SetDefinition SetOf(string server) =>
        Sets.FirstOrDefault(s => s.Servers.Contains(server, StringComparer.Ordinal))
        ?? throw new ArgumentException($"server '{server}' is not in any set", nameof(server));

    /// <summary>The set with this name, or null.</summary>
    public SetDefinition? FindSet(string name) => Sets.FirstOrDefault(s => s.Name == name);

    /// <summary>The set that is not <paramref name="name"/>.</summary>
    public SetDefinition OtherSet(string name) => Sets[0].Name == name ? Sets[1] : Sets[0];
}
