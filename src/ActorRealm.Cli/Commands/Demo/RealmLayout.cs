using System.Globalization;
using System.Text.RegularExpressions;
using ActorRealm.Cluster.Remote;

namespace ActorRealm.Cli.Commands.Demo;

/// <summary>One node of a generated local realm.</summary>
/// <param name="Name">The node name, <c>&lt;site&gt;-&lt;n&gt;</c>.</param>
/// <param name="Site">Its site.</param>
/// <param name="Port">Its cluster transport port on <see cref="Host"/>.</param>
/// <param name="AdminPort">Its admin API port on <see cref="Host"/>.</param>
internal sealed record LocalNode(string Name, string Site, int Port, int AdminPort)
{
    /// <summary>The loopback host local nodes use unless the chaos harness gives each its own network.</summary>
    public const string Loopback = "127.0.0.1";

    /// <summary>The host it listens on: 127.0.0.1, or its own address in the chaos harness's network namespaces.</summary>
    public string Host { get; init; } = Loopback;

    /// <summary>The cluster address, <c>host:port</c>.</summary>
    public string Address => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    /// <summary>The admin API address, <c>host:port</c>.</summary>
    public string AdminAddress => string.Create(CultureInfo.InvariantCulture, $"{Host}:{AdminPort}");
}

/// <summary>One persistence server of a generated local realm (ADR 0071: a client of a realm server of its site).</summary>
/// <param name="Name">The server name, <c>a1</c>.. in the primary set, <c>b1</c>.. in the standby set.</param>
/// <param name="Set">Its persistence set, <c>_setA</c> (primary, first site) or <c>_setB</c> (standby, second site).</param>
/// <param name="Site">Its site.</param>
/// <param name="Port">The port it listens on for the other persistence servers and its clients, on <see cref="Host"/>.</param>
internal sealed record LocalPersistenceServer(string Name, string Set, string Site, int Port)
{
    /// <summary>The host it listens on: 127.0.0.1, or its own address in the chaos harness's network namespaces.</summary>
    public string Host { get; init; } = LocalNode.Loopback;

    /// <summary>The address, <c>host:port</c>.</summary>
    public string Address => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");
}

/// <summary>
/// A realm on this machine: sites with their node counts (the first site is prime), nodes on
/// 127.0.0.1 with cluster ports from a base port and admin ports 100 above; optionally the
/// document's persistence cluster: <c>_setA</c> (primary) at the first site and <c>_setB</c>
/// (standby) at the second, their servers on the ports after the nodes'.
/// </summary>
internal sealed partial class RealmLayout
{
    /// <summary>How far above the cluster ports the admin ports start.</summary>
    public const int AdminPortOffset = 100;

    /// <summary>The primary set's name, as in the document's example.</summary>
    public const string PrimarySet = "_setA";

    /// <summary>The standby set's name, as in the document's example.</summary>
    public const string StandbySet = "_setB";

    /// <summary>The most persistence servers per set a local realm runs.</summary>
    public const int MaxServersPerSet = 5;

    private RealmLayout(IReadOnlyList<(string Site, int Count)> sites, int basePort, int serversPerSet)
    {
        Sites = sites;
        var nodes = new List<LocalNode>();
        foreach (var (site, count) in sites)
        {
            for (var i = 1; i <= count; i++)
            {
                var port = basePort + nodes.Count;
                nodes.Add(new LocalNode(string.Create(CultureInfo.InvariantCulture, $"{site}-{i}"), site, port, port + AdminPortOffset));
            }
        }

        Nodes = nodes;
        var servers = new List<LocalPersistenceServer>();
        foreach (var (set, prefix, site) in serversPerSet > 0 ? new[] { (PrimarySet, 'a', sites[0].Site), (StandbySet, 'b', sites[1].Site) } : [])
        {
            for (var i = 1; i <= serversPerSet; i++)
            {
                servers.Add(new LocalPersistenceServer(string.Create(CultureInfo.InvariantCulture, $"{prefix}{i}"), set, site, basePort + nodes.Count + servers.Count));
            }
        }

        PersistenceServers = servers;
    }

    private RealmLayout(RealmLayout layout, Func<string, string> host)
    {
        Sites = layout.Sites;
        Nodes = [.. layout.Nodes.Select(n => n with { Host = host(n.Name) })];
        PersistenceServers = [.. layout.PersistenceServers.Select(s => s with { Host = host(s.Name) })];
    }

    /// <summary>The sites and their node counts, prime site first.</summary>
    public IReadOnlyList<(string Site, int Count)> Sites { get; }

    /// <summary>The prime site (the first one).</summary>
    public string PrimeSite => Sites[0].Site;

    /// <summary>Every node, site by site.</summary>
    public IReadOnlyList<LocalNode> Nodes { get; }

    /// <summary>The persistence servers, primary set first; empty when the realm has no persistence cluster.</summary>
    public IReadOnlyList<LocalPersistenceServer> PersistenceServers { get; }

    /// <summary>The seed nodes: the first node of each site.</summary>
    public IEnumerable<LocalNode> Seeds => Sites.Select(s => Nodes.First(n => n.Site == s.Site));

    /// <summary>Every realm server's and persistence server's name, realm servers first.</summary>
    public IEnumerable<string> ProcessNames => Nodes.Select(n => n.Name).Concat(PersistenceServers.Select(s => s.Name));

    /// <summary>The host of a realm server or persistence server, by name.</summary>
    public string HostOf(string name) => Nodes.FirstOrDefault(n => n.Name == name)?.Host ?? PersistenceServers.Single(s => s.Name == name).Host;

    /// <summary>The site of a realm server or persistence server, by name.</summary>
    public string SiteOf(string name) => Nodes.FirstOrDefault(n => n.Name == name)?.Site ?? PersistenceServers.Single(s => s.Name == name).Site;

    /// <summary>The same layout with each process listening on the host <paramref name="host"/> gives its name.</summary>
    public RealmLayout WithHosts(Func<string, string> host) => new(this, host);

    /// <summary>The cluster and admin ports of the layout that something on 127.0.0.1 listens on now.</summary>
    public List<int> BusyPorts() =>
        [.. Nodes.SelectMany(n => new[] { n.Port, n.AdminPort }).Concat(PersistenceServers.Select(s => s.Port)).Where(p => !LoopbackPorts.IsFree(p))];

    /// <summary>
    /// <paramref name="spec"/> (as <see cref="TryParse"/>) on ports that are all free now, below the ephemeral range
    /// (<see cref="LoopbackPorts"/>): for realms the tools start on their own (benchmark, chaos, tests).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="spec"/> is not a layout.</exception>
    public static RealmLayout Free(string spec, int serversPerSet = 0)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (!TryParse(spec, LoopbackPorts.RandomBase(2 * AdminPortOffset), out var layout, out var error, serversPerSet))
            {
                throw new ArgumentException(error, nameof(spec));
            }

            if (layout.BusyPorts().Count == 0)
            {
                return layout;
            }
        }

        throw new InvalidOperationException($"no free range of loopback ports found for '{spec}' below the ephemeral range ({LoopbackPorts.EphemeralLow})");
    }

    /// <summary>
    /// Parses <c>main:3,dr:3</c>, with <paramref name="serversPerSet"/> persistence servers in each of the two sets
    /// (0: none); the message of <paramref name="error"/> says what is wrong.
    /// </summary>
    public static bool TryParse(string spec, int basePort, out RealmLayout layout, out string error, int serversPerSet = 0)
    {
        layout = null!;
        error = string.Empty;
        var sites = new List<(string, int)>();
        foreach (var part in spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pieces = part.Split(':', StringSplitOptions.TrimEntries);
            if (pieces.Length != 2 || !SiteName().IsMatch(pieces[0]) ||
                !int.TryParse(pieces[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > 9)
            {
                error = $"--sites '{spec}': each site is NAME:COUNT with a name of letters, digits, '-' or '_' and 1 to 9 nodes, e.g. main:3,dr:3.";
                return false;
            }

            if (sites.Any(s => s.Item1 == pieces[0]))
            {
                error = $"--sites '{spec}': site '{pieces[0]}' is listed twice.";
                return false;
            }

            sites.Add((pieces[0], count));
        }

        if (sites.Count == 0)
        {
            error = "--sites needs at least one site, e.g. main:3,dr:3.";
            return false;
        }

        if (serversPerSet is < 0 or > MaxServersPerSet)
        {
            error = $"--persistence-servers {serversPerSet}: each set runs 0 to {MaxServersPerSet} servers (3 is usual; 0 runs no persistence cluster).";
            return false;
        }

        if (serversPerSet > 0 && sites.Count < 2)
        {
            error = $"--persistence-servers {serversPerSet}: the persistence sets need two sites (the primary set at the first, the standby set at the second); give two sites or --persistence-servers 0.";
            return false;
        }

        var total = sites.Sum(s => s.Item2) + (2 * serversPerSet);
        if (total > AdminPortOffset)
        {
            error = $"--sites '{spec}': at most {AdminPortOffset} nodes and persistence servers (their ports lie below the admin ports).";
            return false;
        }

        if (basePort < 1024 || basePort + AdminPortOffset + total > 65535)
        {
            error = $"--base-port {basePort}: ports {basePort}..{basePort + AdminPortOffset + total - 1} must lie within 1024..65535.";
            return false;
        }

        layout = new RealmLayout(sites, basePort, serversPerSet);
        return true;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex SiteName();
}
