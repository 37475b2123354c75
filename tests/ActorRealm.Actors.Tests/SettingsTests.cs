using ActorRealm.Hocon;

namespace ActorRealm.Actors.Tests;

public sealed class SettingsTests
{
    [Fact]
    public void Defaults_come_from_the_embedded_reference_conf()
    {
        var settings = ActorSettings.Default;
        Assert.Equal(100, settings.DefaultDispatcher.Throughput);
        Assert.Null(settings.DefaultDispatcher.ThroughputDeadline);
        Assert.Equal(0, settings.DefaultMailboxCapacity);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.AskTimeout);
        Assert.Equal(100_000, settings.StashCapacity);
        Assert.Equal(10, settings.DeadLetterLogMaxPerInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.DeadLetterLogInterval);
        Assert.False(settings.LogUnhandled);
        Assert.Equal(GuardianStrategy.Default, settings.GuardianStrategy);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.ShutdownDefaultPhaseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.GetPhaseTimeout(CoordinatedShutdown.PhaseActorSystemTerminate));
        Assert.Equal(TimeSpan.FromSeconds(5), settings.GetPhaseTimeout(CoordinatedShutdown.PhaseClusterLeave));
    }

    [Fact]
    public void Every_key_of_the_reference_is_documented_with_a_comment()
    {
        using var stream = typeof(ActorSettings).Assembly.GetManifestResourceStream("ActorRealm.Actors.reference.conf")!;
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith('}') || !line.Contains('=', StringComparison.Ordinal))
            {
                continue;
            }

            var previous = lines[..i].Reverse().Select(l => l.Trim()).First(l => l.Length > 0);
            Assert.True(previous.StartsWith('#') || previous.EndsWith('{'), $"reference.conf line {i + 1} ({line}) has no comment above it");
        }
    }

    [Fact]
    public void Values_are_read_from_configuration()
    {
        var config = ConfigFactory.ParseString("""
            actorrealm.actor {
              default-dispatcher { throughput = 7, throughput-deadline = 20ms }
              dispatchers { pinned-ish { throughput = 1 } }
              default-mailbox.capacity = 1000
              ask-timeout = 2s
              stash-capacity = 0
              dead-letters { log-max-per-interval = 0, log-interval = 1m }
              log-unhandled = on
              guardian-supervisor-strategy = stopping
              coordinated-shutdown {
                default-phase-timeout = 3s
                phases { cluster-exiting { timeout = 30s } }
              }
            }
            """);
        var settings = ActorSettings.FromConfig(config);
        Assert.Equal(new DispatcherSettings(ActorSettings.DefaultDispatcherId, 7, TimeSpan.FromMilliseconds(20)), settings.DefaultDispatcher);
        Assert.Equal(1, settings.GetDispatcher("pinned-ish").Throughput);
        Assert.Equal(1000, settings.DefaultMailboxCapacity);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.AskTimeout);
        Assert.Equal(0, settings.StashCapacity);
        Assert.Equal(0, settings.DeadLetterLogMaxPerInterval);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.DeadLetterLogInterval);
        Assert.True(settings.LogUnhandled);
        Assert.Equal(GuardianStrategy.Stopping, settings.GuardianStrategy);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.GetPhaseTimeout(CoordinatedShutdown.PhaseClusterExiting));
        Assert.Equal(TimeSpan.FromSeconds(3), settings.GetPhaseTimeout(CoordinatedShutdown.PhaseServiceStop));
        Assert.Equal(TimeSpan.FromSeconds(10), settings.GetPhaseTimeout(CoordinatedShutdown.PhaseActorSystemTerminate));
    }

    [Theory]
    [InlineData("actorrealm.actor.default-dispatcher.throughput = 0", "throughput")]
    [InlineData("actorrealm.actor.ask-timeout = -1s", "ask-timeout")]
    [InlineData("actorrealm.actor.stash-capacity = -5", "stash-capacity")]
    [InlineData("actorrealm.actor.guardian-supervisor-strategy = sometimes", "guardian-supervisor-strategy")]
    [InlineData("actorrealm.actor.coordinated-shutdown.phases.no-such-phase.timeout = 1s", "no-such-phase")]
    [InlineData("actorrealm.actor.ask-timeout = soon", "ask-timeout")]
    public void Invalid_values_are_rejected_naming_the_key(string hocon, string key)
    {
        var error = Assert.Throws<HoconException>(() => ActorSettings.FromConfig(ConfigFactory.ParseString(hocon)));
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_system_reads_its_settings_and_keeps_the_whole_config()
    {
        var config = ConfigFactory.ParseString("""
            actorrealm.actor.ask-timeout = 3s
            actorrealm.remote.port = 1234
            """);
        await using var system = ActorSystem.Create("configured", config);
        Assert.Equal(TimeSpan.FromSeconds(3), system.Settings.AskTimeout);
        Assert.Equal(1234, system.Config.GetInt("actorrealm.remote.port"));
        Assert.Equal(100, system.Config.GetInt("actorrealm.actor.default-dispatcher.throughput"));
    }

    [Fact]
    public async Task Settings_in_the_setup_override_the_config()
    {
        var config = ConfigFactory.ParseString("actorrealm.actor.ask-timeout = 3s");
        await using var system = ActorSystem.Create("overridden", config, new ActorSystemSetup { Settings = ActorSettings.Default with { AskTimeout = TimeSpan.FromSeconds(9) } });
        Assert.Equal(TimeSpan.FromSeconds(9), system.Settings.AskTimeout);
    }
}
