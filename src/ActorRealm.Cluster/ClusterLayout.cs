using System.Collections.Immutable;

namespace ActorRealm.Cluster;

/// <summary>
/// The configured members of the realm, by site. The quorum rule counts these, so a member that
/// never joined, or was removed, still counts as absent. Sites and addresses are kept sorted.
/// </summary>
public sealed class ClusterLayout
{
    private readonly ImmutableSortedDictionary<string, ImmutableSortedSet<NodeAddress>> _sites;
    private readonly ImmutableDictionary<NodeAddress, string> _siteOf;

    /// <summary>Creates a layout from site names to their members' addresses.</summary>
    /// <exception cref="ArgumentException">
    /// No site, a site with no members, an empty site name, or an address listed twice.
    /// </exception>
    public ClusterLayout(IEnumerable<KeyValuePair<string, IEnumerable<NodeAddress>>> sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        var siteBuilder = ImmutableSortedDictionary.CreateBuilder<string, ImmutableSortedSet<NodeAddress>>(StringComparer.Ordinal);
        var siteOf = ImmutableDictionary.CreateBuilder<NodeAddress, string>();
        foreach (var (site, addresses) in sites)
        {
            if (string.IsNullOrWhiteSpace(site))
            {
                throw new ArgumentException("A site name is empty.", nameof(sites));
            }

            if (siteBuilder.ContainsKey(site))
            {
                throw new ArgumentException($"Site '{site}' is listed twice.", nameof(sites));
            }

            var members = ImmutableSortedSet.CreateRange(addresses);
            if (members.IsEmpty)
            {
                throw new ArgumentException($"Site '{site}' has no members; every site needs at least one node.", nameof(sites));
            }

            foreach (var address in members)
            {
                if (siteOf.TryGetValue(address, out var other))
                {
                    throw new ArgumentException($"Node {address} is listed in both site '{other}' and site '{site}'.", nameof(sites));
                }

                siteOf[address] = site;
            }

            siteBuilder[site] = members;
        }

        if (siteBuilder.Count == 0)
        {
            throw new ArgumentException("The layout has no site.", nameof(sites));
        }

        _sites = siteBuilder.ToImmutable();
        _siteOf = siteOf.ToImmutable();
        AllMembers = ImmutableSortedSet.CreateRange(_siteOf.Keys);
    }

    /// <summary>The site names, sorted.</summary>
    public IEnumerable<string> Sites => _sites.Keys;

    /// <summary>Every configured member, sorted.</summary>
    public ImmutableSortedSet<NodeAddress> AllMembers { get; }

    /// <summary>The number of configured members.</summary>
    public int Count => AllMembers.Count;

    /// <summary>Builds a layout from <c>(site, addresses)</c> pairs.</summary>
    public static ClusterLayout Of(params (string Site, IEnumerable<NodeAddress> Members)[] sites) =>
        new(sites.Select(s => KeyValuePair.Create(s.Site, s.Members)));

    /// <summary>Whether <paramref name="site"/> is configured.</summary>
    public bool HasSite(string site) => _sites.ContainsKey(site);

    /// <summary>The members of <paramref name="site"/>.</summary>
    /// <exception cref="ArgumentException">The site is not configured.</exception>
    public ImmutableSortedSet<NodeAddress> MembersOf(string site) =>
        _sites.TryGetValue(site, out var members)
            ? members
            : throw new ArgumentException($"Unknown site '{site}'; configured sites: {string.Join(", ", Sites)}.", nameof(site));

    /// <summary>The site of a configured member, or null when the address is not configured.</summary>
    public string? SiteOf(NodeAddress address) => _siteOf.GetValueOrDefault(address);

    /// <summary>Whether the address is a configured member.</summary>
    public bool Contains(NodeAddress address) => _siteOf.ContainsKey(address);

    /// <summary>Returns <c>site: a, b; site: c</c>.</summary>
    public override string ToString() => string.Join("; ", _sites.Select(s => $"{s.Key}: {string.Join(", ", s.Value)}"));
}
