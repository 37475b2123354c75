using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using ActorRealm.Cluster.Remote;

namespace ActorRealm.Cluster.Admission;

/// <summary>
/// This node's TLS identity (certificate with private key) and the cluster CA its peers must chain to.
/// Builds the <see cref="SslStream"/> options for both roles: every connection is mutually
/// authenticated with TLS 1.2 or 1.3, and each side checks the other with <see cref="PeerCertificateValidator"/>.
/// </summary>
public sealed class TlsContext
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

    /// <summary>Loads PEM files (as written by <c>actorrealm certs</c>); errors name the file at fault.</summary>
    public static TlsContext FromPemFiles(string certificatePath, string privateKeyPath, string caCertificatePath, bool verifyHostname = false, TimeProvider? time = null)
    {
        var certificate = Load(certificatePath, () => X509Certificate2.CreateFromPemFile(certificatePath, privateKeyPath), "node certificate and private key");
        var ca = Load(caCertificatePath, () => X509CertificateLoader.LoadCertificateFromFile(caCertificatePath), "CA certificate");
        return new TlsContext(certificate, ca, verifyHostname, time);
    }

    /// <summary>Builds the context described by <paramref name="settings"/>, or null when TLS is off.</summary>
    public static TlsContext? FromSettings(TlsSettings settings, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Enabled
            ? FromPemFiles(settings.CertificatePath, settings.PrivateKeyPath, settings.CaCertificatePath, settings.VerifyHostname, time)
            : null;
    }

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
            RemoteCertificateValidationCallback = Validator(rejection, peerIsServer: true, VerifyHostname ? host : null),
        };
    }

    /// <summary>Ignores the platform's verdict (OS trust store) and applies ours, keeping the reason for the log line.</summary>
    private RemoteCertificateValidationCallback Validator(StrongBox<string?> rejection, bool peerIsServer, string? expectedHost) =>
        (_, certificate, _, _) => (rejection.Value = PeerCertificateValidator.Validate(certificate, CaCertificate, peerIsServer, expectedHost, _time.GetUtcNow())) is null;

    private static X509Certificate2 Load(string path, Func<X509Certificate2> load, string what)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new InvalidOperationException($"Cannot load the TLS {what} from '{path}': {e.Message}", e);
        }
    }
}
