using System.Collections.Immutable;
using ActorRealm.Cluster;
using ActorRealm.Hocon;

namespace ActorRealm.PersistenceSets.Layout;

/// <summary>
/// The layout as written, before the rules: what could be read, with where it was written. A value
/// that could not be read is null here and already reported, so the rules skip it rather than
/// report it twice.
/// </summary>
internal sealed record LayoutDraft
{
    public const string Key = "actorrealm.persistence";

    /// <summary>The sets in definition order.</summary>
    public ImmutableArray<SetDraft> Sets { get; init; } = [];

    /// <summary><c>primary-set</c>, empty when not set.</summary>
    public string PrimarySet { get; init; } = string.Empty;

    public HoconOrigin? PrimarySetOrigin { get; init; }

    public StandbyReplication StandbyReplication { get; init; }

    /// <summary><c>server</c>, empty when not set.</summary>
    public string Server { get; init; } = string.Empty;

    public HoconOrigin? ServerOrigin { get; init; }

    /// <summary>Keys (<c>primary-set</c>, <c>server</c>) that are set but could not be read: already reported, so not "missing".</summary>
    public ImmutableHashSet<string> Unreadable { get; init; } = [];

    /// <summary>The realm's sites and their nodes in the listed order (<c>actorrealm.cluster.sites</c>).</summary>
    public ImmutableSortedDictionary<string, ImmutableArray<NodeAddress>> RealmSites { get; init; } =
        ImmutableSortedDictionary.Create<string, ImmutableArray<NodeAddress>>(StringComparer.Ordinal);

    /// <summary>Whether the realm defines a persistence cluster at all: any set, a primary set or a server.</summary>
    public bool IsConfigured => !Sets.IsEmpty || PrimarySet.Length > 0 || Server.Length > 0;

    /// <summary>Prefixes <paramref name="message"/> with where the value was written, when that is known.</summary>
    public static string At(HoconOrigin? origin, string message) =>
        origin is { } o && o != HoconOrigin.Programmatic && !string.IsNullOrEmpty(o.FileName) ? $"{o}: {message}" : message;

    public static string SetKey(string set) => $"{Key}.sets.{set}";

    public static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}

/// <summary>One set as written.</summary>
/// <param name="Name">The key under <c>sets</c>.</param>
/// <param name="Site">Its <c>site</c>, or null when missing or unreadable.</param>
/// <param name="Servers">Its server entries.</param>
/// <param name="RealmServers">Its <c>realm-servers</c>; empty means every node of the site.</param>
/// <param name="Origin">Where the set was written.</param>
/// <param name="Unreadable">Its keys that are set but could not be read: already reported, so not "missing" or "empty".</param>
internal sealed record SetDraft(string Name, string? Site, ImmutableArray<ServerDraft> Servers, ImmutableArray<NodeAddress> RealmServers, HoconOrigin? Origin, ImmutableHashSet<string> Unreadable)
{
    public string Key => LayoutDraft.SetKey(Name);
}

/// <summary>One entry of a set's <c>servers</c> as written.</summary>
/// <param name="Set">The set's name.</param>
/// <param name="Index">Its position in the list.</param>
/// <param name="Name">Its <c>name</c>, or null when missing or unreadable.</param>
/// <param name="Address">Its <c>address</c>, or null when missing or malformed.</param>
/// <param name="Origin">Where the entry was written.</param>
internal sealed record ServerDraft(string Set, int Index, string? Name, NodeAddress? Address, HoconOrigin? Origin)
{
    public string Key => $"{LayoutDraft.SetKey(Set)}.servers[{Index}]";
}
