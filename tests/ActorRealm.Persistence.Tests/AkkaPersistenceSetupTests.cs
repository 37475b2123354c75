using ActorRealm.Persistence.Plugins;
using ActorRealm.Persistence.Sqlite;
using ActorRealm.Persistence.Tests.Support;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Hosting;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static ActorRealm.Persistence.Tests.Support.RecordingActor;
using HoconFactory = ActorRealm.Hocon.ConfigFactory;

namespace ActorRealm.Persistence.Tests;

/// <summary>How ActorRealm's settings become Akka.Persistence.Sql's configuration and data options.</summary>
public sealed class AkkaPersistenceSetupTests : Akka.TestKit.Xunit2.TestKit
{
    private const string Journal = "akka.persistence.journal.sql";
    private const string Snapshots = "akka.persistence.snapshot-store.sql";
    private const string Query = "akka.persistence.query.journal.sql";

    [Fact]
    public void Every_sqlite_setting_maps_onto_the_plugins()
    {
        var settings = new PersistenceSettings
        {
            ReplayBatchSize = 250,
            WriteBatchSize = 300,
            MaxPendingWrites = 700,
            Sqlite = new SqliteJournalSettings { FileName = "node.db", BusyTimeout = TimeSpan.FromSeconds(9) },
        };

        var config = AkkaPersistenceSetup.Build(settings, "/var/lib/realm").Config;

        Assert.Equal((Journal, Snapshots), (config.GetString("akka.persistence.journal.plugin"), config.GetString("akka.persistence.snapshot-store.plugin")));
        foreach (var plugin in new[] { Journal, Snapshots, Query })
        {
            Assert.Equal("SQLite.MS", config.GetString($"{plugin}.provider-name"));
            Assert.Equal("Data Source=/var/lib/realm/node.db;Mode=ReadWrite;Default Timeout=9;Pooling=True", config.GetString($"{plugin}.connection-string"));
            Assert.Equal("default", config.GetString($"{plugin}.table-mapping"));
        }

        Assert.Equal((250, 300, 700, 1), (config.GetInt($"{Journal}.replay-batch-size"), config.GetInt($"{Journal}.batch-size"), config.GetInt($"{Journal}.buffer-size"), config.GetInt($"{Journal}.parallelism")));
        Assert.Equal(250, config.GetInt($"{Query}.replay-batch-size"));
        Assert.Equal(("journal", "tags", "snapshot"), (config.GetString($"{Journal}.default.journal.table-name"), config.GetString($"{Journal}.default.tag.table-name"), config.GetString($"{Snapshots}.default.snapshot.table-name")));
        Assert.Equal(("journal", "tags", Journal), (config.GetString($"{Query}.default.journal.table-name"), config.GetString($"{Query}.default.tag.table-name"), config.GetString($"{Query}.write-plugin")));
        Assert.False(config.GetBoolean($"{Journal}.auto-initialize"));
        Assert.Equal("actorrealm-unbound", config.GetString($"{Journal}.serializer"));
    }

    [Fact]
    public void Every_postgresql_setting_maps_onto_the_plugins_and_the_password_stays_out_of_the_text()
    {
        var settings = new PersistenceSettings
        {
            Provider = PersistenceProvider.PostgreSql,
            PostgreSql = new() { ConnectionString = "Host=db;Username=realm;Password=s3cret-value;Database=realms", Schema = "realm_a", CommandTimeout = TimeSpan.FromSeconds(12) },
        };

        var parts = AkkaPersistenceSetup.Build(settings, null);

        Assert.DoesNotContain("s3cret-value", parts.Hocon, StringComparison.Ordinal);
        foreach (var plugin in new[] { Journal, Snapshots, Query })
        {
            Assert.Equal("PostgreSQL.15", parts.Config.GetString($"{plugin}.provider-name"));
            Assert.Equal("realm_a", parts.Config.GetString($"{plugin}.default.schema-name"));
            Assert.True(parts.DataOptions.TryGetDataOptionsFor(plugin, out var options));
            var connectionString = options!.ConnectionOptions.ConnectionString!;
            Assert.Contains("Password=s3cret-value", connectionString, StringComparison.Ordinal);
            Assert.Contains("Command Timeout=12", connectionString, StringComparison.Ordinal);
            Assert.Contains("synchronous_commit=on", connectionString, StringComparison.Ordinal);
        }

        Assert.Equal(JournalWriteSettings.PostgresParallelism, parts.Config.GetInt($"{Journal}.parallelism"));
        Assert.Contains("realm_a", parts.Store, StringComparison.Ordinal);
    }

    [Fact]
    public void The_configuration_text_reads_the_same_through_actorrealms_hocon_library()
    {
        var parts = AkkaPersistenceSetup.Build(new PersistenceSettings { Sqlite = new() { DataDirectory = "/tmp/with \"quote\"" } }, null);

        var ours = HoconFactory.ParseString(parts.Hocon).Resolve();

        Assert.Equal(parts.Config.GetString($"{Journal}.connection-string"), ours.GetString($"{Journal}.connection-string"));
        Assert.Equal(parts.Config.GetInt($"{Journal}.batch-size"), ours.GetInt($"{Journal}.batch-size"));
        Assert.Equal(parts.Config.GetString("akka.actor.serializers.actorrealm-unbound"), ours.GetString("akka.actor.serializers.actorrealm-unbound"));
    }

    [Fact]
    public void The_same_data_options_with_the_durability_interceptor_serve_every_plugin()
    {
        var parts = AkkaPersistenceSetup.Build(new PersistenceSettings(), "/data");

        Assert.Single(parts.Setups);
        var options = new[] { Journal, Snapshots, Query }.Select(id => parts.DataOptions.TryGetDataOptionsFor(id, out var o) ? o : null).ToList();
        Assert.All(options, o => Assert.Same(options[0], o));
        Assert.Contains(options[0]!.DataContextOptions.Interceptors!, i => i is SqliteDurabilityInterceptor);
    }

    [Fact]
    public void Adding_to_a_setup_keeps_the_data_options_other_plugins_registered()
    {
        var parts = AkkaPersistenceSetup.Build(new PersistenceSettings(), "/data");
        var other = new DataOptions().UseConnectionString("SQLite.MS", "Data Source=/elsewhere.db");
        var existing = new MultiDataOptionsSetup();
        existing.AddDataOptions("akka.persistence.journal.replicated-log", other);

        var setup = parts.AddTo(ActorSystemSetup.Create(existing));
        var fresh = parts.AddTo(ActorSystemSetup.Empty);

        var merged = setup.Get<MultiDataOptionsSetup>().Value;
        Assert.True(merged.TryGetDataOptionsFor("akka.persistence.journal.replicated-log", out var kept));
        Assert.Same(other, kept);
        Assert.True(merged.TryGetDataOptionsFor(Journal, out _));
        Assert.Same(parts.DataOptions, fresh.Get<MultiDataOptionsSetup>().Value);
    }

    [Fact]
    public void Bad_settings_and_a_missing_data_directory_are_refused_naming_the_key()
    {
        Assert.Contains("write-batch-size", Assert.Throws<ArgumentException>(() => AkkaPersistenceSetup.Build(new PersistenceSettings { WriteBatchSize = 0 }, "/d")).Message, StringComparison.Ordinal);
        Assert.Contains("sqlite.data-dir", Assert.Throws<PersistenceStartupException>(() => AkkaPersistenceSetup.Build(new PersistenceSettings(), null)).Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Found by StandbyMemberEmptyDisk8NodeSpec: a persistence server stopped, its data directory deleted and started
    /// again in the same process recovered its whole old log, because the pooled connections of the stopped system
    /// still held the deleted journal file open and the new system (same connection string) was handed them.
    /// </summary>
    [Fact]
    public async Task A_store_deleted_after_its_system_stopped_is_empty_for_the_next_system_once_connections_are_released()
    {
        await using var location = new SqliteLocation();
        await using var systems = new StoreSystems(location);
        AkkaPersistenceParts? parts = null;
        var first = await systems.StartAsync(tweak: p => parts = p);
        var probe = CreateTestProbe(first);
        var actor = first.ActorOf(RecordingActor.Props("wiped-1", probe.Ref));
        probe.ExpectMsg<Recovered>(TimeSpan.FromSeconds(30));
        actor.Tell(new PersistOne("before the wipe"));
        probe.ExpectMsg<Persisted>(TimeSpan.FromSeconds(30));
        await first.Terminate().WaitAsync(TimeSpan.FromSeconds(30));

        parts!.ReleaseConnections();
        foreach (var file in Directory.GetFiles(location.DataDirectory!))
        {
            File.Delete(file);
        }

        var second = await systems.StartAsync();
        var probe2 = CreateTestProbe(second);
        second.ActorOf(RecordingActor.Props("wiped-1", probe2.Ref));
        var recovered = probe2.ExpectMsg<Recovered>(TimeSpan.FromSeconds(30));
        Assert.Equal((0, 0L), (recovered.Texts.Count, recovered.LastSequenceNr));
    }

    [Fact]
    public async Task An_akka_hosting_application_persists_through_AddHocon_and_AddSetup()
    {
        await using var location = new SqliteLocation();
        var settings = location.Settings();
        await PersistenceStartup.CheckAsync(settings, location.DataDirectory);
        var parts = AkkaPersistenceSetup.Build(settings, location.DataDirectory);
        var probe = CreateTestProbe();
        using var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka("hosted", builder =>
            {
                builder.AddHocon(parts.Config, HoconAddMode.Append);
                builder.AddHocon(Akka.Configuration.ConfigurationFactory.ParseString("akka.loglevel = WARNING"), HoconAddMode.Prepend);
                foreach (var setup in parts.Setups.Append(TestSerializer.Setup()))
                {
                    builder.AddSetup(setup);
                }

                builder.WithActors((system, registry) => registry.Register<RecordingActor>(system.ActorOf(RecordingActor.Props("hosted-1", probe.Ref))));
            }))
            .Build();
        await host.StartAsync();
        try
        {
            var registry = host.Services.GetRequiredService<ActorRegistry>();
            probe.ExpectMsg<Recovered>(TimeSpan.FromSeconds(30));
            (await registry.GetAsync<RecordingActor>()).Tell(new PersistOne("hosted"));
            probe.ExpectMsg<Persisted>(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await host.StopAsync();
        }

        var inspected = await JournalInspector.InspectAsync(settings, location.DataDirectory);
        Assert.Equal(new PersistenceIdSummary("hosted-1", 1, 1), Assert.Single(inspected.PersistenceIds));
    }
}
