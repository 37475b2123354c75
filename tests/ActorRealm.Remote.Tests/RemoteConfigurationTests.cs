using ActorRealm.Actors;
using ActorRealm.Hocon;
using ActorRealm.Remote.Security;
using ActorRealm.Remote.Tests.Support;
using ActorRealm.TestKit;

namespace ActorRealm.Remote.Tests;

/// <summary>Remote systems configured only through HOCON: TLS files, join secret, ports.</summary>
public sealed class RemoteConfigurationTests : TestKitBase, IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("actorrealm-remote-config-");

    [Fact]
    public async Task Two_systems_configured_by_hocon_talk_over_mutual_tls()
    {
        using var ca = ClusterCertificates.CreateCa("config CA");
        var caPath = Path.Combine(_dir.FullName, "ca.crt");
        ClusterCertificates.WritePem(ca, caPath, Path.Combine(_dir.FullName, "ca.key"));
        var logs = new LogCapture();
        var a = RemoteActorSystem.Create(TestNode.Realm, Config("node-a", ca, caPath), new ActorSystemSetup { LoggerFactory = logs }, new RemoteSetup { Serialization = RemoteSystems.Register });
        var b = RemoteActorSystem.Create(TestNode.Realm, Config("node-b", ca, caPath), remote: new RemoteSetup { Serialization = RemoteSystems.Register });
        try
        {
            b.ActorOf(Props.Create(() => new Echo()), "echo");
            var probe = CreateTestProbe(a);
            probe.Send(a.ResolveActorRef($"{b.Address}/user/echo"), new Ping(9));
            Assert.Equal(new Pong(9), probe.ExpectMsg<Pong>());
            Assert.Contains(logs.Lines, l => l.Message.Contains("with mutual TLS as CN=node-a", StringComparison.Ordinal));
        }
        finally
        {
            await a.Terminate();
            await b.Terminate();
        }
    }

    [Fact]
    public void Missing_settings_stop_the_system_from_starting_with_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RemoteActorSystem.Create(TestNode.Realm, ConfigFactory.ParseString("actorrealm.remote.canonical.port = 0")));
        Assert.Contains("join-secret is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("actorrealm certs create-ca", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plaintext_only_when_turned_off_explicitly_and_then_with_a_warning()
    {
        var logs = new LogCapture();
        var system = RemoteActorSystem.Create(
            TestNode.Realm,
            ConfigFactory.ParseString("""actorrealm.remote { canonical.port = 0, join-secret = "s", transport.tls.enabled = off }"""),
            new ActorSystemSetup { LoggerFactory = logs });
        await system.Terminate();
        Assert.Contains(logs.Warnings, w => w.Message.Contains("PLAINTEXT", StringComparison.Ordinal));
    }

    public new void Dispose()
    {
        base.Dispose();
        _dir.Delete(recursive: true);
    }

    private Config Config(string node, System.Security.Cryptography.X509Certificates.X509Certificate2 ca, string caPath)
    {
        using var certificate = ClusterCertificates.CreateNode(ca, node, ["127.0.0.1"]);
        var crt = Path.Combine(_dir.FullName, node + ".crt");
        var key = Path.Combine(_dir.FullName, node + ".key");
        ClusterCertificates.WritePem(certificate, crt, key);
        return ConfigFactory.ParseString($$"""
            actorrealm.remote {
              canonical { hostname = "127.0.0.1", port = 0 }
              join-secret = "configured secret"
              transport.tls {
                certificate = "{{crt}}"
                private-key = "{{key}}"
                ca-certificate = "{{caPath}}"
              }
            }
            """);
    }
}
