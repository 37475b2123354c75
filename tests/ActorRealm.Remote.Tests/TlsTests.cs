using ActorRealm.Remote.Security;
using ActorRealm.Remote.Tests.Support;
using ActorRealm.Remote.Wire;

namespace ActorRealm.Remote.Tests;

/// <summary>Mutual TLS pinned to the cluster CA, over real loopback TCP.</summary>
public sealed class TlsTests(TestCertificatesFixture fixture) : IClassFixture<TestCertificatesFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TestCertificates _certs = fixture.Certificates;

    [Fact]
    public async Task Nodes_with_certificates_from_the_cluster_ca_talk_both_ways()
    {
        await using var a = await TestNode.StartAsync(tls: _certs.Context(_certs.NodeA));
        await using var b = await TestNode.StartAsync(tls: _certs.Context(_certs.NodeB, verifyHostname: true));

        a.Remoting.Send(b.Address, Frames.Envelope("to-b", 1));
        b.Remoting.Send(a.Address, Frames.Envelope("to-a", 2));

        await Await.UntilAsync(() => a.Handler.EnvelopeCount == 1 && b.Handler.EnvelopeCount == 1, () => a.Logs.Dump() + b.Logs.Dump());
        Assert.Contains(a.Logs.Lines, l => l.Message.Contains("with mutual TLS as CN=node-a", StringComparison.Ordinal));
        Assert.Empty(a.Logs.Warnings);
        Assert.Empty(b.Logs.Warnings);
    }

    [Fact]
    public async Task A_client_certificate_from_another_ca_is_refused()
    {
        await using var a = await TestNode.StartAsync(tls: _certs.Context(_certs.NodeA));
        await using var intruder = await TestNode.StartAsync(tls: new TlsContext(_certs.WrongCaNode, _certs.Ca));

        intruder.Remoting.Send(a.Address, Frames.Envelope("x", 0));

        await AssertRefusedAsync(a, "does not chain to the cluster CA");
    }

    [Fact]
    public async Task A_server_certificate_from_another_ca_is_refused_by_the_connecting_node()
    {
        await using var impostor = await TestNode.StartAsync(tls: new TlsContext(_certs.WrongCaNode, _certs.WrongCa));
        await using var a = await TestNode.StartAsync(tls: _certs.Context(_certs.NodeA));

        a.Remoting.Send(impostor.Address, Frames.Envelope("x", 0));

        await Await.UntilAsync(() => a.Logs.Lines.Any(l => l.Message.Contains("does not chain to the cluster CA", StringComparison.Ordinal)), () => a.Logs.Dump());
        Assert.Empty(impostor.Handler.Frames);
        Assert.False(a.Remoting.AssociationWith(impostor.Address).IsEstablished);
    }

    [Fact]
    public async Task A_self_signed_client_certificate_is_refused()
    {
        await using var a = await TestNode.StartAsync(tls: _certs.Context(_certs.NodeA));
        await using var intruder = await TestNode.StartAsync(tls: new TlsContext(_certs.SelfSigned, _certs.Ca));

        intruder.Remoting.Send(a.Address, Frames.Envelope("x", 0));

        await AssertRefusedAsync(a, "does not chain to the cluster CA");
    }

    [Fact]
    public async Task A_client_without_a_certificate_is_refused()
    {
        await using var a = await TestNode.StartAsync(tls: _certs.Context(_certs.NodeA));
        await using var client = await RawClient.ConnectAsync(a.Address);

        try
        {
            await client.StartTlsAsync(clientCertificate: null);
            await client.ReadUntilClosedAsync(Timeout);
        }
        catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException)
        {
            // With TLS 1.2 the refusal can already fail the client's handshake.
        }

        await AssertRefusedAsync(a, "presented no certificate");
    }

    [Fact]
    public async Task A_plaintext_client_on_the_tls_port_is_refused()
    {
        await using var a = await TestNode.StartAsync(tls: _certs.Context(_certs.NodeA));
        await using var client = await RawClient.ConnectAsync(a.Address);

        await client.SendFrameAsync(new Frame { Handshake = new Handshake { ProtocolVersion = 1, Realm = TestNode.Realm } });
        await client.ReadUntilClosedAsync(Timeout);

        await AssertRefusedAsync(a, "TLS handshake failed");
    }

    [Fact]
    public async Task An_http_request_to_the_tls_port_is_refused()
    {
        await using var a = await TestNode.StartAsync(tls: _certs.Context(_certs.NodeA));
        await using var client = await RawClient.ConnectAsync(a.Address);

        await client.SendAsync(System.Text.Encoding.ASCII.GetBytes("GET /metrics HTTP/1.1\r\nHost: node\r\n\r\n"));
        await client.ReadUntilClosedAsync(Timeout);

        await AssertRefusedAsync(a, "TLS handshake failed");
    }

    [Fact]
    public async Task A_tls_client_on_a_plaintext_port_is_refused()
    {
        await using var plain = await TestNode.StartAsync();
        await using var client = await RawClient.ConnectAsync(plain.Address);

        await Assert.ThrowsAnyAsync<Exception>(() => client.StartTlsAsync(_certs.NodeA));

        await AssertRefusedAsync(plain, "a TLS handshake (this port is plaintext)");
    }

    [Fact]
    public async Task With_hostname_verification_a_certificate_for_another_host_is_refused()
    {
        await using var other = await TestNode.StartAsync(tls: _certs.Context(_certs.OtherHost));
        await using var a = await TestNode.StartAsync(tls: _certs.Context(_certs.NodeA, verifyHostname: true));

        a.Remoting.Send(other.Address, Frames.Envelope("x", 0));

        await Await.UntilAsync(() => a.Logs.Lines.Any(l => l.Message.Contains("does not name the host '127.0.0.1'", StringComparison.Ordinal)), () => a.Logs.Dump());
        Assert.Empty(other.Handler.Frames);
    }

    /// <summary>The node logged one warning per refused connection, delivered nothing, and still serves a good peer.</summary>
    private async Task AssertRefusedAsync(TestNode node, string reason)
    {
        await Await.UntilAsync(() => node.Logs.Warnings.Any(w => w.Message.Contains(reason, StringComparison.Ordinal)), () => node.Logs.Dump());
        Assert.Empty(node.Handler.Frames);

        // One line per refused connection, and nothing else (the startup line aside).
        Assert.All(
            node.Logs.Warnings.Where(w => !w.Message.StartsWith("Remote transport listening", StringComparison.Ordinal)),
            w => Assert.Contains(reason, w.Message, StringComparison.Ordinal));

        var tls = node.Logs.Lines.Any(l => l.Message.Contains("mutual TLS", StringComparison.Ordinal));
        await using var good = await TestNode.StartAsync(tls: tls ? _certs.Context(_certs.NodeB) : null);
        good.Remoting.Send(node.Address, Frames.Envelope("still serving", 7));
        await Await.UntilAsync(() => node.Handler.EnvelopeCount == 1, () => node.Logs.Dump() + good.Logs.Dump());
    }
}
