using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;

namespace ActorRealm.Cluster.Tests.Admission.Support;

/// <summary>A bare socket client that speaks to a node's cluster port outside Akka's protocol (hostile input, wrong TLS).</summary>
public sealed class RawClient : IAsyncDisposable
{
    private readonly Socket _socket;

    private RawClient(Socket socket) => (_socket, Stream) = (socket, new NetworkStream(socket, ownsSocket: false));

    public Stream Stream { get; private set; }

    public static async Task<RawClient> ConnectAsync(Address address)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(address.Host!, address.Port!.Value);
        return new RawClient(socket);
    }

    /// <summary>Starts TLS, trusting any server, presenting <paramref name="clientCertificate"/> (or none), offering <paramref name="protocols"/> (the platform's choice by default).</summary>
    public async Task StartTlsAsync(X509Certificate2? clientCertificate, SslProtocols protocols = SslProtocols.None)
    {
        var ssl = new SslStream(Stream, leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
#pragma warning disable CA5398 // Tests offer old protocol versions on purpose, to see them refused.
            EnabledSslProtocols = protocols,
#pragma warning restore CA5398
#pragma warning disable CA5359 // This client plays an attacker (or a member's tool) probing the server; the server's certificate is irrelevant to it.
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
#pragma warning restore CA5359
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            LocalCertificateSelectionCallback = clientCertificate is null ? null : (_, _, _, _, _) => clientCertificate,
        });
        Stream = ssl;
    }

    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        await Stream.WriteAsync(bytes);
        await Stream.FlushAsync();
    }

    /// <summary>Half-closes: the server sees the end of the stream while this client can still read.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    /// <summary>Reads until the server closes the connection (or fails it), or <paramref name="timeout"/> passes; true when it closed.</summary>
    public async Task<bool> ClosedWithinAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        try
        {
            while (await Stream.ReadAsync(buffer, cancel.Token) > 0)
            {
                // Whatever the node answers is irrelevant: only that it closes.
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or AuthenticationException or SocketException)
        {
            // Reset or TLS alert: closed as well.
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        _socket.Dispose();
    }
}
