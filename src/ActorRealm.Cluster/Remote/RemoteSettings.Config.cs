using ActorRealm.Hocon;
using ActorRealm.Cluster.Admission;

namespace ActorRealm.Cluster.Remote;

/// <summary>Reading <see cref="RemoteSettings"/> from HOCON.</summary>
public sealed partial record RemoteSettings
{
    /// <summary>The configuration path of these settings.</summary>
    public const string Path = "actorrealm.remote";

    /// <summary>Reads <c>actorrealm.remote</c> from a resolved configuration that includes the module's reference defaults.</summary>
    public static RemoteSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var remote = config.GetConfig(Path);
        var transport = remote.GetConfig("transport");
        var tls = transport.GetConfig("tls");
        var reconnect = remote.GetConfig("reconnect");
        return new RemoteSettings
        {
            CanonicalHostname = remote.GetString("canonical.hostname"),
            CanonicalPort = remote.GetInt("canonical.port"),
            BindHostname = remote.GetString("bind.hostname"),
            BindPort = remote.GetInt("bind.port"),
            JoinSecret = JoinSecret.FromText(remote.GetString("join-secret")),
            HeartbeatInterval = remote.GetDuration("heartbeat-interval"),
            HeartbeatTimeout = remote.GetDuration("heartbeat-timeout"),
            AddressTerminatedAfter = remote.GetDuration("address-terminated-after"),
            QuarantineDuration = remote.GetDuration("quarantine-duration"),
            Reconnect = new BackoffSettings
            {
                MinBackoff = reconnect.GetDuration("min-backoff"),
                MaxBackoff = reconnect.GetDuration("max-backoff"),
                Jitter = reconnect.GetDouble("jitter"),
            },
            Transport = new TransportSettings
            {
                MaximumFrameSize = checked((int)transport.GetBytes("maximum-frame-size")),
                SendQueueSize = transport.GetInt("send-queue-size"),
                FrameCompletionTimeout = transport.GetDuration("frame-completion-timeout"),
                HandshakeTimeout = transport.GetDuration("handshake-timeout"),
                ConnectTimeout = transport.GetDuration("connect-timeout"),
                MaxInboundConnections = transport.GetInt("max-inbound-connections"),
                Tls = new TlsSettings
                {
                    Enabled = tls.GetBoolean("enabled"),
                    CertificatePath = tls.GetString("certificate"),
                    PrivateKeyPath = tls.GetString("private-key"),
                    CaCertificatePath = tls.GetString("ca-certificate"),
                    VerifyHostname = tls.GetBoolean("verify-hostname"),
                },
            },
        };
    }

    /// <summary>
    /// This module's embedded defaults (unresolved), for layering under a user configuration (the
    /// module's <c>reference.conf</c>).
    /// </summary>
    public static Config Reference() => ConfigFactory.FromResource(typeof(RemoteSettings).Assembly, "ActorRealm.Cluster.reference.conf");
}
