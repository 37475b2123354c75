using ActorRealm.Hocon;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests;

public sealed class ClusterSettingsFromConfigTests
{
    private const string TwoSites = """
        actorrealm.cluster {
          seed-nodes = ["main-1:4053", "dr-1:4053"]
          sites {
            main { prime = true, nodes = ["main-1:4053", "main-2:4053"] }
            dr { nodes = ["dr-1:4053", "dr-2:4053"] }
          }
          downing.stable-after = 3s
          prime-switch.min-unreachable = 5s
          failure-detector.acceptable-heartbeat-pause = 1500ms
        }
        """;

    [Fact]
    public void The_embedded_reference_gives_the_documented_defaults()
    {
        var settings = ClusterSettings.FromConfig(Load(string.Empty));
        var defaults = new ClusterSettings();
        Assert.Equal(defaults.FailureDetector, settings.FailureDetector);
        Assert.Equal(defaults.StableAfter, settings.StableAfter);
        Assert.Equal(defaults.PrimeSwitchMinUnreachable, settings.PrimeSwitchMinUnreachable);
        Assert.Equal(defaults.GossipInterval, settings.GossipInterval);
        Assert.Equal(defaults.LeaderActionsInterval, settings.LeaderActionsInterval);
        Assert.Equal(defaults.TombstoneRetention, settings.TombstoneRetention);
        Assert.Empty(settings.SeedNodes);
        Assert.Empty(settings.Sites);
    }

    [Fact]
    public void A_two_site_configuration_reads_sites_seeds_and_overrides()
    {
        var settings = ClusterSettings.FromConfig(Load(TwoSites));

        Assert.Equal([Address(Main, 1), Address(Dr, 1)], settings.SeedNodes.ToArray());
        Assert.True(settings.Sites[Main].Prime);
        Assert.False(settings.Sites[Dr].Prime);
        Assert.Equal(Addresses(Dr, 2), settings.Sites[Dr].Nodes.ToArray());
        Assert.Equal(TimeSpan.FromSeconds(3), settings.StableAfter);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.PrimeSwitchMinUnreachable);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), settings.FailureDetector.AcceptableHeartbeatPause);
        Assert.True(settings.Validate(Dr, Address(Dr, 2)).IsValid);
        Assert.Equal(Main, settings.InitialPrime.Site);
    }

    [Fact]
    public void Environment_overrides_apply()
    {
        var settings = ClusterSettings.FromConfig(Load(TwoSites, new Dictionary<string, string> { ["ACTORREALM__CLUSTER__DOWNING__STABLE_AFTER"] = "7s" }));
        Assert.Equal(TimeSpan.FromSeconds(7), settings.StableAfter);
    }

    [Fact]
    public void Malformed_addresses_and_site_names_are_all_reported()
    {
        const string text = """
            actorrealm.cluster {
              seed-nodes = ["nohost"]
              sites {
                main { prime = true, nodes = ["main-1:99999"] }
                "d.r" { nodes = ["dr-1:4053"] }
              }
            }
            """;
        var error = Assert.Throws<ClusterConfigurationException>(() => ClusterSettings.FromConfig(Load(text)));
        Assert.Equal(
            [
                "actorrealm.cluster.seed-nodes: 'nohost' is not an address: expected \"host:port\".",
                "actorrealm.cluster.sites.main.nodes: 'main-1:99999' is not an address: expected \"host:port\" with a port in 1..65535.",
                "Site name 'd.r' under actorrealm.cluster.sites must use only letters, digits, '-' and '_'.",
            ],
            error.Problems);
    }

    [Fact]
    public void A_wrongly_typed_setting_names_its_path()
    {
        var error = Assert.Throws<HoconException>(() => ClusterSettings.FromConfig(Load("actorrealm.cluster.downing.stable-after = soon")));
        Assert.Contains("actorrealm.cluster.downing.stable-after", error.Message, StringComparison.Ordinal);
    }

    private static Config Load(string text, Dictionary<string, string>? environment = null) =>
        ConfigFactory.Load(ConfigFactory.ParseString(text), ClusterSettings.Reference, environment ?? []);
}
