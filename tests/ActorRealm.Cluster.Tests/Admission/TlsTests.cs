using System.Security.Authentication;
using System.Text;
using ActorRealm.Cluster.Admission;
using ActorRealm.Cluster.Tests.Admission.Support;

namespace ActorRealm.Cluster.Tests.Admission;

/// <summary>
/// Mutual TLS pinned to the realm's CA, between real Akka actor systems over loopback. Every refusal
/// is checked three ways: the refusing node logs the reason, its inbox got nothing, and it still serves
/// a peer holding a good certificate (it neither crashed nor shut down).
/// </summary>
public sealed class TlsTests(TestPkiFixture fixture) : Akka.TestKit.Xunit2.TestKit, IClassFixture<TestPkiFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly TestPki _pki = fixture.Pki;

    [Fact]
    public async Task Nodes_with_certificates_from_the_realm_ca_exchange_a_message_and_its_reply()
    {
        await using var a = TestNode.Start(_pki.Context(_pki.NodeA));
        await using var b = TestNode.Start(_pki.Context(_pki.NodeB, verifyHostname: true));
        var probe = CreateTestProbe(a.System);

        a.SendTo(b, "hello", probe.Ref);

        await probe.ExpectMsgAsync("ack:hello", Deadline);
        Assert.Equal("akka.ssl.tcp", a.Address.Protocol);
        Assert.Equal(["hello"], b.Received);
        Assert.False(a.Logs.Contains("Refused"), a.Logs.Dump());
        Assert.False(b.Logs.Contains("Refused"), b.Logs.Dump());
    }

    [Theory]
    [InlineData("another CA's node certificate", "does not chain to the cluster CA")]
    [InlineData("a self-signed certificate", "does not chain to the cluster CA")]
    [InlineData("the realm CA's own certificate", "the CA certificate itself")]
    public async Task A_dialling_peer_without_a_node_certificate_of_the_realm_is_refused_and_delivers_nothing(string presenting, string reason)
    {
        await using var a = TestNode.Start(_pki.Context(_pki.NodeA));

        // The intruder trusts the realm's CA, so only a's check of its certificate stands in its way.
        var certificate = presenting switch
        {
            "another CA's node certificate" => _pki.WrongCaNode,
            "a self-signed certificate" => _pki.SelfSigned,
            _ => _pki.Ca,
        };
        await using var intruder = TestNode.Start(new TlsContext(certificate, _pki.Ca));
        intruder.SendTo(a, "intrusion");

        await AssertRefusedAsync(a, "Refused the TLS connection from", reason);
    }

    [Fact]
    public async Task A_server_certificate_from_another_ca_is_refused_by_the_dialling_node_which_stays_up()
    {
        await using var impostor = TestNode.Start(new TlsContext(_pki.WrongCaNode, _pki.Ca));
        await using var a = TestNode.Start(_pki.Context(_pki.NodeA));

        a.SendTo(impostor, "secret");

        // Akka would shut a down here (a failed TLS handshake on a connection it opened); the realm's transport refuses the peer instead.
        await AssertRefusedAsync(a, "Refused the TLS connection to", "does not chain to the cluster CA");
        Assert.Empty(impostor.Received);
    }

    [Fact]
    public async Task The_throttle_adapter_of_the_multi_node_specs_runs_over_the_guarded_tls_transport()
    {
        const string Throttled = "akka.remote.dot-netty.tcp.applied-adapters = [\"trttl\"]";
        await using var a = TestNode.Start(_pki.Context(_pki.NodeA), Throttled);
        await using var b = TestNode.Start(_pki.Context(_pki.NodeB), Throttled);
        await using var impostor = TestNode.Start(new TlsContext(_pki.WrongCaNode, _pki.Ca), Throttled);
        var probe = CreateTestProbe(a.System);

        a.SendTo(b, "throttled", probe.Ref);
        await probe.ExpectMsgAsync("ack:throttled", Deadline);
        Assert.Equal("akka.trttl.ssl.tcp", a.Address.Protocol);

        a.SendTo(impostor, "secret");
        await Await.UntilAsync(() => a.Logs.Contains("Refused the TLS connection to"), a.Logs.Dump);
        a.SendTo(b, "still up", probe.Ref);
        await probe.ExpectMsgAsync("ack:still up", Deadline);
        Assert.Empty(impostor.Received);
    }

    [Fact]
    public async Task An_expired_certificate_is_refused_in_both_roles()
    {
        await using var a = TestNode.Start(_pki.Context(_pki.NodeA));
        // The refused node itself may be shut down by Akka (a failed handshake on a connection it opened), so each role gets its own.
        await using (var dialling = TestNode.Start(new TlsContext(_pki.Expired, _pki.Ca)))
        {
            dialling.SendTo(a, "from an expired node");
            await AssertRefusedAsync(a, "Refused the TLS connection from", "NotTimeValid");
        }

        // A member whose certificate expired while it ran: the nodes that dial it refuse it and stay up.
        await using var dialled = TestNode.Start(new TlsContext(_pki.Expired, _pki.Ca));
        a.SendTo(dialled, "to an expired node");
        await AssertRefusedAsync(a, "Refused the TLS connection to", "NotTimeValid");
        Assert.Empty(dialled.Received);
    }

#pragma warning disable CA5397, SYSLIB0039 // Offered on purpose, to see them refused.
    [Theory]
    [InlineData(SslProtocols.Tls11)]
    [InlineData(SslProtocols.Tls)]
#pragma warning restore CA5397, SYSLIB0039
    public async Task A_client_offering_only_an_old_tls_version_is_refused(SslProtocols protocols)
    {
        // Akka's DotNetty transport enables TLS 1.0 to 1.2; the platform's OpenSSL policy (minimum TLS 1.2) is what refuses the old ones.
        await using var a = TestNode.Start(_pki.Context(_pki.NodeA));
        await using (var client = await RawClient.ConnectAsync(a.Address))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => client.StartTlsAsync(_pki.NodeB, protocols));
        }

        await AssertRefusedAsync(a, "Rejected incoming connection");
    }

    [Fact]
    public async Task A_client_without_a_certificate_is_refused()
    {
        await using var a = TestNode.Start(_pki.Context(_pki.NodeA));
        await using (var client = await RawClient.ConnectAsync(a.Address))
        {
            try
            {
                await client.StartTlsAsync(clientCertificate: null);
                Assert.True(await client.ClosedWithinAsync(Deadline), "the node kept a connection without a client certificate open");
            }
            catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException)
            {
                // With TLS 1.2 the refusal already fails the client's handshake.
            }
        }

        // Akka logs this refusal itself: the realm's check is not called without a certificate.
        await AssertRefusedAsync(a, "did not provide a certificate");
    }

    [Fact]
    public async Task Host_names_are_checked_only_when_asked()
    {
        // A certificate of the realm naming only 10.9.9.9, served at 127.0.0.1.
        await using var other = TestNode.Start(_pki.Context(_pki.OtherHost));
        await using var lenient = TestNode.Start(_pki.Context(_pki.NodeA));
        await using var strict = TestNode.Start(_pki.Context(_pki.NodeB, verifyHostname: true));
        var probe = CreateTestProbe(lenient.System);

        lenient.SendTo(other, "names unchecked", probe.Ref);
        await probe.ExpectMsgAsync("ack:names unchecked", Deadline);

        strict.SendTo(other, "names checked");
        await AssertRefusedAsync(strict, "Refused the TLS connection to", "does not name the host '127.0.0.1'");
        Assert.Equal(["names unchecked"], other.Received);
    }

    [Fact]
    public async Task A_plaintext_node_dialling_the_tls_port_delivers_nothing()
    {
        await using var a = TestNode.Start(_pki.Context(_pki.NodeA));
        await using var plain = TestNode.Start(tls: null);

        // A node with TLS off speaks Akka's protocol in clear text to the TLS port.
        plain.System.ActorSelection($"akka.tcp://{TestNode.Realm}@{a.Address.Host}:{a.Address.Port}/user/inbox").Tell("in clear text");

        await AssertRefusedAsync(a, "Rejected incoming connection");
    }

    [Fact]
    public async Task An_http_request_to_the_tls_port_is_closed_and_delivers_nothing()
    {
        await using var a = TestNode.Start(_pki.Context(_pki.NodeA));
        await using (var client = await RawClient.ConnectAsync(a.Address))
        {
            await client.SendAsync(Encoding.ASCII.GetBytes("GET /metrics HTTP/1.1\r\nHost: node\r\n\r\n"));
            Assert.True(await client.ClosedWithinAsync(Deadline), "the node kept an HTTP connection open");
        }

        await AssertRefusedAsync(a, "Rejected incoming connection");
    }

    /// <summary>
    /// <paramref name="node"/> logged <paramref name="expected"/> (each text in one line), delivered
    /// nothing to its inbox, and still serves a peer with a good certificate.
    /// </summary>
    private async Task AssertRefusedAsync(TestNode node, params string[] expected)
    {
        await Await.UntilAsync(() => node.Logs.Events.Any(e => expected.All(LogRecord.Text(e).Contains)), node.Logs.Dump);
        await using var bystander = TestNode.Start(_pki.Context(_pki.Bystander));
        var probe = CreateTestProbe(bystander.System);
        bystander.SendTo(node, "bystander", probe.Ref);
        await probe.ExpectMsgAsync("ack:bystander", Deadline);
        Assert.False(node.System.WhenTerminated.IsCompleted, node.Logs.Dump());
        Assert.All(node.Received, m => Assert.Equal("bystander", m));
        Assert.Empty(node.Others);
    }
}
