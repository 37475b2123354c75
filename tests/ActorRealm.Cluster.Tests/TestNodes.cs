namespace ActorRealm.Cluster.Tests;

/// <summary>Addresses, incarnations and layouts for tests: site "main" and site "dr".</summary>
internal static class TestNodes
{
    public const string Main = "main";
    public const string Dr = "dr";

    /// <summary>The address of member <paramref name="index"/> (1-based) of <paramref name="site"/>.</summary>
    public static NodeAddress Address(string site, int index) => new($"{site}-{index}", 4053);

    /// <summary>The incarnation (uid 1 unless given) of member <paramref name="index"/> of <paramref name="site"/>.</summary>
    public static NodeId Node(string site, int index, long uid = 1) => new(Address(site, index), uid);

    /// <summary>The addresses of members 1..<paramref name="count"/> of <paramref name="site"/>.</summary>
    public static NodeAddress[] Addresses(string site, int count) => Enumerable.Range(1, count).Select(i => Address(site, i)).ToArray();

    /// <summary>A layout with <paramref name="main"/> members in "main" and <paramref name="dr"/> in "dr" (a site with 0 is left out).</summary>
    public static ClusterLayout Layout(int main, int dr) =>
        new(new[] { (Main, main), (Dr, dr) }
            .Where(s => s.Item2 > 0)
            .Select(s => KeyValuePair.Create(s.Item1, (IEnumerable<NodeAddress>)Addresses(s.Item1, s.Item2))));

    /// <summary>The site of a test node, from its host name.</summary>
    public static string SiteOf(NodeId node) => node.Address.Host.StartsWith(Main, StringComparison.Ordinal) ? Main : Dr;

    /// <summary>An Up member with up-number 1.</summary>
    public static Member UpMember(NodeId node) => Member.Joining(node, SiteOf(node)).WithStatus(MemberStatus.Up) with { UpNumber = 1 };

    /// <summary>A set of addresses.</summary>
    public static HashSet<NodeAddress> Set(params IEnumerable<NodeAddress>[] groups) => groups.SelectMany(g => g).ToHashSet();
}
