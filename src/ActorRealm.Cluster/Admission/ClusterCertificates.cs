using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ActorRealm.Cluster.Admission;

/// <summary>The key type of a generated certificate.</summary>
public enum CertificateKeyType
{
    /// <summary>ECDSA on curve P-256 (the default: small and fast).</summary>
    Ecdsa,

    /// <summary>RSA, 3072 bits.</summary>
    Rsa,
}

/// <summary>
/// Creates the certificates of a realm: one cluster CA, and per node a certificate signed by it that is
/// valid for both TLS roles (each node accepts and opens connections). Writes them as PEM, keys with
/// mode 0600.
/// </summary>
public static class ClusterCertificates
{
    private static readonly OidCollection NodeUsages = [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")];

    /// <summary>Creates a self-signed CA certificate with its private key.</summary>
    public static X509Certificate2 CreateCa(string name, CertificateKeyType keyType = CertificateKeyType.Ecdsa, TimeSpan? validity = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        using var key = NewKey(keyType);
        var request = NewRequest(new X500DistinguishedName($"CN={Escape(name)}"), key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now + (validity ?? TimeSpan.FromDays(3650)));
    }

    /// <summary>Creates a node certificate signed by <paramref name="ca"/>, naming <paramref name="hosts"/> (DNS names or IP addresses).</summary>
    public static X509Certificate2 CreateNode(X509Certificate2 ca, string name, IEnumerable<string> hosts, CertificateKeyType keyType = CertificateKeyType.Ecdsa, TimeSpan? validity = null)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(hosts);
        if (!ca.HasPrivateKey)
        {
            throw new ArgumentException("The CA certificate has no private key; node certificates cannot be signed with it.", nameof(ca));
        }

        using var key = NewKey(keyType);
        var request = NodeRequest(name, hosts, key);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var now = DateTimeOffset.UtcNow;
        var notAfter = Min(now + (validity ?? TimeSpan.FromDays(825)), ca.NotAfter);
        using var issued = request.Create(ca, now.AddMinutes(-5), notAfter, NewSerial());
        return WithKey(issued, key);
    }

    /// <summary>Creates a self-signed node certificate (for tests: a peer no CA vouches for).</summary>
    public static X509Certificate2 CreateSelfSignedNode(string name, IEnumerable<string> hosts, CertificateKeyType keyType = CertificateKeyType.Ecdsa)
    {
        using var key = NewKey(keyType);
        var now = DateTimeOffset.UtcNow;
        return NodeRequest(name, hosts, key).CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));
    }

    /// <summary>
    /// Writes <paramref name="certificate"/> and its private key as PEM files; the key file gets mode 0600.
    /// Refuses to overwrite existing files unless <paramref name="overwrite"/> is set.
    /// </summary>
    public static void WritePem(X509Certificate2 certificate, string certificatePath, string privateKeyPath, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var keyPem = certificate.GetECDsaPrivateKey() is { } ecdsa
            ? Export(ecdsa)
            : certificate.GetRSAPrivateKey() is { } rsa ? Export(rsa) : throw new ArgumentException("The certificate has no ECDSA or RSA private key.", nameof(certificate));
        foreach (var path in new[] { certificatePath, privateKeyPath })
        {
            if (!overwrite && File.Exists(path))
            {
                throw new IOException($"'{path}' already exists; refusing to overwrite it.");
            }
        }

        WriteFile(privateKeyPath, keyPem, secret: true);
        WriteFile(certificatePath, certificate.ExportCertificatePem() + "\n", secret: false);
    }

    private static CertificateRequest NodeRequest(string name, IEnumerable<string> hosts, AsymmetricAlgorithm key)
    {
        var request = NewRequest(new X500DistinguishedName($"CN={Escape(name)}"), key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        var usage = key is RSA ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.DigitalSignature;
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(NodeUsages, critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        foreach (var host in hosts.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(host, out var ip))
            {
                names.AddIpAddress(ip);
            }
            else if (!string.Equals(host, name, StringComparison.OrdinalIgnoreCase))
            {
                names.AddDnsName(host);
            }
        }

        request.CertificateExtensions.Add(names.Build());
        return request;
    }

    private static AsymmetricAlgorithm NewKey(CertificateKeyType keyType) =>
        keyType == CertificateKeyType.Rsa ? RSA.Create(3072) : ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private static CertificateRequest NewRequest(X500DistinguishedName subject, AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        ECDsa ecdsa => new CertificateRequest(subject, ecdsa, HashAlgorithmName.SHA256),
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    private static X509Certificate2 WithKey(X509Certificate2 certificate, AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => certificate.CopyWithPrivateKey(rsa),
        ECDsa ecdsa => certificate.CopyWithPrivateKey(ecdsa),
        _ => throw new ArgumentOutOfRangeException(nameof(key)),
    };

    private static string Export(AsymmetricAlgorithm key)
    {
        using (key)
        {
            return key.ExportPkcs8PrivateKeyPem() + "\n";
        }
    }

    private static void WriteFile(string path, string text, bool secret)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (secret && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
        }

        if (secret && !OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only to new files; an overwritten key file is tightened here.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        return serial;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTime b) => a < new DateTimeOffset(b.ToUniversalTime()) ? a : new DateTimeOffset(b.ToUniversalTime());

    private static string Escape(string name) => name.Replace("\"", string.Empty, StringComparison.Ordinal).Replace(",", " ", StringComparison.Ordinal).Replace("=", " ", StringComparison.Ordinal);
}
