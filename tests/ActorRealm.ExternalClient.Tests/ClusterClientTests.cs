using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using ActorRealm.Contracts;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Cluster.Tools.Client;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
using Xunit.Abstractions;

namespace ActorRealm.ExternalClient.Tests;

/// <summary>
/// The path other Akka.NET systems take to integrate with a realm: a plain remoting system (no
/// cluster membership) with a certificate from the realm's CA and the contracts library reaches a
/// realm node's receptionist through Akka.Cluster.Tools' ClusterClient and gets the realm's status.
/// </summary>
public sealed class ClusterClientTests(ITestOutputHelper output) : IAsyncLifetime
{
    private RealmNodeProcess _realm = null!;
    private ActorSystem? _client;

    public async Task InitializeAsync() => _realm = await RealmNodeProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.Terminate();
        }

        await _realm.DisposeAsync();
    }

    [Fact]
    public async Task A_client_system_reaches_the_realm_through_the_receptionist_and_gets_its_status()
    {
        _client = ClientSystem();
        var contact = ActorPath.Parse($"akka.ssl.tcp://{RealmNodeProcess.Realm}@127.0.0.1:{_realm.Port}{RealmServices.ReceptionistPath}");
        var settings = ClusterClientSettings.Create(_client).WithInitialContacts([contact]);
        var clusterClient = _client.ActorOf(ClusterClient.Props(settings), "realm-client");

        // The node starts in the background: ask until it answers Up and serving, within a deadline.
        var deadline = Stopwatch.StartNew();
        RealmStatus? status = null;
        while (status is not { Status: "up", Serving: true })
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"No answer from the realm within 60 s; last: {status}\nnode output:\n{_realm.Output}");
            try
            {
                status = await clusterClient.Ask<RealmStatus>(new ClusterClient.Send(RealmServices.StatusPath, RealmStatusRequest.Instance), TimeSpan.FromSeconds(3));
            }
            catch (AskTimeoutException)
            {
                // Not reachable yet: ClusterClient keeps trying its contacts.
            }
        }

        output.WriteLine($"answer after {deadline.Elapsed.TotalSeconds:0.0} s: {status}");
        Assert.Equal(RealmNodeProcess.Realm, status.Realm);
        Assert.Equal("node-1", status.Node);
        Assert.Equal(("main", 0L), (status.PrimeSite, status.PrimeEpoch));
        Assert.True(status.HasQuorum, status.Quorum);
        var member = Assert.Single(status.Members);
        Assert.Equal(($"127.0.0.1:{_realm.Port}", "up"), (member.Address, member.Status));
    }

    /// <summary>The client's actor system: remoting over TLS with its certificate, trusting only the realm's CA.</summary>
    private ActorSystem ClientSystem()
    {
        var (certificatePath, keyPath) = _realm.ClientCertificate;
        var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        var ca = X509CertificateLoader.LoadCertificateFromFile(_realm.CaCertificate);
        var ssl = new DotNettySslSetup(certificate, suppressValidation: false, requireMutualAuthentication: true, validateCertificateHostname: false, customValidator: (peer, _, _, _, _) => ChainsTo(peer, ca));
        var config = ConfigurationFactory.ParseString(
            """
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0, enable-ssl = on }
            akka.cluster.client { heartbeat-interval = 1s, acceptable-heartbeat-pause = 3s }
            akka.loglevel = WARNING
            """)
            .WithFallback(ConfigurationFactory.ParseString(RealmServices.SerializationHocon))
            // ClusterClient's own messages (and the pub-sub envelopes it sends to the receptionist)
            // must go through their protobuf serializers: realm nodes refuse Akka's JSON fallback
            // (they never build a type a peer names).
            .WithFallback(ClusterClientReceptionist.DefaultConfig())
            .WithFallback(DistributedPubSub.DefaultConfig());
        return ActorSystem.Create("external-client", ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(config), ssl));
    }

    private static bool ChainsTo(X509Certificate2? peer, X509Certificate2 ca)
    {
        if (peer is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(peer) && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span);
    }
}
