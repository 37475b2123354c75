using System.Security.Cryptography.X509Certificates;
using ActorRealm.Cluster.Admission;
using ActorRealm.Cluster.Remote;
using ActorRealm.Cluster.Tests.Admission.Support;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;

namespace ActorRealm.Cluster.Tests.Admission;

/// <summary>
/// What a node checks before it starts its actor system (each problem named with its setting and its
/// file, in words), and that what <see cref="RealmTransportSecurity.Start"/> returns runs a node.
/// </summary>
public sealed class TransportSecurityStartTests(TestPkiFixture fixture) : Akka.TestKit.Xunit2.TestKit, IClassFixture<TestPkiFixture>, IDisposable
{
    private readonly TestPki _pki = fixture.Pki;
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Two_nodes_started_from_their_settings_talk_over_mutual_tls()
    {
        var a = RealmTransportSecurity.Start(Write("node-a", _pki.NodeA));
        var b = RealmTransportSecurity.Start(Write("node-b", _pki.NodeB));
        Assert.Empty(a.Warnings);
        Assert.NotNull(a.Setup);
        Assert.True(a.Setup.RequireMutualAuthentication);
        Assert.False(a.Setup.SuppressValidation);
        Assert.NotNull(a.Setup.CustomValidator);

        using var systemA = Create(a);
        using var systemB = Create(b);
        var echo = systemB.ActorOf(Props.Create(() => new Echo()), "echo");
        var probe = CreateTestProbe(systemA);
        systemA.ActorSelection(echo.Path.ToStringWithAddress(((ExtendedActorSystem)systemB).Provider.DefaultAddress)).Tell("ping", probe.Ref);

        await probe.ExpectMsgAsync("ping", TimeSpan.FromSeconds(15));
        Assert.StartsWith("akka.ssl.tcp://", ((ExtendedActorSystem)systemA).Provider.DefaultAddress.ToString(), StringComparison.Ordinal);
        await Task.WhenAll(systemA.Terminate(), systemB.Terminate());
    }

    [Fact]
    public void Plaintext_only_when_turned_off_explicitly_and_then_with_a_warning()
    {
        var plain = RealmTransportSecurity.Start(new TlsSettings { Enabled = false });

        Assert.Null(plain.Setup);
        Assert.Null(plain.Tls);
        Assert.Equal([RealmTransportSecurity.PlaintextWarning], plain.Warnings);
        Assert.Contains("PLAINTEXT", plain.Warnings[0], StringComparison.Ordinal);
        Assert.Contains("enable-ssl = off", plain.Hocon, StringComparison.Ordinal);

        // TLS is the default: with no files configured, the node does not start.
        var error = Assert.Throws<ClusterConfigurationException>(() => RealmTransportSecurity.Start(new TlsSettings()));
        Assert.Contains("actorrealm certs create-ca", error.Message, StringComparison.Ordinal);
        Assert.Contains("tls.enabled = off explicitly", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_tls_on_but_no_setup_akka_refuses_to_start()
    {
        // The HOCON never names a certificate itself: a node configured without the setup must not fall back to anything.
        var config = ConfigurationFactory.ParseString(RealmTransportSecurity.Hocon(tlsEnabled: true) + "\nakka.actor.provider = remote\nakka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }\nakka.stdout-loglevel = OFF");

        var error = Assert.ThrowsAny<Exception>(() => ActorSystem.Create("no-setup", config));

        Assert.Contains("Path to SSL certificate was not found", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_named_with_its_setting()
    {
        var settings = Write("node-a", _pki.NodeA) with { CaCertificatePath = Path.Combine(_dir.Path, "nowhere", "ca.crt") };

        var error = Assert.Throws<ClusterConfigurationException>(() => RealmTransportSecurity.Start(settings));

        var problem = Assert.Single(error.Problems);
        Assert.Equal($"actorrealm.remote.transport.tls.ca-certificate: '{settings.CaCertificatePath}': the file does not exist.", problem);
    }

    [Fact]
    public void A_directory_where_a_file_belongs_is_named()
    {
        var settings = Write("node-a", _pki.NodeA) with { CertificatePath = _dir.Path };

        var error = Assert.Throws<ClusterConfigurationException>(() => RealmTransportSecurity.Start(settings));

        Assert.Contains($"actorrealm.remote.transport.tls.certificate: '{_dir.Path}' is a directory, not a file.", error.Problems);
    }

    [Fact]
    public void A_node_certificate_the_configured_ca_did_not_sign_is_refused_at_start()
    {
        var settings = Write("node-a", _pki.WrongCaNode);

        var error = Assert.Throws<ClusterConfigurationException>(() => RealmTransportSecurity.Start(settings));

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("actorrealm.remote.transport.tls.certificate: the node certificate is not usable with the configured CA 'CN=test-realm CA'", problem, StringComparison.Ordinal);
        Assert.Contains("does not chain to the cluster CA", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_certificate_is_refused_at_start()
    {
        var error = Assert.Throws<ClusterConfigurationException>(() => RealmTransportSecurity.Start(Write("node-old", _pki.Expired)));

        var problem = Assert.Single(error.Problems);
        Assert.Matches(@"^actorrealm\.remote\.transport\.tls\.certificate: the node certificate 'CN=node-old' expired on \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$", problem);
    }

    [Fact]
    public void A_certificate_without_its_private_key_is_refused_at_start()
    {
        var settings = Write("node-a", _pki.NodeA);
        File.Copy(settings.CertificatePath, settings.PrivateKeyPath, overwrite: true);

        var error = Assert.Throws<ClusterConfigurationException>(() => RealmTransportSecurity.Start(settings));

        Assert.Equal([$"actorrealm.remote.transport.tls.private-key: '{settings.PrivateKeyPath}' holds no private key (a -----BEGIN PRIVATE KEY----- block); a certificate without its private key cannot identify this node."], error.Problems);
    }

    [Fact]
    public void The_private_key_of_another_certificate_is_refused_at_start()
    {
        var settings = Write("node-a", _pki.NodeA) with { PrivateKeyPath = Write("node-b", _pki.NodeB).PrivateKeyPath };

        var error = Assert.Throws<ClusterConfigurationException>(() => RealmTransportSecurity.Start(settings));

        Assert.Contains("does not belong to the certificate", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_certificate_configured_as_the_ca_is_refused_at_start()
    {
        var settings = Write("node-a", _pki.NodeA) with { CaCertificatePath = Write("node-b", _pki.NodeB).CertificatePath };

        var error = Assert.Throws<ClusterConfigurationException>(() => RealmTransportSecurity.Start(settings));

        Assert.Contains(error.Problems, p => p.Contains("'CN=node-b' is not a CA certificate", StringComparison.Ordinal));
    }

    [Fact]
    public void Garbage_in_a_certificate_file_is_reported_in_words()
    {
        var settings = Write("node-a", _pki.NodeA);
        File.WriteAllText(settings.CaCertificatePath, "not a certificate");

        var error = Assert.Throws<ClusterConfigurationException>(() => RealmTransportSecurity.Start(settings));

        Assert.Equal([$"actorrealm.remote.transport.tls.ca-certificate: '{settings.CaCertificatePath}' holds no PEM certificate (a -----BEGIN CERTIFICATE----- block)."], error.Problems);
    }

    [Fact]
    public void The_setup_refuses_an_identity_that_peers_would_refuse()
    {
        var error = Assert.Throws<ClusterConfigurationException>(() => RealmTransportSecurity.Setup(new TlsContext(_pki.Expired, _pki.Ca)));
        Assert.Contains("expired on", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    public new void Dispose()
    {
        base.Dispose();
        _dir.Dispose();
    }

    private static ActorSystem Create(TransportSecurity security)
    {
        var config = ConfigurationFactory.ParseString(security.Hocon + "\nakka.actor.provider = remote\nakka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }\nakka.stdout-loglevel = OFF");
        return ActorSystem.Create(TestNode.Realm, ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(config), security.Setup!));
    }

    /// <summary>Writes <paramref name="certificate"/>, its key and the realm's CA as <c>actorrealm certs</c> does; returns the settings naming them.</summary>
    private TlsSettings Write(string name, X509Certificate2 certificate)
    {
        var crt = Path.Combine(_dir.Path, name + ".crt");
        var key = Path.Combine(_dir.Path, name + ".key");
        ClusterCertificates.WritePem(certificate, crt, key, overwrite: true);
        var ca = Path.Combine(_dir.Path, "ca.crt");
        File.WriteAllText(ca, _pki.Ca.ExportCertificatePem());
        return new TlsSettings { CertificatePath = crt, PrivateKeyPath = key, CaCertificatePath = ca };
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }
}
