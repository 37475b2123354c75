using System.Security.Cryptography.X509Certificates;
using ActorRealm.Cluster.Admission;
using ActorRealm.Cluster.Tests.Admission.Support;

namespace ActorRealm.Cluster.Tests.Admission;

/// <summary>The certificate rules on their own: the validator, the check's reading of Akka's peer names, and the realm's certificate files.</summary>
public sealed class CertificateTests(TestPkiFixture fixture) : IClassFixture<TestPkiFixture>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly TestPki _pki = fixture.Pki;

    [Fact]
    public void A_node_certificate_from_the_realm_ca_is_accepted_in_both_roles()
    {
        Assert.Null(PeerCertificateValidator.Validate(_pki.NodeA, _pki.Ca, peerIsServer: true, expectedHost: null, Now));
        Assert.Null(PeerCertificateValidator.Validate(_pki.NodeA, _pki.Ca, peerIsServer: false, expectedHost: null, Now));
    }

    [Fact]
    public void A_certificate_from_another_ca_is_refused() =>
        Assert.Contains("does not chain to the cluster CA", PeerCertificateValidator.Validate(_pki.WrongCaNode, _pki.Ca, true, null, Now), StringComparison.Ordinal);

    [Fact]
    public void A_self_signed_certificate_is_refused() =>
        Assert.Contains("does not chain to the cluster CA", PeerCertificateValidator.Validate(_pki.SelfSigned, _pki.Ca, false, null, Now), StringComparison.Ordinal);

    [Fact]
    public void No_certificate_is_refused() =>
        Assert.Equal("the peer presented no certificate", PeerCertificateValidator.Validate(null, _pki.Ca, false, null, Now));

    [Fact]
    public void The_ca_certificate_itself_is_not_a_node_certificate() =>
        Assert.Contains("the CA certificate itself", PeerCertificateValidator.Validate(_pki.Ca, _pki.Ca, true, null, Now), StringComparison.Ordinal);

    [Fact]
    public void An_expired_certificate_is_refused()
    {
        Assert.Contains("NotTimeValid", PeerCertificateValidator.Validate(_pki.Expired, _pki.Ca, true, null, Now), StringComparison.Ordinal);
        Assert.NotNull(PeerCertificateValidator.Validate(_pki.NodeA, _pki.Ca, true, null, Now.AddYears(5)));
    }

    [Fact]
    public void Host_names_are_checked_only_when_asked()
    {
        Assert.Null(PeerCertificateValidator.Validate(_pki.OtherHost, _pki.Ca, true, expectedHost: null, Now));
        Assert.Null(PeerCertificateValidator.Validate(_pki.NodeA, _pki.Ca, true, expectedHost: "127.0.0.1", Now));
        Assert.Contains("does not name the host", PeerCertificateValidator.Validate(_pki.OtherHost, _pki.Ca, true, "127.0.0.1", Now), StringComparison.Ordinal);

        // A context checks names only of the server it dialled, and only with verify-hostname on.
        Assert.Null(_pki.Context(_pki.OtherHost).CheckPeer(_pki.OtherHost, peerIsServer: true, "127.0.0.1"));
        Assert.NotNull(_pki.Context(_pki.OtherHost, verifyHostname: true).CheckPeer(_pki.OtherHost, peerIsServer: true, "127.0.0.1"));
        Assert.Null(_pki.Context(_pki.OtherHost, verifyHostname: true).CheckPeer(_pki.OtherHost, peerIsServer: false, "127.0.0.1"));
    }

    [Theory]
    [InlineData("ssl.tcp://realm@10.0.0.2:25520", "10.0.0.2")]
    [InlineData("ssl.tcp://realm@node-1.example:25520", "node-1.example")]
    [InlineData("trttl.ssl.tcp://realm@[::1]:25520", "::1")]
    [InlineData("[::ffff:127.0.0.1]:51234", null)]
    [InlineData("127.0.0.1:51234", null)]
    [InlineData("unknown", null)]
    public void The_check_tells_a_dialled_peer_from_a_dialling_one_by_the_form_of_its_name(string remotePeer, string? dialledHost) =>
        Assert.Equal(dialledHost, RealmCertificateCheck.DialledHost(remotePeer));

    [Fact]
    public void Node_certificates_allow_both_tls_roles_and_are_not_cas()
    {
        var usages = _pki.NodeA.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value);
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], usages);
        Assert.False(_pki.NodeA.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
    }

    [Theory]
    [InlineData(CertificateKeyType.Ecdsa)]
    [InlineData(CertificateKeyType.Rsa)]
    public void Pem_files_round_trip_with_private_keys_readable_only_by_the_owner(CertificateKeyType keyType)
    {
        using var dir = new TempDirectory();
        using var ca = ClusterCertificates.CreateCa("ca", keyType);
        using var node = ClusterCertificates.CreateNode(ca, "node-1", ["127.0.0.1"], keyType);
        var caCrt = Path.Combine(dir.Path, "ca.crt");
        ClusterCertificates.WritePem(ca, caCrt, Path.Combine(dir.Path, "ca.key"));
        ClusterCertificates.WritePem(node, Path.Combine(dir.Path, "node-1.crt"), Path.Combine(dir.Path, "node-1.key"));

        var context = TlsContext.FromPemFiles(Path.Combine(dir.Path, "node-1.crt"), Path.Combine(dir.Path, "node-1.key"), caCrt);
        Assert.True(context.Certificate.HasPrivateKey);
        Assert.Empty(context.Problems());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir.Path, "node-1.key")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir.Path, "ca.key")));
        }

        Assert.Throws<IOException>(() => ClusterCertificates.WritePem(ca, caCrt, Path.Combine(dir.Path, "ca.key")));
    }
}
