using System.Globalization;
using System.Text;
using ActorRealm.Cluster.Remote;
using ActorRealm.Hocon;

namespace ActorRealm.Cluster.Tests;

/// <summary>A realm node's configuration file for tests, and its <see cref="RealmSetup"/>.</summary>
internal static class RealmNodeConfig
{
    public const string Realm = "realm";
    public const string JoinSecret = "cluster-tests-join-secret";

    /// <summary>
    /// The node file of <paramref name="self"/>: the layout (prime site first in the seeds unless
    /// <paramref name="seeds"/> are given), its transport address, the join secret (none when null) and
    /// plaintext unless <paramref name="tls"/>; <paramref name="extra"/> comes last and wins.
    /// </summary>
    public static string Hocon(ClusterLayout layout, string prime, NodeAddress self, IEnumerable<NodeAddress>? seeds = null, string? joinSecret = JoinSecret, bool tls = false, string extra = "")
    {
        var text = new StringBuilder("actorrealm.cluster {\n  sites {\n");
        foreach (var site in layout.Sites)
        {
            var nodes = string.Join(", ", layout.MembersOf(site).Select(a => $"\"{a}\""));
            text.Append(CultureInfo.InvariantCulture, $"    {site} {{ prime = {(site == prime ? "true" : "false")}, nodes = [{nodes}] }}\n");
        }

        seeds ??= layout.Sites.OrderBy(s => s == prime ? 0 : 1).Select(s => layout.MembersOf(s).First());
        text.Append(CultureInfo.InvariantCulture, $"  }}\n  seed-nodes = [{string.Join(", ", seeds.Select(s => $"\"{s}\""))}]\n}}\n");
        text.Append(CultureInfo.InvariantCulture, $"actorrealm.remote {{\n  canonical {{ hostname = \"{self.Host}\", port = {self.Port} }}\n");
        text.Append(CultureInfo.InvariantCulture, $"  join-secret = \"{joinSecret ?? string.Empty}\"\n  transport.tls.enabled = {(tls ? "on" : "off")}\n}}\n");
        return text.Append(extra).ToString();
    }

    /// <summary>The setup of a node from its resolved configuration.</summary>
    public static RealmSetup Setup(Config config, string name, string site, NodeAddress address, string? dataDirectory = null, IEnumerable<string>? roles = null, string realm = Realm) =>
        RealmSetup.Create(realm, name, site, roles ?? [], address, ClusterSettings.FromConfig(config), RemoteSettings.FromConfig(config), dataDirectory);

    /// <summary>Loopback addresses on ports that were free a moment ago (<see cref="LoopbackPorts"/>).</summary>
    public static NodeAddress[] LoopbackAddresses(int count) =>
        [.. LoopbackPorts.Take(count).Select(port => new NodeAddress("127.0.0.1", port))];
}
