using System.Collections;
using System.Collections.Immutable;
using ActorRealm.Cluster;
using ActorRealm.Hocon;
using ActorRealm.PersistenceSets.Layout;

namespace ActorRealm.PersistenceSets.Tests.Layout;

/// <summary>Layouts as a process reads them: the user's HOCON over the cluster's and this module's defaults, resolved without the process environment.</summary>
internal static class LayoutConfig
{
    /// <summary>The realm of the document's example: two sites, two realm servers each, main prime.</summary>
    public const string Realm = """
        actorrealm.cluster.sites {
          main { prime = true, nodes = ["127.0.0.1:25520", "127.0.0.1:25521"] }
          dr { nodes = ["127.0.0.1:25522", "127.0.0.1:25523"] }
        }

        """;

    /// <summary>The document's example: _setA with three servers at main (primary), _setB with three at dr.</summary>
    public const string DocumentExample = Realm + """
        actorrealm.persistence {
          sets {
            _setA {
              site = main
              servers = [
                { name = a1, address = "127.0.0.1:7301" }
                { name = a2, address = "127.0.0.1:7302" }
                { name = a3, address = "127.0.0.1:7303" }
              ]
            }
            _setB {
              site = dr
              servers = [
                { name = b1, address = "127.0.0.1:7311" }
                { name = b2, address = "127.0.0.1:7312" }
                { name = b3, address = "127.0.0.1:7313" }
              ]
            }
          }
          primary-set = _setA
        }
        """;

    public static ImmutableSortedDictionary<string, ImmutableArray<NodeAddress>> RealmSites { get; } =
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, ImmutableArray<NodeAddress>>
        {
            ["main"] = [NodeAddress.Parse("127.0.0.1:25520"), NodeAddress.Parse("127.0.0.1:25521")],
            ["dr"] = [NodeAddress.Parse("127.0.0.1:25522"), NodeAddress.Parse("127.0.0.1:25523")],
        });

    private static readonly IDictionary NoEnvironment = new Hashtable();

    private static readonly Config Reference = PersistenceSetsSettings.Reference.WithFallback(ClusterSettings.Reference);

    public static Config Load(string hocon, IDictionary? environment = null) =>
        ConfigFactory.Load(ConfigFactory.ParseString(hocon, "realm.conf"), Reference, environment ?? NoEnvironment);

    public static PersistenceSetsSettings Read(string hocon, IDictionary? environment = null) =>
        PersistenceSetsSettings.FromConfig(Load(hocon, environment));

    /// <summary>The problems a refused configuration lists.</summary>
    public static IReadOnlyList<string> Refusal(string hocon) =>
        Assert.Throws<PersistenceLayoutException>(() => Read(hocon)).Problems;

    /// <summary>The document example with <paramref name="persistence"/> layered over its persistence part.</summary>
    public static string Example(string persistence) => DocumentExample + "\nactorrealm.persistence {\n" + persistence + "\n}\n";
}
