using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorRealm.Cluster.Remote;

namespace ActorRealm.Cluster.Admission;

/// <summary>
/// Loading a <see cref="TlsContext"/> from PEM files and the checks made at start, so that a node with
/// a bad identity refuses to start with a message naming the setting and the file, instead of failing
/// every handshake later.
/// </summary>
public sealed partial class TlsContext
{
    private const string CertificateKey = "actorrealm.remote.transport.tls.certificate";
    private const string PrivateKeyKey = "actorrealm.remote.transport.tls.private-key";
    private const string CaKey = "actorrealm.remote.transport.tls.ca-certificate";
    private static readonly string[] PrivateKeyLabels = ["PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY"];

    /// <summary>
    /// Loads PEM files (as written by <c>actorrealm certs</c>) and checks them (<see cref="Problems"/>).
    /// </summary>
    /// <exception cref="ClusterConfigurationException">A file is missing or unreadable, or the identity is unusable; every problem is listed, naming its file.</exception>
    public static TlsContext FromPemFiles(string certificatePath, string privateKeyPath, string caCertificatePath, bool verifyHostname = false, TimeProvider? time = null)
    {
        var problems = new List<string>();
        var certificateText = ReadPem(CertificateKey, certificatePath, problems);
        var keyText = ReadPem(PrivateKeyKey, privateKeyPath, problems);
        var caText = ReadPem(CaKey, caCertificatePath, problems);
        var ca = caText is null ? null : ParseCertificate(CaKey, caCertificatePath, caText, problems);
        var certificate = certificateText is null || keyText is null
            ? null
            : ParseIdentity(certificatePath, certificateText, privateKeyPath, keyText, problems);
        if (certificate is null || ca is null)
        {
            certificate?.Dispose();
            ca?.Dispose();
            throw new ClusterConfigurationException(problems);
        }

        var context = new TlsContext(certificate, ca, verifyHostname, time);
        problems.AddRange(context.Problems());
        return problems.Count == 0 ? context : throw new ClusterConfigurationException(problems);
    }

    /// <summary>Builds the context described by <paramref name="settings"/>, or null when TLS is off.</summary>
    /// <exception cref="ClusterConfigurationException">As <see cref="FromPemFiles"/>, or a file setting is empty.</exception>
    public static TlsContext? FromSettings(TlsSettings settings, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Enabled)
        {
            return null;
        }

        var missing = settings.Validate().ToList();
        return missing.Count > 0
            ? throw new ClusterConfigurationException(missing)
            : FromPemFiles(settings.CertificatePath, settings.PrivateKeyPath, settings.CaCertificatePath, settings.VerifyHostname, time);
    }

    /// <summary>
    /// Lists what makes this identity unusable now (empty when it is fine): an expired or not yet valid
    /// certificate or CA, a CA certificate that is not a CA, or a node certificate the CA did not sign
    /// or that does not allow both TLS roles. Its peers would refuse such a node on every handshake.
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var now = _time.GetUtcNow();
        var problems = new List<string>();
        problems.AddRange(Validity("the CA certificate", CaCertificate, now));
        if (CaCertificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
        {
            problems.Add($"{CaKey}: '{CaCertificate.Subject}' is not a CA certificate (it has no basic constraint CA:true); use the ca.crt written by `actorrealm certs create-ca`.");
        }

        var validity = Validity("the node certificate", Certificate, now).ToList();
        problems.AddRange(validity);
        if (validity.Count == 0)
        {
            // Both roles: a node accepts connections and opens them.
            var reason = PeerCertificateValidator.Validate(Certificate, CaCertificate, peerIsServer: true, expectedHost: null, now)
                ?? PeerCertificateValidator.Validate(Certificate, CaCertificate, peerIsServer: false, expectedHost: null, now);
            if (reason is not null)
            {
                problems.Add($"{CertificateKey}: the node certificate is not usable with the configured CA '{CaCertificate.Subject}': {reason}. Issue it with `actorrealm certs create-node --ca <the directory of that CA>`.");
            }
        }

        return problems;
    }

    private static IEnumerable<string> Validity(string what, X509Certificate2 certificate, DateTimeOffset now)
    {
        var key = what.Contains("CA", StringComparison.Ordinal) ? CaKey : CertificateKey;
        if (certificate.NotAfter.ToUniversalTime() < now.UtcDateTime)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{key}: {what} '{certificate.Subject}' expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC.");
        }
        else if (certificate.NotBefore.ToUniversalTime() > now.UtcDateTime)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{key}: {what} '{certificate.Subject}' is not valid before {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm} UTC (is the clock right?).");
        }
    }

    /// <summary>Reads a PEM file's text, or records why it cannot (in words, not a raw OpenSSL string).</summary>
    private static string? ReadPem(string key, string path, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            problems.Add($"{key} is not set.");
            return null;
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            problems.Add($"{key}: '{path}': the file does not exist.");
        }
        catch (UnauthorizedAccessException)
        {
            problems.Add(Directory.Exists(path)
                ? $"{key}: '{path}' is a directory, not a file."
                : $"{key}: '{path}': the file cannot be read (permission denied for this user).");
        }
        catch (IOException e)
        {
            problems.Add($"{key}: '{path}': the file cannot be read ({e.Message}).");
        }

        return null;
    }

    private static X509Certificate2? ParseCertificate(string key, string path, string text, List<string> problems)
    {
        if (!HasLabel(text, "CERTIFICATE"))
        {
            problems.Add($"{key}: '{path}' holds no PEM certificate (a -----BEGIN CERTIFICATE----- block).");
            return null;
        }

        try
        {
            return X509Certificate2.CreateFromPem(text);
        }
        catch (CryptographicException)
        {
            problems.Add($"{key}: '{path}' holds a damaged PEM certificate that cannot be decoded.");
            return null;
        }
    }

    private static X509Certificate2? ParseIdentity(string certificatePath, string certificateText, string keyPath, string keyText, List<string> problems)
    {
        using var certificate = ParseCertificate(CertificateKey, certificatePath, certificateText, problems);
        if (HasLabel(keyText, "ENCRYPTED PRIVATE KEY"))
        {
            problems.Add($"{PrivateKeyKey}: '{keyPath}' holds an encrypted private key; ActorRealm needs it unencrypted (protect the file with mode 0600 instead).");
            return null;
        }

        if (!PrivateKeyLabels.Any(label => HasLabel(keyText, label)))
        {
            problems.Add($"{PrivateKeyKey}: '{keyPath}' holds no private key (a -----BEGIN PRIVATE KEY----- block); a certificate without its private key cannot identify this node.");
            return null;
        }

        if (certificate is null)
        {
            return null;
        }

        try
        {
            var identity = X509Certificate2.CreateFromPem(certificateText, keyText);
            if (identity.HasPrivateKey)
            {
                return identity;
            }

            identity.Dispose();
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // Reported below: the key is another certificate's (or of another algorithm).
        }

        problems.Add($"{PrivateKeyKey}: the private key in '{keyPath}' does not belong to the certificate in '{certificatePath}' ('{certificate.Subject}').");
        return null;
    }

    private static bool HasLabel(string text, string label)
    {
        var rest = text.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual(label))
            {
                return true;
            }

            rest = rest[fields.Location.End..];
        }

        return false;
    }
}
