using System.Security.Cryptography.X509Certificates;
using ActorRealm.Remote.Security;

namespace ActorRealm.Remote.Tests.Support;

/// <summary>The certificates of the TLS tests: a cluster CA with node certificates, a wrong CA, a self-signed node.</summary>
public sealed class TestCertificates : IDisposable
{
    private static readonly string[] Loopback = ["127.0.0.1", "localhost"];

    public TestCertificates()
    {
        Ca = ClusterCertificates.CreateCa("test-realm CA");
        WrongCa = ClusterCertificates.CreateCa("impostor CA");
        NodeA = ClusterCertificates.CreateNode(Ca, "node-a", Loopback);
        NodeB = ClusterCertificates.CreateNode(Ca, "node-b", Loopback);
        WrongCaNode = ClusterCertificates.CreateNode(WrongCa, "node-a", Loopback);
        SelfSigned = ClusterCertificates.CreateSelfSignedNode("node-a", Loopback);
        OtherHost = ClusterCertificates.CreateNode(Ca, "node-x", ["10.9.9.9"]);
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 WrongCa { get; }

    public X509Certificate2 NodeA { get; }

    public X509Certificate2 NodeB { get; }

    public X509Certificate2 WrongCaNode { get; }

    public X509Certificate2 SelfSigned { get; }

    public X509Certificate2 OtherHost { get; }

    /// <summary>A TLS context for <paramref name="certificate"/> trusting the cluster CA.</summary>
    public TlsContext Context(X509Certificate2 certificate, bool verifyHostname = false) => new(certificate, Ca, verifyHostname);

    public void Dispose()
    {
        foreach (var certificate in new[] { Ca, WrongCa, NodeA, NodeB, WrongCaNode, SelfSigned, OtherHost })
        {
            certificate.Dispose();
        }
    }
}
