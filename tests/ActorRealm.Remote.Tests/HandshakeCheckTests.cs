using ActorRealm.Actors;
using ActorRealm.Remote.Security;
using Google.Protobuf;

namespace ActorRealm.Remote.Tests;

public sealed class HandshakeCheckTests
{
    private static readonly JoinSecret Secret = new("s3cret-s3cret");
    private static readonly Address A = RemoteAddress.Create("realm1", "10.0.0.1", 2552);
    private static readonly Address B = RemoteAddress.Create("realm1", "10.0.0.2", 2552);
    private static readonly PeerIncarnation SelfA = new(A, 42);

    [Fact]
    public void Accepts_a_request_from_a_node_that_knows_the_secret()
    {
        var request = HandshakeCheck.Create("realm1", SelfA, B, Secret, acknowledgement: false);
        var peer = HandshakeCheck.Validate(request, acknowledgement: false, "realm1", B, expectedFrom: null, Secret, out var error);
        Assert.Null(error);
        Assert.Equal(SelfA, peer);
    }

    [Fact]
    public void Refuses_a_wrong_join_secret()
    {
        var request = HandshakeCheck.Create("realm1", SelfA, B, new JoinSecret("guess"), acknowledgement: false);
        Assert.Null(HandshakeCheck.Validate(request, false, "realm1", B, null, Secret, out var error));
        Assert.Contains("join secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_request_replayed_as_an_acknowledgement()
    {
        var request = HandshakeCheck.Create("realm1", SelfA, B, Secret, acknowledgement: false);
        Assert.Null(HandshakeCheck.Validate(request, acknowledgement: true, "realm1", B, A, Secret, out var error));
        Assert.Contains("join secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_tampered_fields_because_the_proof_covers_them()
    {
        var request = HandshakeCheck.Create("realm1", SelfA, B, Secret, acknowledgement: false);
        request.FromUid = 43;
        Assert.Null(HandshakeCheck.Validate(request, false, "realm1", B, null, Secret, out var error));
        Assert.Contains("join secret", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_another_protocol_version_first()
    {
        var request = HandshakeCheck.Create("realm1", SelfA, B, Secret, acknowledgement: false);
        request.ProtocolVersion = 99;
        Assert.Null(HandshakeCheck.Validate(request, false, "realm1", B, null, Secret, out var error));
        Assert.Contains("protocol version 99", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_another_realm_and_a_misaddressed_request()
    {
        var otherRealm = HandshakeCheck.Create("realm2", new PeerIncarnation(RemoteAddress.Create("realm2", "10.0.0.1", 2552), 1), B, Secret, false);
        Assert.Null(HandshakeCheck.Validate(otherRealm, false, "realm1", B, null, Secret, out var realmError));
        Assert.Contains("realm 'realm2'", realmError, StringComparison.Ordinal);

        var misaddressed = HandshakeCheck.Create("realm1", SelfA, RemoteAddress.Create("realm1", "10.0.0.2", 1), Secret, false);
        Assert.Null(HandshakeCheck.Validate(misaddressed, false, "realm1", B, null, Secret, out var addressError));
        Assert.Contains("canonical.hostname", addressError, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_request_that_claims_this_nodes_own_address()
    {
        // Signed with the right secret, addressed correctly, but from B to B: a peer impersonating B to itself.
        var impersonation = HandshakeCheck.Create("realm1", new PeerIncarnation(B, 7), B, Secret, acknowledgement: false);
        Assert.Null(HandshakeCheck.Validate(impersonation, false, "realm1", B, null, Secret, out var error));
        Assert.Contains("this node's own address", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_an_acknowledgement_from_another_node_than_the_one_dialled()
    {
        var ack = HandshakeCheck.Create("realm1", new PeerIncarnation(RemoteAddress.Create("realm1", "10.0.0.2", 9), 5), A, Secret, acknowledgement: true);
        Assert.Null(HandshakeCheck.Validate(ack, true, "realm1", A, expectedFrom: B, Secret, out var error));
        Assert.Contains("answered as", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_uid_zero()
    {
        var request = HandshakeCheck.Create("realm1", SelfA with { Uid = 0 }, B, Secret, false);
        Assert.Null(HandshakeCheck.Validate(request, false, "realm1", B, null, Secret, out var error));
        Assert.Contains("uid is 0", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_secret_never_appears_in_text()
    {
        Assert.DoesNotContain("s3cret", Secret.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", new RemoteSettings { JoinSecret = Secret }.ToString(), StringComparison.Ordinal);
        var request = HandshakeCheck.Create("realm1", SelfA, B, Secret, false);
        Assert.True(request.ToByteArray().AsSpan().IndexOf("s3cret"u8) < 0, "the handshake carries the secret itself");
    }
}
