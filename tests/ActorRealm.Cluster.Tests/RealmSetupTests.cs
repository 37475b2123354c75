using ActorRealm.Cluster.Prime;
using ActorRealm.Cluster.Remote;
using static ActorRealm.Cluster.Tests.TestNodes;

namespace ActorRealm.Cluster.Tests;

public sealed class RealmSetupTests : IDisposable
{
    private static readonly PrimeState Epoch1 = PrimeState.Initial(Main).SwitchTo(Dr, "ops via dr-1", new DateTimeOffset(2031, 2, 3, 4, 5, 6, TimeSpan.Zero), Guid.NewGuid());
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public void A_valid_node_starts_at_epoch_0_of_the_configured_prime_site_with_the_layouts_warnings()
    {
        var setup = Create(Layout(2, 1), Address(Dr, 1), Dr, dataDirectory: _data.Path);

        Assert.Equal(PrimeState.Initial(Main), setup.InitialPrime);
        Assert.Equal(setup.InitialPrime, setup.State.Prime);
        Assert.Equal(Layout(2, 1).ToString(), setup.Layout.ToString());
        Assert.Equal(1, setup.Incarnation);
        Assert.Empty(setup.JoinTargets);
        Assert.Equal(2, setup.Warnings.Count);
        Assert.Contains(setup.Warnings, w => w.StartsWith("Sites have unequal numbers of nodes (dr: 1, main: 2)", StringComparison.Ordinal));
        Assert.Contains(setup.Warnings, w => w.StartsWith("The cluster has an odd number of nodes (3)", StringComparison.Ordinal));
        Assert.True(setup.Store.IsDurable);
        Assert.Equal(Path.Combine(_data.Path, PrimeEpochStore.FileName), setup.Store.Location);
    }

    [Fact]
    public void Every_problem_of_a_bad_node_file_is_listed_at_once()
    {
        var error = Assert.Throws<ClusterConfigurationException>(() =>
            Create(Layout(2, 2), new NodeAddress("stranger", 4053), Main, roles: ["site-dr", "node-x", "ok"], realm: " ", name: ""));

        Assert.Equal(
            [
                "This node (stranger:4053) is not listed in actorrealm.cluster.sites.main.nodes; add it there.",
                "actorrealm.node.roles: 'site-dr' starts with 'site-', which ActorRealm reserves for its own roles; rename it.",
                "actorrealm.node.roles: 'node-x' starts with 'node-', which ActorRealm reserves for its own roles; rename it.",
                "actorrealm.realm is empty: name the realm (the same on every node).",
                "actorrealm.node.name is empty.",
            ],
            error.Problems);
    }

    [Theory]
    [InlineData("", "No prime site: set actorrealm.cluster.sites.<site>.prime = true on exactly one of 'dr', 'main'.")]
    [InlineData("dr { prime = true }", "2 prime sites ('dr', 'main'): exactly one site may be prime; set prime = false on all but one.")]
    [InlineData("main.nodes = [\"main-1:4053\", \"main-1:4053\"]", "actorrealm.cluster.sites.main.nodes lists main-1:4053 twice.")]
    [InlineData("dr.nodes = [\"dr-1:4053\", \"main-2:4053\"]", "Node main-2:4053 is listed in both actorrealm.cluster.sites.dr.nodes and actorrealm.cluster.sites.main.nodes.")]
    public void A_bad_layout_is_refused(string sites, string problem)
    {
        var prime = sites.Length == 0 ? "main { prime = false }" : "main { prime = true }";
        var config = TestConfig.Load($$"""
            actorrealm.cluster.sites {
              main { nodes = ["main-1:4053", "main-2:4053"] }
              dr { nodes = ["dr-1:4053", "dr-2:4053"] }
              {{prime}}
              {{sites}}
            }
            """);

        var error = Assert.Throws<ClusterConfigurationException>(() => RealmNodeConfig.Setup(config, "main-1", Main, Address(Main, 1)));

        Assert.Contains(problem, error.Problems);
    }

    [Fact]
    public void A_node_listed_in_another_site_is_told_so()
    {
        var error = Assert.Throws<ClusterConfigurationException>(() => Create(Layout(2, 2), Address(Dr, 1), Main));

        Assert.Equal(["This node (dr-1:4053) says it is in site 'main' but is listed in actorrealm.cluster.sites.dr.nodes."], error.Problems);
    }

    [Fact]
    public void A_corrupt_prime_epoch_file_is_refused_naming_the_file()
    {
        File.WriteAllText(Path.Combine(_data.Path, PrimeEpochStore.FileName), "{ not json");

        var error = Assert.Throws<ClusterConfigurationException>(() => Create(Layout(2, 2), Address(Main, 1), Main, dataDirectory: _data.Path));

        Assert.Contains($"The prime epoch file '{Path.Combine(_data.Path, PrimeEpochStore.FileName)}' is corrupt", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidDataException>(error.InnerException);
    }

    [Fact]
    public void A_prime_epoch_file_that_cannot_be_read_is_refused_naming_the_file()
    {
        // Reading /proc/self/mem from its start fails with an I/O error, even for root.
        var file = Path.Combine(_data.Path, PrimeEpochStore.FileName);
        File.CreateSymbolicLink(file, "/proc/self/mem");

        var error = Assert.Throws<ClusterConfigurationException>(() => Create(Layout(2, 2), Address(Main, 1), Main, dataDirectory: _data.Path));

        Assert.IsAssignableFrom<IOException>(error.InnerException);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stored_prime_site_that_is_not_configured_is_refused()
    {
        new PrimeEpochStore(_data.Path).Save(PrimeState.Initial(Main).SwitchTo("third", "ops", DateTimeOffset.UnixEpoch.AddDays(1), Guid.NewGuid()));

        var error = Assert.Throws<ClusterConfigurationException>(() => Create(Layout(2, 2), Address(Main, 1), Main, dataDirectory: _data.Path));

        Assert.StartsWith("The stored prime site 'third' (epoch 1) is not a configured site (dr, main).", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_stored_prime_state_wins_over_the_configuration_with_a_warning()
    {
        new PrimeEpochStore(_data.Path).Save(Epoch1);

        var setup = Create(Layout(2, 2), Address(Main, 1), Main, dataDirectory: _data.Path);

        Assert.Equal(Epoch1, setup.InitialPrime);
        Assert.Equal(Epoch1, setup.State.Prime);
        Assert.StartsWith("The configuration names 'main' as prime site, but this node accepted a switch to 'dr' (epoch 1", Assert.Single(setup.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_data_directory_the_prime_state_is_kept_in_memory()
    {
        var setup = Create(Layout(1, 1), Address(Main, 1), Main);

        Assert.False(setup.Store.IsDurable);
        Assert.Null(setup.Store.Load());
        Assert.Null(setup.DataDirectory);
    }

    [Fact]
    public void The_next_incarnation_keeps_the_settings_and_carries_the_followed_prime_state_and_the_join_targets()
    {
        var first = Create(Layout(2, 2), Address(Main, 1), Main, roles: ["billing"]);
        Action<Akka.Actor.ActorSystem> probeHook = _ => { };
        first.ProbeSystemStarted = probeHook;
        var probeSetup = Akka.Actor.BootstrapSetup.Create();
        first.ProbeSetups = [probeSetup];
        first.State.Prime = Epoch1;

        var second = first.NextIncarnation([Address(Dr, 1), Address(Dr, 2)]);

        Assert.Equal(2, second.Incarnation);
        Assert.Equal([Address(Dr, 1), Address(Dr, 2)], second.JoinTargets.ToArray());
        Assert.Equal(Epoch1, second.InitialPrime);
        Assert.Equal(Epoch1, second.State.Prime);
        Assert.Equal(Epoch1, second.Store.Load());
        Assert.Same(probeHook, second.ProbeSystemStarted);
        Assert.Same(probeSetup, Assert.Single(second.ProbeSetups));
        Assert.Empty(second.Warnings);
        Assert.Null(second.State.Status);
        Assert.False(second.State.IsRejoining);
        Assert.Equal((first.Realm, first.NodeName, first.Site, first.Address, first.Cluster, first.Remote), (second.Realm, second.NodeName, second.Site, second.Address, second.Cluster, second.Remote));
        Assert.Equal(["billing"], second.Roles.ToArray());

        var third = second.NextIncarnation();
        Assert.Equal(3, third.Incarnation);
        Assert.Empty(third.JoinTargets);
        Assert.Equal(Epoch1, third.InitialPrime);
    }

    [Fact]
    public void The_next_incarnation_of_a_durable_node_follows_what_is_stored()
    {
        var first = Create(Layout(2, 2), Address(Main, 1), Main, dataDirectory: _data.Path);
        var epoch2 = Epoch1.SwitchTo(Main, "ops via main-1", Epoch1.SwitchedAt.AddHours(1), Guid.NewGuid());
        first.Store.Save(Epoch1);
        first.State.Prime = Epoch1;
        new PrimeEpochStore(_data.Path).Save(epoch2);

        var second = first.NextIncarnation();

        Assert.Equal(epoch2, second.InitialPrime);
        Assert.Equal(epoch2, second.State.Prime);
    }

    private static RealmSetup Create(ClusterLayout layout, NodeAddress self, string site, string? dataDirectory = null, IEnumerable<string>? roles = null, string realm = RealmNodeConfig.Realm, string name = "node")
    {
        var config = TestConfig.Load(RealmNodeConfig.Hocon(layout, Main, self));
        return RealmSetup.Create(realm, name, site, roles ?? [], self, ClusterSettings.FromConfig(config), RemoteSettings.FromConfig(config), dataDirectory);
    }
}
