using ActorRealm.Cluster.Remote;
using Akka.Actor;
using Akka.Configuration;
using AkkaProtocolSettings = Akka.Remote.AkkaProtocolSettings;
using IRemoteActorRefProvider = Akka.Remote.IRemoteActorRefProvider;

namespace ActorRealm.Cluster.Tests.Remote;

/// <summary>
/// <c>actorrealm.remote.*</c> reaches Akka.Remote: each test starts an actor system from the produced
/// HOCON and reads back what Akka made of it (its address, its settings objects, its resolved config).
/// </summary>
public sealed class RemoteAkkaConfigTests
{
    [Fact]
    public async Task Every_mapped_value_reaches_akka()
    {
        var settings = new RemoteSettings
        {
            CanonicalHostname = "node-1.example",
            CanonicalPort = 0,
            BindHostname = "127.0.0.1",
            HeartbeatInterval = TimeSpan.FromMilliseconds(700),
            HeartbeatTimeout = TimeSpan.FromSeconds(6),
            AddressTerminatedAfter = TimeSpan.FromSeconds(13),
            QuarantineDuration = TimeSpan.FromHours(30),
            Transport = new TransportSettings { MaximumFrameSize = 2 * 1024 * 1024, HandshakeTimeout = TimeSpan.FromSeconds(7), ConnectTimeout = TimeSpan.FromSeconds(3) },
        };

        var system = Start(settings);
        try
        {
            var provider = (IRemoteActorRefProvider)((ExtendedActorSystem)system).Provider;
            var config = system.Settings.Config;

            // Advertised under the canonical name, bound to the bind interface (on a free port).
            Assert.Equal("node-1.example", provider.DefaultAddress.Host);
            Assert.True(provider.DefaultAddress.Port > 0);
            Assert.Equal("127.0.0.1", config.GetString("akka.remote.dot-netty.tcp.hostname"));
            Assert.Equal(2 * 1024 * 1024, config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size"));

            // Akka's DotNetty transport takes its handshake timeout from connection-timeout: the larger of the two.
            var protocol = new AkkaProtocolSettings(config);
            Assert.Equal(TimeSpan.FromSeconds(7), protocol.HandshakeTimeout);
            Assert.Equal(TimeSpan.FromMilliseconds(700), protocol.TransportHeartBeatInterval);
            Assert.Equal(TimeSpan.FromMilliseconds(5300), protocol.TransportFailureDetectorConfig.GetTimeSpan("acceptable-heartbeat-pause"));

            Assert.Equal(TimeSpan.FromMilliseconds(700), provider.RemoteSettings.WatchHeartBeatInterval);
            Assert.Equal(TimeSpan.FromSeconds(13), provider.RemoteSettings.WatchFailureDetectorConfig.GetTimeSpan("acceptable-heartbeat-pause"));
            Assert.Equal(TimeSpan.FromHours(30), provider.RemoteSettings.QuarantineDuration);
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task A_node_behind_a_port_mapping_binds_one_port_and_advertises_another()
    {
        var system = Start(new RemoteSettings { CanonicalHostname = "127.0.0.1", CanonicalPort = 25999, BindPort = 0 });
        try
        {
            var address = ((ExtendedActorSystem)system).Provider.DefaultAddress;
            Assert.Equal(25999, address.Port);
            Assert.Equal(0, system.Settings.Config.GetInt("akka.remote.dot-netty.tcp.port"));
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public void The_defaults_map_without_warnings()
    {
        Assert.Empty(RemoteAkkaConfig.Warnings(new RemoteSettings()));
        var config = ConfigurationFactory.ParseString(RemoteAkkaConfig.Hocon(new RemoteSettings()));
        Assert.Equal("127.0.0.1", config.GetString("akka.remote.dot-netty.tcp.public-hostname"));
        Assert.Equal(25520, config.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal(TimeSpan.FromSeconds(10), config.GetTimeSpan("akka.remote.dot-netty.tcp.connection-timeout"));
        Assert.Equal(TimeSpan.FromSeconds(9), config.GetTimeSpan("akka.remote.transport-failure-detector.acceptable-heartbeat-pause"));
        Assert.Equal(TimeSpan.FromDays(5), config.GetTimeSpan("akka.remote.prune-quarantine-marker-after"));
    }

    [Fact]
    public void Keys_without_an_akka_equivalent_are_accepted_and_each_set_one_is_named_in_a_warning()
    {
        var settings = new RemoteSettings
        {
            Transport = new TransportSettings { SendQueueSize = 5, FrameCompletionTimeout = TimeSpan.FromSeconds(1), MaxInboundConnections = 9, ConnectTimeout = TimeSpan.FromSeconds(2) },
            Reconnect = new BackoffSettings { MaxBackoff = TimeSpan.FromSeconds(30) },
        };

        var warnings = RemoteAkkaConfig.Warnings(settings);

        Assert.Equal(
            ["transport.send-queue-size", "transport.frame-completion-timeout", "transport.max-inbound-connections", "transport.connect-timeout", "reconnect"],
            warnings.Select(w => w["actorrealm.remote.".Length..w.IndexOf(' ', StringComparison.Ordinal)]));
        Assert.All(warnings, w => Assert.Contains("has no effect on Akka.Remote", w, StringComparison.Ordinal));
        Assert.Contains("retry-gate-closed-for", warnings[^1], StringComparison.Ordinal);

        // Still a valid configuration: the node starts.
        Assert.Empty((settings with { JoinSecret = new("s"), Transport = settings.Transport with { Tls = new TlsSettings { Enabled = false } } }).Validate());
    }

    private static ActorSystem Start(RemoteSettings settings)
    {
        var hocon = RemoteAkkaConfig.Hocon(settings) + "\nakka.actor.provider = remote\nakka.stdout-loglevel = OFF\nakka.loglevel = WARNING";
        return ActorSystem.Create("remote-mapping", ConfigurationFactory.ParseString(hocon));
    }
}
