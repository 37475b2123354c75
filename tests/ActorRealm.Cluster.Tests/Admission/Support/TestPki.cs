using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorRealm.Cluster.Admission;

namespace ActorRealm.Cluster.Tests.Admission.Support;

/// <summary>
/// The certificates of the admission tests: the realm's CA with node certificates, another CA, a
/// self-signed node, a node named for another host, and an expired node certificate of the realm's CA.
/// </summary>
public sealed class TestPki : IDisposable
{
    private static readonly string[] Loopback = ["127.0.0.1", "localhost"];

    public TestPki()
    {
        Ca = ClusterCertificates.CreateCa("test-realm CA");
        WrongCa = ClusterCertificates.CreateCa("impostor CA");
        NodeA = ClusterCertificates.CreateNode(Ca, "node-a", Loopback);
        NodeB = ClusterCertificates.CreateNode(Ca, "node-b", Loopback);
        Bystander = ClusterCertificates.CreateNode(Ca, "bystander", Loopback);
        WrongCaNode = ClusterCertificates.CreateNode(WrongCa, "node-a", Loopback);
        SelfSigned = ClusterCertificates.CreateSelfSignedNode("node-a", Loopback);
        OtherHost = ClusterCertificates.CreateNode(Ca, "node-x", ["10.9.9.9"]);
        Expired = CreateExpired(Ca, "node-old");
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 WrongCa { get; }

    public X509Certificate2 NodeA { get; }

    public X509Certificate2 NodeB { get; }

    public X509Certificate2 Bystander { get; }

    public X509Certificate2 WrongCaNode { get; }

    public X509Certificate2 SelfSigned { get; }

    public X509Certificate2 OtherHost { get; }

    /// <summary>Issued by the realm's CA, for both roles, but expired minutes ago.</summary>
    public X509Certificate2 Expired { get; }

    /// <summary>A TLS context for <paramref name="certificate"/> trusting the realm's CA.</summary>
    public TlsContext Context(X509Certificate2 certificate, bool verifyHostname = false) => new(certificate, Ca, verifyHostname);

    public void Dispose()
    {
        foreach (var certificate in new[] { Ca, WrongCa, NodeA, NodeB, Bystander, WrongCaNode, SelfSigned, OtherHost, Expired })
        {
            certificate.Dispose();
        }
    }

    /// <summary>
    /// A node certificate like those of <see cref="ClusterCertificates.CreateNode"/>, whose validity ended
    /// minutes ago (the helper only issues certificates valid from now).
    /// </summary>
    private static X509Certificate2 CreateExpired(X509Certificate2 ca, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        // The CA's own validity starts 5 minutes ago: the node's ended 4 minutes ago.
        var from = new DateTimeOffset(ca.NotBefore.ToUniversalTime());
        using var issued = request.Create(ca, from, from.AddMinutes(1), [0x01, 0x02, 0x03, 0x04]);
        return issued.CopyWithPrivateKey(key);
    }
}

/// <summary>Creates the test certificates once per test class.</summary>
public sealed class TestPkiFixture : IDisposable
{
    public TestPki Pki { get; } = new();

    public void Dispose() => Pki.Dispose();
}
