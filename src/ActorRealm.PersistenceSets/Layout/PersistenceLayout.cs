using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using ActorRealm.Cluster;

namespace ActorRealm.PersistenceSets.Layout;

/// <summary>
/// The realm's persistence cluster as configured: two sets at two sites, their servers, the initial
/// primary set (epoch 0) and the standby replication mode. Only valid layouts exist: read one with
/// <see cref="PersistenceSetsSettings.FromConfig"/>, or build one in code with <see cref="Of"/>; both
/// apply the same rules and refuse with a <see cref="PersistenceLayoutException"/> listing every problem.
/// </summary>
public sealed class PersistenceLayout
{
    private readonly ImmutableDictionary<string, PersistenceServerDefinition> _servers;

    internal PersistenceLayout(IEnumerable<PersistenceSetDefinition> sets, string initialPrimarySet, StandbyReplication standbyReplication)
    {
        Sets = [.. sets.OrderBy(s => s.Name, StringComparer.Ordinal)];
        InitialPrimarySet = Set(initialPrimarySet);
        InitialStandbySet = OtherSet(initialPrimarySet);
        StandbyReplication = standbyReplication;
        _servers = Sets.SelectMany(s => s.Servers).ToImmutableDictionary(s => s.Name, StringComparer.Ordinal);
    }

    /// <summary>The two sets, by name.</summary>
    public ImmutableArray<PersistenceSetDefinition> Sets { get; }

    /// <summary>The primary set of epoch 0 (<c>primary-set</c>); a cut-over or migration stores a newer one.</summary>
    public PersistenceSetDefinition InitialPrimarySet { get; }

    /// <summary>The standby set of epoch 0: the set that is not <see cref="InitialPrimarySet"/>.</summary>
    public PersistenceSetDefinition InitialStandbySet { get; }

    /// <summary>When a publish is acknowledged with respect to the standby set (<c>standby-replication</c>).</summary>
    public StandbyReplication StandbyReplication { get; }

    /// <summary>Every server, set by set, in the configured order within a set.</summary>
    public IEnumerable<PersistenceServerDefinition> Servers => Sets.SelectMany(s => s.Servers);

    /// <summary>
    /// Builds a layout in code (tests, the simulator) under the same rules as the configuration;
    /// <paramref name="realmSites"/> are the realm's sites with their realm servers, and every set
    /// connects to all realm servers of its site.
    /// </summary>
    /// <exception cref="PersistenceLayoutException">The layout breaks a rule; every problem is listed.</exception>
    public static PersistenceLayout Of(
        string initialPrimarySet,
        StandbyReplication standbyReplication,
        IReadOnlyDictionary<string, ImmutableArray<NodeAddress>> realmSites,
        params (string Name, string Site, (string Name, NodeAddress Address)[] Servers)[] sets)
    {
        ArgumentNullException.ThrowIfNull(realmSites);
        ArgumentNullException.ThrowIfNull(sets);
        var draft = new LayoutDraft
        {
            Sets = [.. sets.Select(set => new SetDraft(set.Name, set.Site, [.. set.Servers.Select((s, i) => new ServerDraft(set.Name, i, s.Name, s.Address, null))], [], null, []))],
            PrimarySet = initialPrimarySet ?? string.Empty,
            StandbyReplication = standbyReplication,
            RealmSites = realmSites.ToImmutableSortedDictionary(StringComparer.Ordinal),
        };
        var errors = LayoutRules.Errors(draft);
        if (!draft.IsConfigured)
        {
            errors.Add($"{LayoutDraft.Key}.sets defines no set: a persistence cluster has exactly two, the primary set and the standby set.");
        }

        return errors.Count == 0 ? LayoutRules.Build(draft) : throw new PersistenceLayoutException(errors);
    }

    /// <summary>The set named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No set has that name.</exception>
    public PersistenceSetDefinition Set(string name) =>
        Sets.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"No persistence set '{name}'; the sets are {LayoutDraft.Quoted(Sets.Select(s => s.Name))}.", nameof(name));

    /// <summary>The set that is not <paramref name="name"/>: the standby set of a primary set and the other way round.</summary>
    /// <exception cref="ArgumentException">No set has that name.</exception>
    public PersistenceSetDefinition OtherSet(string name) =>
        Sets.Single(s => s.Name != Set(name).Name);

    /// <summary>The set that runs at <paramref name="site"/>, or null when none does.</summary>
    public PersistenceSetDefinition? SetAt(string site) => Sets.FirstOrDefault(s => s.Site == site);

    /// <summary>The server named <paramref name="name"/>, if the realm defines it.</summary>
    public bool TryGetServer(string name, [NotNullWhen(true)] out PersistenceServerDefinition? server) =>
        _servers.TryGetValue(name, out server);

    /// <summary>The server named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The realm defines no such server.</exception>
    public PersistenceServerDefinition Server(string name) =>
        TryGetServer(name, out var server)
            ? server
            : throw new ArgumentException($"No persistence server '{name}'; the servers are {LayoutDraft.Quoted(Servers.Select(s => s.Name))}.", nameof(name));

    /// <summary>Returns <c>set at site: server, ...; ...</c>, the initial primary set marked.</summary>
    public override string ToString() =>
        string.Join("; ", Sets.Select(s => $"{s.Name}{(s == InitialPrimarySet ? " (primary)" : string.Empty)} at {s.Site}: {string.Join(", ", s.Servers.Select(v => v.Name))}"));
}
