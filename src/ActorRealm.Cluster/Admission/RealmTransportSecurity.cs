using ActorRealm.Cluster.Remote;
using Akka.Remote.Transport.DotNetty;

namespace ActorRealm.Cluster.Admission;

/// <summary>
/// What a realm node's actor system needs so that only holders of a certificate from the realm's CA
/// can talk to it (docs/adr/0060): Akka.Remote's DotNetty transport with mutual TLS whose every
/// handshake is checked by <see cref="PeerCertificateValidator"/>, and serialization that never builds
/// a type a peer names. Call <see cref="Start"/> with the node's settings, add
/// <see cref="TransportSecurity.Setup"/> to the <c>ActorSystemSetup</c> and put
/// <see cref="TransportSecurity.Hocon"/> over the node's Akka configuration.
/// </summary>
public static class RealmTransportSecurity
{
    /// <summary>The warning a node logs at start when TLS is off.</summary>
    public const string PlaintextWarning =
        "Node-to-node traffic is PLAINTEXT (actorrealm.remote.transport.tls.enabled = off): anyone who can reach the " +
        "cluster port can join the realm, send any message to any actor, and read everything. Use it only on a " +
        "network nobody else can reach.";

    /// <summary>
    /// Serialization settings every realm node uses, with TLS or without: Akka's Newtonsoft JSON
    /// fallback (id 1), protobuf fallback (id 2) and remote deployment (id 3) are replaced by
    /// serializers that refuse both directions, so no inbound frame can make this node build an
    /// object of a class the peer names through them.
    /// </summary>
    public const string SerializationHocon = """
        akka.actor {
          serializers {
            json = "ActorRealm.Cluster.Admission.RefusingSerializer, ActorRealm.Cluster"
            proto = "ActorRealm.Cluster.Admission.RefusingSerializer, ActorRealm.Cluster"
            daemon-create = "ActorRealm.Cluster.Admission.RefusingSerializer, ActorRealm.Cluster"
          }
          serialization-settings {
            json { refused-id = 1, refused = "Akka's JSON fallback" }
            proto { refused-id = 2, refused = "Akka's protobuf fallback" }
            daemon-create { refused-id = 3, refused = "remote deployment" }
          }
        }
        """;

    private const string TlsHocon = """
        akka.remote.dot-netty.tcp {
          # Akka's DotNetty transport, guarded so that a refused peer certificate does not shut this node down.
          transport-class = "ActorRealm.Cluster.Admission.RealmTcpTransport, ActorRealm.Cluster"
          enable-ssl = on
          ssl {
            # Both ends present a certificate; the realm's check (DotNettySslSetup.CustomValidator) decides.
            require-mutual-authentication = on
            suppress-validation = off
            # Names are checked by the realm's check, and only with actorrealm.remote.transport.tls.verify-hostname.
            validate-certificate-hostname = off
            # The identity comes only from the DotNettySslSetup: without it the system refuses to start.
            certificate.path = ""
            certificate.use-thumbprint-over-file = off
          }
        }
        """;

    private const string PlaintextHocon = "akka.remote.dot-netty.tcp.enable-ssl = off";

    /// <summary>
    /// Checks and loads the TLS identity described by <paramref name="settings"/> and returns
    /// everything the actor system needs. TLS is off only when the settings say so explicitly, and
    /// then the result carries <see cref="PlaintextWarning"/> for the node to log.
    /// </summary>
    /// <exception cref="ClusterConfigurationException">A file is missing, unreadable or unusable (each problem names its setting and file).</exception>
    public static TransportSecurity Start(TlsSettings settings, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Enabled)
        {
            return new TransportSecurity(null, null, Hocon(tlsEnabled: false), [PlaintextWarning]);
        }

        var tls = TlsContext.FromSettings(settings, time)!;
        return new TransportSecurity(tls, Setup(tls), Hocon(tlsEnabled: true), []);
    }

    /// <summary>
    /// The setup to add to the <c>ActorSystemSetup</c>: this node's certificate, mutual authentication,
    /// validation never suppressed, and the realm's own check of every peer certificate.
    /// </summary>
    /// <exception cref="ClusterConfigurationException">The identity is unusable (see <see cref="TlsContext.Problems"/>).</exception>
    public static DotNettySslSetup Setup(TlsContext tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        var problems = tls.Problems();
        return problems.Count > 0 ? throw new ClusterConfigurationException(problems) : UncheckedSetup(tls);
    }

    /// <summary>
    /// The Akka HOCON for the transport's security, to lay over the node's Akka configuration:
    /// <c>enable-ssl</c> and its options, and <see cref="SerializationHocon"/>.
    /// </summary>
    public static string Hocon(bool tlsEnabled) => (tlsEnabled ? TlsHocon : PlaintextHocon) + Environment.NewLine + SerializationHocon;

    /// <summary>The address protocol of a node: <c>akka.ssl.tcp</c> with TLS, <c>akka.tcp</c> without (before any transport adapter).</summary>
    public static string Protocol(bool tlsEnabled) => tlsEnabled ? "akka.ssl.tcp" : "akka.tcp";

    /// <summary>
    /// A setup without the start checks: only tests use it, to give a peer an identity that realm
    /// nodes must refuse (another CA, expired, the CA itself).
    /// </summary>
    internal static DotNettySslSetup UncheckedSetup(TlsContext tls) =>
        new(tls.Certificate, suppressValidation: false, requireMutualAuthentication: true, validateCertificateHostname: false, new RealmCertificateCheck(tls).Check);
}

/// <summary>The outcome of <see cref="RealmTransportSecurity.Start"/>.</summary>
/// <param name="Tls">The node's TLS identity, or null when TLS is off.</param>
/// <param name="Setup">The setup to add to the <c>ActorSystemSetup</c>, or null when TLS is off.</param>
/// <param name="Hocon">The Akka HOCON to lay over the node's Akka configuration.</param>
/// <param name="Warnings">Lines the node logs at start (the plaintext warning).</param>
public sealed record TransportSecurity(TlsContext? Tls, DotNettySslSetup? Setup, string Hocon, IReadOnlyList<string> Warnings);
