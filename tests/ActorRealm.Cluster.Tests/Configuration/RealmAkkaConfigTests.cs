using ActorRealm.Cluster.Admission;
using ActorRealm.Cluster.Configuration;
using ActorRealm.Cluster.Downing;
using ActorRealm.Cluster.Tests.Actors;
using ActorRealm.Hocon;
using Akka.Actor;
using static ActorRealm.Cluster.Tests.TestNodes;
using AkkaConfig = Akka.Configuration.Config;

namespace ActorRealm.Cluster.Tests.Configuration;

/// <summary>The Akka configuration built from a node's HOCON (<see cref="RealmAkkaConfig.Build"/>).</summary>
public sealed class RealmAkkaConfigTests
{
    private static readonly NodeAddress Self = Address(Main, 2);

    [Theory]
    [InlineData(false, "", "akka.tcp")]
    [InlineData(true, "", "akka.ssl.tcp")]
    [InlineData(false, "\"trttl\"", "akka.trttl.tcp")]
    [InlineData(true, "\"trttl\"", "akka.trttl.ssl.tcp")]
    public void Seed_nodes_are_akka_addresses_of_the_realm_with_the_transports_scheme(bool tls, string adapters, string scheme)
    {
        var akka = Build(extra: $"akka.remote.dot-netty.tcp.applied-adapters = [{adapters}]", tls: tls);

        // The configured seeds first (the first of them founds the cluster), then the other members.
        Assert.Equal([$"{scheme}://realm@main-1:4053", $"{scheme}://realm@dr-1:4053", $"{scheme}://realm@dr-2:4053", $"{scheme}://realm@main-2:4053"], akka.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal(tls, akka.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
        Assert.Equal(scheme, RealmAkkaConfig.Protocol(akka, tls));
    }

    [Fact]
    public void The_transport_binds_where_the_node_file_says_and_advertises_the_nodes_address()
    {
        var akka = Build(extra: "actorrealm.remote { canonical.hostname = \"0.0.0.0\", bind { hostname = \"10.9.9.9\", port = 9999 } }");

        Assert.Equal("10.9.9.9", akka.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal(9999, akka.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal("main-2", akka.GetString("akka.remote.dot-netty.tcp.public-hostname"));
        Assert.Equal(4053, akka.GetInt("akka.remote.dot-netty.tcp.public-port"));
    }

    [Fact]
    public void Roles_carry_the_users_roles_the_site_the_name_and_a_join_proof_that_verifies()
    {
        var akka = Build(roles: ["billing"]);

        var roles = akka.GetStringList("akka.cluster.roles");
        Assert.Equal(["billing", "site-main", "node-main-2"], roles.Take(3));
        Assert.True(new JoinSecret(RealmNodeConfig.JoinSecret).Verifies(RealmNodeConfig.Realm, Self, RealmRoles.JoinProofOf(roles)));
        Assert.Null(RealmRoles.JoinProofOf(Build(joinSecret: null).GetStringList("akka.cluster.roles")));
    }

    [Theory]
    [InlineData(1, 1, 1, 9)]
    [InlineData(1, 2, 2, 9)]
    [InlineData(2, 2, 2, 9)]
    [InlineData(2, 3, 3, 9)]
    [InlineData(3, 3, 3, 9)]
    [InlineData(6, 6, 6, 11)]
    public void Members_move_up_once_half_the_realm_has_joined_and_everyone_watches_everyone(int main, int dr, int minMembers, int monitoredBy)
    {
        var layout = Layout(main, dr);
        var config = TestConfig.Load(RealmNodeConfig.Hocon(layout, Main, Address(Main, 1)));
        var akka = RealmAkkaConfig.Build(config, RealmNodeConfig.Setup(config, "main-1", Main, Address(Main, 1)));

        Assert.Equal(minMembers, akka.GetInt("akka.cluster.min-nr-of-members"));
        Assert.Equal(monitoredBy, akka.GetInt("akka.cluster.failure-detector.monitored-by-nr-of-members"));
    }

    [Fact]
    public void The_actor_settings_of_the_node_file_take_their_defaults()
    {
        var akka = Build();

        Assert.Equal(100, akka.GetInt("akka.actor.default-dispatcher.throughput"));
        Assert.Equal(TimeSpan.Zero, akka.GetTimeSpan("akka.actor.default-dispatcher.throughput-deadline-time"));
        Assert.Equal(100_000, akka.GetInt("akka.actor.default-mailbox.stash-capacity"));
        Assert.False(akka.HasPath("akka.actor.default-mailbox.mailbox-type"));
        Assert.Equal("Akka.Actor.DefaultSupervisorStrategy", akka.GetString("akka.actor.guardian-supervisor-strategy"));
        Assert.Equal(TimeSpan.FromSeconds(10), akka.GetTimeSpan("akka.actor.ask-timeout"));
        Assert.Equal("10", akka.GetString("akka.log-dead-letters"));
        Assert.Equal(TimeSpan.FromSeconds(10), akka.GetTimeSpan("akka.log-dead-letters-suspend-duration"));
        Assert.False(akka.GetBoolean("akka.actor.debug.unhandled"));
        Assert.Equal(TimeSpan.FromSeconds(5), akka.GetTimeSpan("akka.coordinated-shutdown.default-phase-timeout"));
        Assert.Equal(TimeSpan.FromSeconds(10), akka.GetTimeSpan("akka.coordinated-shutdown.phases.actor-system-terminate.timeout"));
    }

    [Fact]
    public void The_actor_settings_of_the_node_file_map_onto_akka()
    {
        var akka = Build(extra: """
            actorrealm.actor {
              default-dispatcher { throughput = 5, throughput-deadline = 10ms }
              default-mailbox.capacity = 50
              stash-capacity = 0
              ask-timeout = 3s
              dead-letters { log-max-per-interval = 0, log-interval = 1m }
              log-unhandled = on
              guardian-supervisor-strategy = Stopping
              coordinated-shutdown { default-phase-timeout = 2s, phases { cluster-exiting { timeout = 7s } } }
            }
            """);

        Assert.Equal(5, akka.GetInt("akka.actor.default-dispatcher.throughput"));
        Assert.Equal(TimeSpan.FromMilliseconds(10), akka.GetTimeSpan("akka.actor.default-dispatcher.throughput-deadline-time"));
        Assert.Equal("Akka.Dispatch.BoundedMailbox, Akka", akka.GetString("akka.actor.default-mailbox.mailbox-type"));
        Assert.Equal(50, akka.GetInt("akka.actor.default-mailbox.mailbox-capacity"));
        Assert.Equal(TimeSpan.Zero, akka.GetTimeSpan("akka.actor.default-mailbox.mailbox-push-timeout-time"));
        Assert.Equal(-1, akka.GetInt("akka.actor.default-mailbox.stash-capacity"));
        Assert.Equal(TimeSpan.FromSeconds(3), akka.GetTimeSpan("akka.actor.ask-timeout"));
        Assert.Equal("0", akka.GetString("akka.log-dead-letters"));
        Assert.Equal(TimeSpan.FromMinutes(1), akka.GetTimeSpan("akka.log-dead-letters-suspend-duration"));
        Assert.True(akka.GetBoolean("akka.actor.debug.unhandled"));
        Assert.Equal("Akka.Actor.StoppingSupervisorStrategy", akka.GetString("akka.actor.guardian-supervisor-strategy"));
        Assert.Equal(TimeSpan.FromSeconds(2), akka.GetTimeSpan("akka.coordinated-shutdown.default-phase-timeout"));
        Assert.Equal(TimeSpan.FromSeconds(7), akka.GetTimeSpan("akka.coordinated-shutdown.phases.cluster-exiting.timeout"));
        Assert.Equal(TimeSpan.FromSeconds(10), akka.GetTimeSpan("akka.coordinated-shutdown.phases.actor-system-terminate.timeout"));
    }

    [Fact]
    public void An_unknown_guardian_strategy_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<HoconException>(() => Build(extra: "actorrealm.actor.guardian-supervisor-strategy = resume"));

        Assert.Equal("actorrealm.actor.guardian-supervisor-strategy must be default or stopping, not 'resume'.", error.Message);
    }

    [Fact]
    public void The_cluster_settings_of_the_node_file_reach_akka_through_the_module_reference()
    {
        var akka = Build(extra: """
            actorrealm.cluster {
              failure-detector { threshold = 11.5, max-sample-size = 200, min-std-deviation = 150ms, acceptable-heartbeat-pause = 4s, heartbeat-interval = 700ms, first-heartbeat-estimate = 900ms }
              join { seed-node-timeout = 7s, retry-interval = 3s }
              gossip-interval = 1500ms
              leader-actions-interval = 1700ms
              tombstone-retention = 2h
            }
            """);

        Assert.Equal(11.5, akka.GetDouble("akka.cluster.failure-detector.threshold"));
        Assert.Equal(200, akka.GetInt("akka.cluster.failure-detector.max-sample-size"));
        Assert.Equal(TimeSpan.FromMilliseconds(150), akka.GetTimeSpan("akka.cluster.failure-detector.min-std-deviation"));
        Assert.Equal(TimeSpan.FromSeconds(4), akka.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause"));
        Assert.Equal(TimeSpan.FromMilliseconds(700), akka.GetTimeSpan("akka.cluster.failure-detector.heartbeat-interval"));
        Assert.Equal(TimeSpan.FromMilliseconds(700), akka.GetTimeSpan("akka.cluster.unreachable-nodes-reaper-interval"));
        Assert.Equal(TimeSpan.FromMilliseconds(900), akka.GetTimeSpan("akka.cluster.failure-detector.expected-response-after"));
        Assert.Equal(TimeSpan.FromSeconds(7), akka.GetTimeSpan("akka.cluster.seed-node-timeout"));
        Assert.Equal(TimeSpan.FromSeconds(3), akka.GetTimeSpan("akka.cluster.retry-unsuccessful-join-after"));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), akka.GetTimeSpan("akka.cluster.gossip-interval"));
        Assert.Equal(TimeSpan.FromMilliseconds(1700), akka.GetTimeSpan("akka.cluster.leader-actions-interval"));
        Assert.Equal(TimeSpan.FromHours(2), akka.GetTimeSpan("akka.cluster.prune-gossip-tombstones-after"));
    }

    [Fact]
    public void A_users_akka_section_wins_except_for_the_keys_the_realm_computes()
    {
        var akka = Build(extra: """
            actorrealm.cluster.gossip-interval = 1500ms
            akka {
              loglevel = DEBUG
              cluster {
                gossip-interval = 3s
                failure-detector.threshold = 12.0
                roles = ["mine"]
                seed-nodes = ["akka.tcp://other@elsewhere:1"]
                min-nr-of-members = 9
              }
              remote.dot-netty.tcp { port = 1, enable-ssl = on, public-hostname = "elsewhere" }
              actor.guardian-supervisor-strategy = "Akka.Actor.StoppingSupervisorStrategy"
            }
            """);

        Assert.Equal("DEBUG", akka.GetString("akka.loglevel"));
        Assert.Equal(TimeSpan.FromSeconds(3), akka.GetTimeSpan("akka.cluster.gossip-interval"));
        Assert.Equal(12.0, akka.GetDouble("akka.cluster.failure-detector.threshold"));
        Assert.Equal("site-main", akka.GetStringList("akka.cluster.roles")[0]);
        Assert.Equal("akka.tcp://realm@main-1:4053", akka.GetStringList("akka.cluster.seed-nodes")[0]);
        Assert.Equal(2, akka.GetInt("akka.cluster.min-nr-of-members"));
        Assert.Equal(4053, akka.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.False(akka.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl"));
        Assert.Equal("main-2", akka.GetString("akka.remote.dot-netty.tcp.public-hostname"));
        Assert.Equal("Akka.Actor.DefaultSupervisorStrategy", akka.GetString("akka.actor.guardian-supervisor-strategy"));
    }

    [Fact]
    public void The_downing_provider_is_the_site_rule_and_nothing_of_akkas_split_brain_resolver_runs()
    {
        var akka = Build();

        Assert.Equal(typeof(SiteQuorumDowningProvider), Type.GetType(akka.GetString("akka.cluster.downing-provider-class")));
        Assert.Equal("off", akka.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal("off", akka.GetString("akka.cluster.auto-down-unreachable-after"));
        Assert.False(akka.GetBoolean("akka.cluster.allow-weakly-up-members"));
        Assert.True(akka.GetBoolean("akka.cluster.run-coordinated-shutdown-when-down"));
        Assert.Equal(["ActorRealm.Cluster.RealmClusterProvider, ActorRealm.Cluster"], akka.GetStringList("akka.extensions"));
    }

    [Fact]
    public void An_incarnation_that_moves_over_has_only_the_cluster_it_joins_as_seed_nodes()
    {
        // Akka joins akka.cluster.seed-nodes by itself as the system starts (before RealmCluster.JoinAsync
        // runs): the seeds of a downed node's next incarnation may belong to the stale side, and the first
        // seed would found a cluster of its own when nobody answers in time.
        var config = TestConfig.Load(RealmNodeConfig.Hocon(Layout(2, 2), Main, Address(Main, 1), seeds: [Address(Main, 1), Address(Dr, 1)]));
        var first = RealmNodeConfig.Setup(config, "main-1", Main, Address(Main, 1));
        var next = first.NextIncarnation([Address(Dr, 1), Address(Dr, 2)]);

        string[] everyone = ["akka.tcp://realm@main-1:4053", "akka.tcp://realm@dr-1:4053", "akka.tcp://realm@dr-2:4053", "akka.tcp://realm@main-2:4053"];
        Assert.Equal(everyone, RealmAkkaConfig.Build(config, first).GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal(["akka.tcp://realm@dr-1:4053", "akka.tcp://realm@dr-2:4053"], RealmAkkaConfig.Build(config, next).GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal(everyone, RealmAkkaConfig.Build(config, next.NextIncarnation()).GetStringList("akka.cluster.seed-nodes"));
    }

    [Fact]
    public async Task Akka_reads_the_built_configuration_as_intended()
    {
        var addresses = RealmNodeConfig.LoopbackAddresses(2);
        var layout = ClusterLayout.Of((Main, [addresses[0]]), (Dr, [addresses[1]]));
        var config = TestConfig.Load(RealmNodeConfig.Hocon(layout, Main, addresses[0], extra: $$"""
            actorrealm.cluster { gossip-interval = 300ms, failure-detector { heartbeat-interval = 250ms, acceptable-heartbeat-pause = 2500ms }, join.seed-node-timeout = 3s }
            akka { loggers = ["{{typeof(SilentLogger).AssemblyQualifiedName}}"], stdout-loglevel = OFF }
            """));
        var setup = RealmNodeConfig.Setup(config, "main-1", Main, addresses[0], roles: ["billing"]);
        var system = RealmActorSystem.Create(setup, RealmAkkaConfig.Build(config, setup));
        try
        {
            var cluster = Akka.Cluster.Cluster.Get(system);
            var settings = cluster.Settings;
            Assert.Equal(
                [new Address("akka.tcp", "realm", addresses[0].Host, addresses[0].Port), new Address("akka.tcp", "realm", addresses[1].Host, addresses[1].Port)],
                settings.SeedNodes);
            Assert.Equal(new Address("akka.tcp", "realm", addresses[0].Host, addresses[0].Port), cluster.SelfAddress);
            Assert.Superset(new HashSet<string> { "billing", "site-main", "node-main-1" }, settings.Roles.ToHashSet());
            Assert.Equal(1, settings.MinNrOfMembers);
            Assert.Equal(TimeSpan.FromMilliseconds(300), settings.GossipInterval);
            Assert.Equal(TimeSpan.FromMilliseconds(250), settings.HeartbeatInterval);
            Assert.Equal(TimeSpan.FromSeconds(3), settings.SeedNodeTimeout);
            Assert.Equal(9, settings.MonitoredByNrOfMembers);
            Assert.False(settings.AllowWeaklyUpMembers);
            Assert.True(settings.RunCoordinatedShutdownWhenDown);
            Assert.IsType<SiteQuorumDowningProvider>(cluster.DowningProvider);
            Assert.Same(setup, RealmCluster.Get(system).Setup);
        }
        finally
        {
            await RealmSystems.KillAsync(system);
        }
    }

    [Theory]
    [InlineData("\"trttl\"")]
    [InlineData("\"gremlin\"")]
    [InlineData("\"trttl\", \"gremlin\"")]
    [InlineData("\"gremlin\", \"trttl\"")]
    public async Task The_scheme_of_the_seed_nodes_is_the_one_akka_gives_the_node_with_its_transport_adapters(string adapters)
    {
        var address = RealmNodeConfig.LoopbackAddresses(1)[0];
        var config = TestConfig.Load(RealmNodeConfig.Hocon(ClusterLayout.Of((Main, [address])), Main, address, extra: $$"""
            akka { loggers = ["{{typeof(SilentLogger).AssemblyQualifiedName}}"], stdout-loglevel = OFF, remote.dot-netty.tcp.applied-adapters = [{{adapters}}] }
            """));
        var setup = RealmNodeConfig.Setup(config, "main-1", Main, address);
        var akka = RealmAkkaConfig.Build(config, setup);
        var system = RealmActorSystem.Create(setup, akka);
        try
        {
            var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
            Assert.Equal(self.Protocol, RealmAkkaConfig.Protocol(akka, tls: false));
            Assert.Equal(self.ToString(), akka.GetStringList("akka.cluster.seed-nodes").Single());
        }
        finally
        {
            await RealmSystems.KillAsync(system);
        }
    }

    /// <summary>Other modules' defaults (the persistence plugins) sit under the user's akka section; earlier ones win.</summary>
    [Fact]
    public void Other_modules_defaults_sit_under_the_users_akka_section_and_earlier_ones_win()
    {
        var akka = Build(
            extra: "akka.persistence.journal.plugin = \"users-journal\"",
            defaults: ["akka.persistence { journal.plugin = \"module-journal\", snapshot-store.plugin = \"first\" }", "akka.persistence.snapshot-store.plugin = \"second\", akka.persistence.max-concurrent-recoveries = 7"]);

        Assert.Equal("users-journal", akka.GetString("akka.persistence.journal.plugin"));
        Assert.Equal("first", akka.GetString("akka.persistence.snapshot-store.plugin"));
        Assert.Equal(7, akka.GetInt("akka.persistence.max-concurrent-recoveries"));
    }

    private static AkkaConfig Build(string extra = "", bool tls = false, string? joinSecret = RealmNodeConfig.JoinSecret, IEnumerable<string>? roles = null, string[]? defaults = null)
    {
        var config = TestConfig.Load(RealmNodeConfig.Hocon(Layout(2, 2), Main, Self, seeds: [Address(Main, 1), Address(Dr, 1)], joinSecret: joinSecret, tls: tls, extra: extra));
        return RealmAkkaConfig.Build(config, RealmNodeConfig.Setup(config, "main-2", Main, Self, roles: roles), defaults ?? []);
    }
}
