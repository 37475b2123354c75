using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;

namespace ActorRealm.Cluster.Admission;

/// <summary>
/// The certificate check Akka.Remote's DotNetty transport runs on both ends of every TLS handshake
/// (<c>DotNettySslSetup.CustomValidator</c>): it accepts exactly the peers <see cref="PeerCertificateValidator"/>
/// accepts, ignores the platform's verdict (so the operating system's trust store plays no part), and
/// logs one warning naming the peer and the reason when it refuses.
/// </summary>
/// <remarks>
/// Akka shuts the whole actor system down when a TLS handshake fails on a connection it opened
/// (CoordinatedShutdown, exit code 79), on the theory that the dialling side is the misconfigured
/// one. A realm node that dials a peer with a bad certificate (expired, another realm's, an impostor
/// at a member's address) is not misconfigured, and must not leave the realm for it. So once
/// <see cref="RealmTcpTransport"/> guards the transport, a refused server certificate does not fail
/// the handshake: the refusal is recorded, and the guard closes the connection and fails the
/// association before Akka writes a byte on it.
/// </remarks>
internal sealed class RealmCertificateCheck(TlsContext tls)
{
    private readonly ConcurrentDictionary<string, string> _refusedServers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _dials = new(StringComparer.Ordinal);
    private volatile bool _guarded;

    /// <summary>
    /// Checks the certificate of <paramref name="remotePeer"/>. The transport names a peer it dialled
    /// by its transport address (<c>ssl.tcp://realm@host:port</c>) and a peer that dialled it by its
    /// socket endpoint (<c>[::ffff:10.0.0.2]:51234</c>), so the form tells the roles apart: a dialled
    /// peer is the TLS server and must allow server authentication; a dialling peer must allow client
    /// authentication.
    /// </summary>
    public bool Check(X509Certificate2? certificate, X509Chain? chain, string remotePeer, SslPolicyErrors errors, ILoggingAdapter log)
    {
        var dialledHost = DialledHost(remotePeer);
        var reason = tls.CheckPeer(certificate, peerIsServer: dialledHost is not null, dialledHost);
        if (reason is null)
        {
            return true;
        }

        log.Warning(
            "Refused the TLS connection {0} {1}: {2}. Only nodes holding a certificate from the realm's CA are admitted.",
            dialledHost is null ? "from" : "to",
            remotePeer,
            reason);
        if (dialledHost is null || !_guarded)
        {
            return false;
        }

        _refusedServers[remotePeer] = reason;
        return true;
    }

    /// <summary>Called by <see cref="RealmTcpTransport"/>: from now on it handles refused server certificates.</summary>
    internal void Guard() => _guarded = true;

    /// <summary>
    /// Serialises the dials to one transport address, so that a refusal recorded during a dial is the
    /// refusal of that dial; dispose the result when the dial is over.
    /// </summary>
    internal async Task<IDisposable> DialAsync(string transportAddress)
    {
        var gate = _dials.GetOrAdd(transportAddress, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync().ConfigureAwait(false);
        _refusedServers.TryRemove(transportAddress, out _);
        return new Release(gate);
    }

    /// <summary>The refusal recorded during the current dial of <paramref name="transportAddress"/>, if any (taken).</summary>
    internal string? TakeRefusal(string transportAddress) => _refusedServers.TryRemove(transportAddress, out var reason) ? reason : null;

    /// <summary>The host this node dialled, or null when <paramref name="remotePeer"/> is an inbound socket endpoint.</summary>
    internal static string? DialledHost(string remotePeer) =>
        remotePeer.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(remotePeer, UriKind.Absolute, out var uri) ? uri.IdnHost.Trim('[', ']') : null;

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
