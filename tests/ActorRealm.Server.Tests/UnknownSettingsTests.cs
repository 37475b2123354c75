using System.Collections;
using ActorRealm.Cli;
using ActorRealm.Hocon;

namespace ActorRealm.Server.Tests;

/// <summary>Settings under <c>actorrealm</c> that no module defines are found, with where they were set and the closest known key.</summary>
public sealed class UnknownSettingsTests
{
    [Fact]
    public void Typos_are_found_with_their_place_and_the_closest_known_key()
    {
        var unknown = Find("""
            actorrealm {
              cluster.downing.stable-aftr = 3s
              node.admin-prot = 25581
              cluster.stable-after = 3s
              nod.port = 1
            }
            """);

        Assert.Equal(
            [
                "typo.conf:2:33: unknown setting 'actorrealm.cluster.downing.stable-aftr' is ignored; did you mean 'actorrealm.cluster.downing.stable-after'?",
                "typo.conf:3:21: unknown setting 'actorrealm.node.admin-prot' is ignored; did you mean 'actorrealm.node.admin-port'?",
                "typo.conf:4:26: unknown setting 'actorrealm.cluster.stable-after' is ignored; did you mean 'actorrealm.cluster.downing.stable-after'?",
                "typo.conf:5:3: unknown setting 'actorrealm.nod' is ignored; did you mean 'actorrealm.node'?",
            ],
            unknown.Select(u => u.Message).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Keys_of_the_users_own_maps_are_not_checked_but_a_site_holds_only_prime_and_nodes()
    {
        var unknown = Find("""
            actorrealm {
              cluster.sites.production { prime = true, nodes = ["10.0.0.1:25520"], prim = false }
              node.log.overrides { "Akka.Remote" = debug }
              actor.dispatchers.my-dispatcher { throughput = 5 }
              actor.coordinated-shutdown.phases.cluster-leave.timeout = 20s
              persistence.sets._setA { site = production, servers = [{ name = a1, address = "10.0.0.5:7301" }] }
              persistence.realm-link.lease = 5s
            }
            akka.anything = 1
            """);

        var problem = Assert.Single(unknown);
        Assert.Equal("actorrealm.cluster.sites.production.prim", problem.Path);
        Assert.Equal("actorrealm.cluster.sites.production.prime", problem.Suggestion);
    }

    [Fact]
    public void The_defaults_alone_have_none() => Assert.Empty(Find(string.Empty));

    private static IReadOnlyList<UnknownSetting> Find(string text)
    {
        var reference = ReferenceCatalog.Reference();
        return UnknownSettings.Find(ConfigFactory.Load(ConfigFactory.ParseString(text, "typo.conf"), reference, new Hashtable()), reference);
    }
}
