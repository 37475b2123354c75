using System.Collections.Immutable;
using ActorRealm.Cluster.Prime;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests;

public sealed class ClusterSettingsTests
{
    [Fact]
    public void Defaults_match_the_documented_values()
    {
        var settings = new ClusterSettings();
        Assert.Equal(TimeSpan.FromSeconds(20), settings.StableAfter);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.PrimeSwitchMinUnreachable);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.FailureDetector.AcceptableHeartbeatPause);
        Assert.Equal(8.0, settings.FailureDetector.Threshold);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.GossipInterval);
    }

    [Fact]
    public void A_valid_two_site_layout_gives_the_layout_and_the_initial_prime()
    {
        var settings = Settings((Main, true, 2), (Dr, false, 2));
        var validation = settings.Validate(Main, Address(Main, 1));
        Assert.True(validation.IsValid);
        Assert.Empty(validation.Warnings);
        Assert.Equal(4, settings.Layout.Count);
        Assert.Equal(PrimeState.Initial(Main), settings.InitialPrime);
    }

    [Fact]
    public void No_prime_site_refuses_to_start_naming_the_sites()
    {
        var error = Assert.Throws<ClusterConfigurationException>(() => Settings((Main, false, 1), (Dr, false, 1)).Validate(Main).ThrowIfInvalid());
        Assert.Equal("Invalid cluster configuration: No prime site: set actorrealm.cluster.sites.<site>.prime = true on exactly one of 'dr', 'main'.", error.Message);
    }

    [Fact]
    public void Two_prime_sites_refuse_to_start_naming_them()
    {
        var validation = Settings((Main, true, 1), (Dr, true, 1)).Validate(Main);
        Assert.Equal(["2 prime sites ('dr', 'main'): exactly one site may be prime; set prime = false on all but one."], validation.Errors);
        Assert.Throws<ClusterConfigurationException>(() => Settings((Main, true, 1), (Dr, true, 1)).InitialPrime);
    }

    [Fact]
    public void The_nodes_own_site_must_exist_and_list_it()
    {
        var settings = Settings((Main, true, 1), (Dr, false, 1));
        Assert.Equal(
            ["This node's site 'dr2' (actorrealm.node.site) is not configured under actorrealm.cluster.sites; configured sites: dr, main."],
            settings.Validate("dr2").Errors);
        Assert.Equal(
            ["This node (dr-1:4053) says it is in site 'main' but is listed in actorrealm.cluster.sites.dr.nodes."],
            settings.Validate(Main, Address(Dr, 1)).Errors);
        Assert.Equal(
            ["This node (main-9:4053) is not listed in actorrealm.cluster.sites.main.nodes; add it there."],
            settings.Validate(Main, Address(Main, 9)).Errors);
    }

    [Fact]
    public void Empty_sites_and_duplicate_nodes_are_errors()
    {
        var settings = Settings((Main, true, 1), (Dr, false, 0));
        Assert.Contains("actorrealm.cluster.sites.dr.nodes is empty: every site needs at least one node.", settings.Validate(Main).Errors);

        var duplicate = new ClusterSettings
        {
            Sites = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new[]
            {
                KeyValuePair.Create(Main, new SiteSettings(true, [Address(Main, 1)])),
                KeyValuePair.Create(Dr, new SiteSettings(false, [Address(Main, 1)])),
            }),
        };
        Assert.Contains("Node main-1:4053 is listed in both actorrealm.cluster.sites.dr.nodes and actorrealm.cluster.sites.main.nodes.", duplicate.Validate(Main).Errors);
        Assert.Throws<ClusterConfigurationException>(() => duplicate.Layout);
        Assert.StartsWith("actorrealm.cluster.sites is empty", new ClusterSettings().Validate(Main).Errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Unequal_sites_are_a_warning_not_an_error()
    {
        var validation = Settings((Main, true, 2), (Dr, false, 1)).Validate(Main);
        Assert.True(validation.IsValid);
        Assert.Equal(2, validation.Warnings.Count);
        Assert.StartsWith("Sites have unequal numbers of nodes (dr: 1, main: 2)", validation.Warnings[0], StringComparison.Ordinal);
        Assert.StartsWith("The cluster has an odd number of nodes (3)", validation.Warnings[1], StringComparison.Ordinal);
        Assert.Same(validation.Warnings, validation.ThrowIfInvalid());
    }

    [Fact]
    public void Bad_durations_are_errors_naming_the_key()
    {
        var settings = Settings((Main, true, 1), (Dr, false, 1)) with { PrimeSwitchMinUnreachable = TimeSpan.Zero, StableAfter = TimeSpan.FromSeconds(-1) };
        var errors = settings.Validate(Main).Errors;
        Assert.Contains("actorrealm.cluster.prime-switch.min-unreachable must be positive, not 00:00:00.", errors);
        Assert.Contains("actorrealm.cluster.downing.stable-after must not be negative, not -00:00:01.", errors);
    }

    [Fact]
    public void A_seed_outside_the_layout_is_a_warning()
    {
        var settings = Settings((Main, true, 1), (Dr, false, 1)) with { SeedNodes = [new NodeAddress("elsewhere", 1)] };
        Assert.Contains("Seed node elsewhere:1 (actorrealm.cluster.seed-nodes) is not listed in any site's nodes.", settings.Validate(Main).Warnings);
    }

    internal static ClusterSettings Settings(params (string Site, bool Prime, int Nodes)[] sites) => new()
    {
        Sites = ImmutableSortedDictionary.CreateRange(
            StringComparer.Ordinal,
            sites.Select(s => KeyValuePair.Create(s.Site, new SiteSettings(s.Prime, [.. Addresses(s.Site, s.Nodes)])))),
    };
}
