using ActorRealm.Cluster.Admission;

namespace ActorRealm.Cluster.Remote;

/// <summary>
/// Typed settings of <c>actorrealm.remote</c>. Defaults match the module's embedded <c>reference.conf</c>,
/// where every key is documented; <see cref="RemoteAkkaConfig"/>
/// maps them onto Akka.Remote.
/// </summary>
public sealed partial record RemoteSettings
{
    /// <summary>The host name peers use to reach this node (<c>canonical.hostname</c>).</summary>
    public string CanonicalHostname { get; init; } = "127.0.0.1";

    /// <summary>The port peers use (<c>canonical.port</c>); 0 picks a free port at start.</summary>
    public int CanonicalPort { get; init; } = 25520;

    /// <summary>The local interface to listen on (<c>bind.hostname</c>); empty means the canonical host name.</summary>
    public string BindHostname { get; init; } = string.Empty;

    /// <summary>The local port to listen on (<c>bind.port</c>); -1 means the canonical port.</summary>
    public int BindPort { get; init; } = -1;

    /// <summary>The realm's shared secret, proven in each node's member record (<c>join-secret</c>); required.</summary>
    public JoinSecret? JoinSecret { get; init; }

    /// <summary>The TCP transport (<c>transport</c>).</summary>
    public TransportSettings Transport { get; init; } = new();

    /// <summary>How often a connection sends a transport heartbeat (<c>heartbeat-interval</c>).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Silence after which a connection is declared dead and closed (<c>heartbeat-timeout</c>).</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Silence from a watched node's incarnation after which it is declared gone: its watchers get
    /// Terminated and the incarnation is quarantined (<c>address-terminated-after</c>).
    /// </summary>
    public TimeSpan AddressTerminatedAfter { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Reconnection back-off (<c>reconnect</c>); Akka.Remote has no equivalent (a fixed gate instead), see <see cref="RemoteAkkaConfig.Warnings"/>.</summary>
    public BackoffSettings Reconnect { get; init; } = new();

    /// <summary>How long a quarantined incarnation is remembered (<c>quarantine-duration</c>).</summary>
    public TimeSpan QuarantineDuration { get; init; } = TimeSpan.FromDays(5);

    /// <summary>The interface to listen on: <see cref="BindHostname"/>, or the canonical host name when empty.</summary>
    public string EffectiveBindHostname => BindHostname.Length == 0 ? CanonicalHostname : BindHostname;

    /// <summary>The port to listen on: <see cref="BindPort"/>, or the canonical port when -1.</summary>
    public int EffectiveBindPort => BindPort < 0 ? CanonicalPort : BindPort;

    /// <summary>Lists every problem that makes these settings unusable (empty when they are fine).</summary>
    /// <param name="includeTls">False to skip the TLS file settings (when the transport is built some other way).</param>
    public IReadOnlyList<string> Validate(bool includeTls = true)
    {
        var errors = new List<string>();
        if (JoinSecret is null)
        {
            errors.Add("actorrealm.remote.join-secret is empty: set the realm's shared join secret (every node needs the same one).");
        }

        if (CanonicalHostname.Length == 0)
        {
            errors.Add("actorrealm.remote.canonical.hostname is empty.");
        }

        if (CanonicalPort is < 0 or > 65535 || BindPort is < -1 or > 65535)
        {
            errors.Add("actorrealm.remote canonical.port must be 0-65535 and bind.port -1-65535.");
        }

        if (HeartbeatInterval <= TimeSpan.Zero || HeartbeatTimeout <= HeartbeatInterval)
        {
            errors.Add("actorrealm.remote.heartbeat-timeout must be longer than heartbeat-interval, which must be positive.");
        }

        errors.AddRange(Transport.Validate(includeTls));
        errors.AddRange(Reconnect.Validate());
        return errors;
    }
}

/// <summary>Settings of <c>actorrealm.remote.transport</c>.</summary>
public sealed record TransportSettings
{
    /// <summary>The largest frame sent or accepted, in bytes (<c>maximum-frame-size</c>).</summary>
    public int MaximumFrameSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Frames queued per peer before new ones are dropped (<c>send-queue-size</c>); no Akka.Remote equivalent.</summary>
    public int SendQueueSize { get; init; } = 20_000;

    /// <summary>Longest time a started frame may take to arrive in full (<c>frame-completion-timeout</c>); no Akka.Remote equivalent.</summary>
    public TimeSpan FrameCompletionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest time for the TLS and association handshakes of a new connection (<c>handshake-timeout</c>).</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest time to open a TCP connection (<c>connect-timeout</c>).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Most inbound connections open at once (<c>max-inbound-connections</c>); no Akka.Remote equivalent.</summary>
    public int MaxInboundConnections { get; init; } = 256;

    /// <summary>TLS (<c>tls</c>).</summary>
    public TlsSettings Tls { get; init; } = new();

    /// <summary>Lists every problem in these settings; <paramref name="includeTls"/> false skips the TLS files.</summary>
    public IEnumerable<string> Validate(bool includeTls = true)
    {
        // Akka.Remote's own floor for maximum-frame-size.
        if (MaximumFrameSize < 32_000)
        {
            yield return "actorrealm.remote.transport.maximum-frame-size must be at least 32000 bytes.";
        }

        if (SendQueueSize < 1 || MaxInboundConnections < 1)
        {
            yield return "actorrealm.remote.transport send-queue-size and max-inbound-connections must be positive.";
        }

        if (FrameCompletionTimeout <= TimeSpan.Zero || HandshakeTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero)
        {
            yield return "actorrealm.remote.transport timeouts must be positive.";
        }

        foreach (var error in includeTls ? Tls.Validate() : [])
        {
            yield return error;
        }
    }
}

/// <summary>Settings of <c>actorrealm.remote.transport.tls</c>.</summary>
public sealed record TlsSettings
{
    /// <summary>Whether connections use mutually authenticated TLS (<c>enabled</c>); off only when set explicitly.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>This node's certificate, PEM (<c>certificate</c>).</summary>
    public string CertificatePath { get; init; } = string.Empty;

    /// <summary>This node's private key, PEM (<c>private-key</c>).</summary>
    public string PrivateKeyPath { get; init; } = string.Empty;

    /// <summary>The cluster CA certificate every peer's certificate must chain to, PEM (<c>ca-certificate</c>).</summary>
    public string CaCertificatePath { get; init; } = string.Empty;

    /// <summary>Whether a connecting node also checks the peer certificate names the host it dialled (<c>verify-hostname</c>).</summary>
    public bool VerifyHostname { get; init; }

    /// <summary>Lists every problem in these settings.</summary>
    public IEnumerable<string> Validate()
    {
        if (!Enabled)
        {
            yield break;
        }

        if (CertificatePath.Length == 0 || PrivateKeyPath.Length == 0 || CaCertificatePath.Length == 0)
        {
            yield return "actorrealm.remote.transport.tls needs certificate, private-key and ca-certificate " +
                "(create them with `actorrealm certs create-ca` and `actorrealm certs create-node`), " +
                "or set tls.enabled = off explicitly for plaintext.";
        }
    }
}

/// <summary>
/// Exponential back-off with jitter (<c>actorrealm.remote.reconnect</c>): kept so existing files stay
/// valid; Akka.Remote retries after a fixed gate instead (see <see cref="RemoteAkkaConfig.Warnings"/>).
/// </summary>
public sealed record BackoffSettings
{
    /// <summary>The first delay (<c>min-backoff</c>).</summary>
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The cap on the delay (<c>max-backoff</c>).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Each delay is scaled by a random factor in [1 - jitter, 1 + jitter] (<c>jitter</c>).</summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>Lists every problem in these settings.</summary>
    public IEnumerable<string> Validate()
    {
        if (MinBackoff <= TimeSpan.Zero || MaxBackoff < MinBackoff || Jitter is < 0 or > 1)
        {
            yield return "actorrealm.remote.reconnect needs 0 < min-backoff <= max-backoff and 0 <= jitter <= 1.";
        }
    }
}
