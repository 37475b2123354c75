using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace ActorRealm.Cluster.Admission;

/// <summary>
/// This node's TLS identity (certificate with private key) and the cluster CA its peers must chain to.
/// Builds the <see cref="SslStream"/> options for both roles: every connection is mutually
/// authenticated with TLS 1.2 or 1.3, and each side checks the other with <see cref="PeerCertificateValidator"/>.
/// </summary>
public sealed partial class TlsContext
{
    private readonly SslStreamCertificateContext _identity;
    private readonly TimeProvider _time;

    /// <summary>Creates a context from loaded certificates.</summary>
    /// <param name="certificate">This node's certificate, with its private key.</param>
    /// <param name="caCertificate">The cluster CA certificate.</param>
    /// <param name="verifyHostname">Whether a connecting node checks the peer certificate names the host it dialled.</param>
    /// <param name="time">The clock certificate validity is checked against.</param>
    public TlsContext(X509Certificate2 certificate, X509Certificate2 caCertificate, bool verifyHostname = false, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(caCertificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"The node certificate '{certificate.Subject}' has no private key.", nameof(certificate));
        }

        Certificate = certificate;
        CaCertificate = caCertificate;
        VerifyHostname = verifyHostname;
        _time = time ?? TimeProvider.System;
        _identity = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
    }

    /// <summary>This node's certificate.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The cluster CA certificate.</summary>
    public X509Certificate2 CaCertificate { get; }

    /// <summary>Whether a connecting node checks the peer certificate's names.</summary>
    public bool VerifyHostname { get; }

    /// <summary>Options for accepting a connection; <paramref name="rejection"/> receives the reason a client certificate is refused.</summary>
    public SslServerAuthenticationOptions ServerOptions(StrongBox<string?> rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = _identity,
            ClientCertificateRequired = true,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            AllowRenegotiation = false,
            RemoteCertificateValidationCallback = Validator(rejection, peerIsServer: false, expectedHost: null),
        };
    }

    /// <summary>Options for connecting to <paramref name="host"/>; <paramref name="rejection"/> receives the reason a server certificate is refused.</summary>
    public SslClientAuthenticationOptions ClientOptions(string host, StrongBox<string?> rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        return new SslClientAuthenticationOptions
        {
            TargetHost = host,
            ClientCertificateContext = _identity,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            AllowRenegotiation = false,
            RemoteCertificateValidationCallback = Validator(rejection, peerIsServer: true, host),
        };
    }

    /// <summary>
    /// Checks a peer's certificate against the cluster CA at this context's current time: null when it is
    /// acceptable, else the reason it is not (see <see cref="PeerCertificateValidator"/>).
    /// </summary>
    /// <param name="presented">The certificate the peer presented, or null when it presented none.</param>
    /// <param name="peerIsServer">True when checking the node this one dialled; false when checking a node that dialled this one.</param>
    /// <param name="dialledHost">The host this node dialled; its name is checked only when <see cref="VerifyHostname"/> is on and the peer is the server.</param>
    public string? CheckPeer(X509Certificate? presented, bool peerIsServer, string? dialledHost) =>
        PeerCertificateValidator.Validate(presented, CaCertificate, peerIsServer, VerifyHostname && peerIsServer ? dialledHost : null, _time.GetUtcNow());

    /// <summary>Ignores the platform's verdict (OS trust store) and applies ours, keeping the reason for the log line.</summary>
    private RemoteCertificateValidationCallback Validator(StrongBox<string?> rejection, bool peerIsServer, string? expectedHost) =>
        (_, certificate, _, _) => (rejection.Value = CheckPeer(certificate, peerIsServer, expectedHost)) is null;
}
