using System.Security.Cryptography.X509Certificates;
using ActorRealm.Remote.Security;
using ActorRealm.Remote.Tests.Support;

namespace ActorRealm.Remote.Tests;

public sealed class CertificateTests(TestCertificatesFixture fixture) : IClassFixture<TestCertificatesFixture>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly TestCertificates _certs = fixture.Certificates;

    [Fact]
    public void A_node_certificate_from_the_cluster_ca_is_accepted_in_both_roles()
    {
        Assert.Null(PeerCertificateValidator.Validate(_certs.NodeA, _certs.Ca, peerIsServer: true, expectedHost: null, Now));
        Assert.Null(PeerCertificateValidator.Validate(_certs.NodeA, _certs.Ca, peerIsServer: false, expectedHost: null, Now));
    }

    [Fact]
    public void A_certificate_from_another_ca_is_refused()
    {
        var reason = PeerCertificateValidator.Validate(_certs.WrongCaNode, _certs.Ca, true, null, Now);
        Assert.Contains("does not chain to the cluster CA", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_self_signed_certificate_is_refused()
    {
        var reason = PeerCertificateValidator.Validate(_certs.SelfSigned, _certs.Ca, false, null, Now);
        Assert.Contains("does not chain to the cluster CA", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void No_certificate_is_refused() =>
        Assert.Equal("the peer presented no certificate", PeerCertificateValidator.Validate(null, _certs.Ca, false, null, Now));

    [Fact]
    public void The_ca_certificate_itself_is_not_a_node_certificate()
    {
        var reason = PeerCertificateValidator.Validate(_certs.Ca, _certs.Ca, true, null, Now);
        Assert.NotNull(reason);
    }

    [Fact]
    public void An_expired_certificate_is_refused() =>
        Assert.NotNull(PeerCertificateValidator.Validate(_certs.NodeA, _certs.Ca, true, null, Now.AddYears(5)));

    [Fact]
    public void Host_names_are_checked_only_when_asked()
    {
        Assert.Null(PeerCertificateValidator.Validate(_certs.OtherHost, _certs.Ca, true, expectedHost: null, Now));
        Assert.Null(PeerCertificateValidator.Validate(_certs.NodeA, _certs.Ca, true, expectedHost: "127.0.0.1", Now));
        Assert.Contains("does not name the host", PeerCertificateValidator.Validate(_certs.OtherHost, _certs.Ca, true, "127.0.0.1", Now), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CertificateKeyType.Ecdsa)]
    [InlineData(CertificateKeyType.Rsa)]
    public void Pem_files_round_trip_with_private_keys_readable_only_by_the_owner(CertificateKeyType keyType)
    {
        var dir = Directory.CreateTempSubdirectory("actorrealm-certs-");
        try
        {
            using var ca = ClusterCertificates.CreateCa("ca", keyType);
            using var node = ClusterCertificates.CreateNode(ca, "node-1", ["127.0.0.1"], keyType);
            var caCrt = Path.Combine(dir.FullName, "ca.crt");
            ClusterCertificates.WritePem(ca, caCrt, Path.Combine(dir.FullName, "ca.key"));
            ClusterCertificates.WritePem(node, Path.Combine(dir.FullName, "node-1.crt"), Path.Combine(dir.FullName, "node-1.key"));

            var context = TlsContext.FromPemFiles(Path.Combine(dir.FullName, "node-1.crt"), Path.Combine(dir.FullName, "node-1.key"), caCrt);
            Assert.True(context.Certificate.HasPrivateKey);
            Assert.Null(PeerCertificateValidator.Validate(context.Certificate, context.CaCertificate, true, "127.0.0.1", DateTimeOffset.UtcNow));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir.FullName, "node-1.key")));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir.FullName, "ca.key")));
            }

            Assert.Throws<IOException>(() => ClusterCertificates.WritePem(ca, caCrt, Path.Combine(dir.FullName, "ca.key")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Loading_a_missing_file_names_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => TlsContext.FromPemFiles("/nonexistent/n.crt", "/nonexistent/n.key", "/nonexistent/ca.crt"));
        Assert.Contains("/nonexistent/n.crt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Node_certificates_allow_both_tls_roles_and_are_not_cas()
    {
        var usages = _certs.NodeA.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value);
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], usages);
        Assert.False(_certs.NodeA.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
    }
}

/// <summary>Generates the test certificates once per test class.</summary>
public sealed class TestCertificatesFixture : IDisposable
{
    public TestCertificates Certificates { get; } = new();

    public void Dispose() => Certificates.Dispose();
}
