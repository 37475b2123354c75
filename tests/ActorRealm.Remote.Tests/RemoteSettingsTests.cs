using ActorRealm.Hocon;

namespace ActorRealm.Remote.Tests;

public sealed class RemoteSettingsTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    [Fact]
    public void The_reference_defaults_equal_the_record_defaults()
    {
        var settings = RemoteSettings.FromConfig(RemoteSettings.Reference().Resolve(NoEnvironment));

        Assert.Equal(new RemoteSettings(), settings);
        Assert.Equal(4 * 1024 * 1024, settings.Transport.MaximumFrameSize);
        Assert.True(settings.Transport.Tls.Enabled);
        Assert.Null(settings.JoinSecret);
    }

    [Fact]
    public void User_values_override_the_defaults()
    {
        var user = ConfigFactory.ParseString("""
            actorrealm.remote {
              canonical { hostname = "node-1.example", port = 2600 }
              join-secret = "from the file"
              transport { maximum-frame-size = 1 MiB, tls.enabled = off }
              heartbeat-interval = 250ms
              reconnect.jitter = 0
            }
            """);
        var settings = RemoteSettings.FromConfig(user.WithFallback(RemoteSettings.Reference()).Resolve(NoEnvironment));

        Assert.Equal("node-1.example", settings.CanonicalHostname);
        Assert.Equal(2600, settings.CanonicalPort);
        Assert.Equal(new Transport.NodeEndpoint("node-1.example", 2600), settings.BindEndpoint);
        Assert.Equal(1024 * 1024, settings.Transport.MaximumFrameSize);
        Assert.False(settings.Transport.Tls.Enabled);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.HeartbeatInterval);
        Assert.Equal(0, settings.Reconnect.Jitter);
        Assert.NotNull(settings.JoinSecret);
        Assert.Empty(settings.Validate());
    }

    [Fact]
    public void The_join_secret_comes_from_the_environment_and_the_address_from_the_node_settings()
    {
        var user = ConfigFactory.ParseString("actorrealm.node { host = \"10.1.2.3\", port = 2700 }");
        var environment = new Dictionary<string, string> { ["ACTORREALM_JOIN_SECRET"] = "from the environment" };
        var settings = RemoteSettings.FromConfig(user.WithFallback(RemoteSettings.Reference()).Resolve(environment));

        Assert.NotNull(settings.JoinSecret);
        Assert.Equal("10.1.2.3", settings.CanonicalHostname);
        Assert.Equal(2700, settings.CanonicalPort);
    }

    [Fact]
    public void Defaults_alone_are_refused_with_clear_errors()
    {
        var errors = RemoteSettings.FromConfig(RemoteSettings.Reference().Resolve(NoEnvironment)).Validate();
        Assert.Contains(errors, e => e.Contains("join-secret is empty", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("actorrealm certs create-ca", StringComparison.Ordinal));
    }
}
