using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using ActorRealm.Actors;
using ActorRealm.Remote.Transport;
using Google.Protobuf;

namespace ActorRealm.Remote.Tests.Support;

/// <summary>A bare socket client for speaking to a listener outside the protocol (hostile input, wrong TLS).</summary>
public sealed class RawClient : IAsyncDisposable
{
    private readonly Socket _socket;

    private RawClient(Socket socket, Stream stream, Address target)
    {
        _socket = socket;
        Stream = stream;
        Target = target;
    }

    /// <summary>The node this client connected to.</summary>
    public Address Target { get; }

    public Stream Stream { get; private set; }

    /// <summary>This end of the connection as the listener logs it (<c>127.0.0.1:port</c>).</summary>
    public string LocalEndPoint { get; private set; } = "?";

    public static async Task<RawClient> ConnectAsync(Address address)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(address.ToEndpoint().Host, address.ToEndpoint().Port);
        return new RawClient(socket, new NetworkStream(socket, ownsSocket: true), address) { LocalEndPoint = Describe(socket.LocalEndPoint) };
    }

    private static string Describe(EndPoint? endPoint) =>
        endPoint is IPEndPoint ip ? new IPEndPoint(ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address, ip.Port).ToString() : "?";

    /// <summary>Starts TLS, trusting any server, presenting <paramref name="clientCertificate"/> (or none).</summary>
    public async Task StartTlsAsync(X509Certificate2? clientCertificate)
    {
        var ssl = new SslStream(Stream, leaveInnerStreamOpen: false);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
#pragma warning disable CA5359 // This client plays an attacker probing the server; the server's certificate is irrelevant to it.
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

    /// <summary>Half-closes: the server sees end of stream while this client can still read.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    public Task SendFrameAsync(IMessage message)
    {
        var writer = new ArrayBufferWriter<byte>();
        FrameCodec.Write(writer, message);
        return SendAsync(writer.WrittenMemory);
    }

    /// <summary>Reads until the server closes the connection (or fails it); returns the bytes received.</summary>
    public async Task<byte[]> ReadUntilClosedAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await Stream.ReadAsync(buffer, cancel.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            // Reset or TLS alert: closed as well.
        }

        Assert.False(cancel.IsCancellationRequested, "the server did not close the connection in time");
        return received.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        _socket.Dispose();
    }
}
