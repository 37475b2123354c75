using ActorRealm.Cluster.Remote;
using ActorRealm.Hocon;

namespace ActorRealm.Cluster.Tests.Remote;

/// <summary>Reading <c>actorrealm.remote</c>: the commented defaults, user values, the environment, and clear errors.</summary>
public sealed class RemoteSettingsTests
{
    private static readonly Dictionary<string, string> NoEnvironment = [];

    private static Config Reference => ConfigFactory.ParseString(ReferenceFiles.RemoteReference, "remote-reference.conf");

    [Fact]
    public void The_reference_defaults_equal_the_record_defaults()
    {
        var settings = RemoteSettings.FromConfig(Reference.Resolve(NoEnvironment));

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
              bind { hostname = "0.0.0.0", port = 2700 }
              join-secret = "from the file"
              transport { maximum-frame-size = 1 MiB, tls.enabled = off }
              heartbeat-interval = 250ms
              reconnect.jitter = 0
            }
            """);
        var settings = RemoteSettings.FromConfig(user.WithFallback(Reference).Resolve(NoEnvironment));

        Assert.Equal("node-1.example", settings.CanonicalHostname);
        Assert.Equal(2600, settings.CanonicalPort);
        Assert.Equal("0.0.0.0", settings.EffectiveBindHostname);
        Assert.Equal(2700, settings.EffectiveBindPort);
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
        var settings = RemoteSettings.FromConfig(user.WithFallback(Reference).Resolve(environment));

        Assert.NotNull(settings.JoinSecret);
        Assert.Equal("JoinSecret(redacted)", settings.JoinSecret.ToString());
        Assert.Equal("10.1.2.3", settings.CanonicalHostname);
        Assert.Equal(2700, settings.CanonicalPort);
        Assert.Equal("10.1.2.3", settings.EffectiveBindHostname);
        Assert.Equal(2700, settings.EffectiveBindPort);
    }

    [Fact]
    public void Defaults_alone_are_refused_with_clear_errors()
    {
        var errors = RemoteSettings.FromConfig(Reference.Resolve(NoEnvironment)).Validate();
        Assert.Contains(errors, e => e.Contains("join-secret is empty", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("actorrealm certs create-ca", StringComparison.Ordinal));
    }

    [Fact]
    public void A_frame_limit_below_akkas_floor_is_refused()
    {
        var settings = new RemoteSettings { JoinSecret = new("s"), Transport = new TransportSettings { MaximumFrameSize = 16_000, Tls = new TlsSettings { Enabled = false } } };
        Assert.Equal(["actorrealm.remote.transport.maximum-frame-size must be at least 32000 bytes."], settings.Validate());
    }
}
