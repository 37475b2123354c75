using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using ActorRealm.Remote.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorRealm.Remote.Transport;

/// <summary>
/// TCP transport: sockets, optional mutually authenticated TLS (<see cref="SslStream"/>), frames through
/// System.IO.Pipelines. A connection that misbehaves is closed with one log line; the listener and
/// the other connections carry on.
/// </summary>
public sealed partial class TcpTransport : ITransport
{
    private readonly TransportSettings _settings;
    private readonly TlsContext? _tls;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ILogger _connectionLogger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<TcpConnection, byte> _connections = new();
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _acceptLoops = [];
    private int _inbound;

    /// <summary>Creates a transport; <paramref name="tls"/> null means plaintext (logged as a warning when listening).</summary>
    public TcpTransport(TransportSettings settings, TlsContext? tls, TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _tls = tls;
        _time = time ?? TimeProvider.System;
        var factory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = factory.CreateLogger<TcpTransport>();
        _connectionLogger = factory.CreateLogger("ActorRealm.Remote.Transport.TcpConnection");
    }

    /// <summary>Open connections, inbound and outbound.</summary>
    public int ConnectionCount => _connections.Count;

    /// <inheritdoc/>
    public async Task<NodeEndpoint> ListenAsync(NodeEndpoint bind, ITransportListener listener, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        var address = await ResolveAsync(bind.Host, cancellationToken).ConfigureAwait(false);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, bind.Port));
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var bound = new NodeEndpoint(bind.Host, ((IPEndPoint)socket.LocalEndPoint!).Port);
        lock (_listeners)
        {
            _listeners.Add(socket);
            _acceptLoops.Add(AcceptLoopAsync(socket, listener));
        }

        if (_tls is null)
        {
            LogPlaintext(_logger, bound);
        }
        else
        {
            LogListening(_logger, bound, _tls.Certificate.Subject);
        }

        return bound;
    }

    /// <inheritdoc/>
    public void Connect(NodeEndpoint remote, IConnectionHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _ = ConnectAsync(remote, handler);
    }

    /// <summary>Stops listening and closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        Task[] loops;
        lock (_listeners)
        {
            _listeners.ForEach(s => s.Dispose());
            loops = [.. _acceptLoops];
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
        var closing = _connections.Keys.Select(c =>
        {
            c.Close(new CloseReason(CloseKind.Local, "transport stopped"));
            return c.Completion;
        });
        await Task.WhenAll(closing).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return literal;
        }

        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.First();
    }

    private async Task AcceptLoopAsync(Socket listenSocket, ITransportListener listener)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listenSocket.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // Per-connection failures (reset before accept, out of descriptors) must not stop the listener.
                LogAcceptFailed(_logger, e.SocketErrorCode, e.Message);
                continue;
            }

            if (Interlocked.Increment(ref _inbound) > _settings.MaxInboundConnections)
            {
                Interlocked.Decrement(ref _inbound);
                LogTooManyConnections(_logger, socket.RemoteEndPoint?.ToString() ?? "?", _settings.MaxInboundConnections);
                socket.Dispose();
                continue;
            }

            _ = AcceptOneAsync(socket, listener);
        }
    }

    private async Task AcceptOneAsync(Socket socket, ITransportListener listener)
    {
        var remote = socket.RemoteEndPoint?.ToString() ?? "?";
        Stream? stream = null;
        try
        {
            socket.NoDelay = true;
            stream = new NetworkStream(socket, ownsSocket: true);
            if (_tls is not null)
            {
                stream = await AuthenticateAsync(stream, remote, (ssl, rejection, token) => ssl.AuthenticateAsServerAsync(_tls.ServerOptions(rejection), token)).ConfigureAwait(false);
            }

            var connection = new TcpConnection(socket, stream, inbound: true, _settings, _time, _connectionLogger, Finished);
            _connections.TryAdd(connection, 0);
            connection.Start(listener.OnAccepted(connection));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // TLS refusals, a peer resetting before we look at it, a listener refusing: this connection only.
            Interlocked.Decrement(ref _inbound);
            LogInboundRefused(_logger, remote, e.Message);
            await DisposeQuietlyAsync(stream, socket).ConfigureAwait(false);
        }
    }

    /// <summary>Runs a TLS handshake within handshake-timeout; any failure becomes a <see cref="TransportRefusedException"/> saying why.</summary>
    private async Task<Stream> AuthenticateAsync(Stream inner, string remote, Func<SslStream, StrongBox<string?>, CancellationToken, Task> authenticate)
    {
        var ssl = new SslStream(inner, leaveInnerStreamOpen: false);
        var rejection = new StrongBox<string?>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(_settings.HandshakeTimeout);
        try
        {
            await authenticate(ssl, rejection, timeout.Token).ConfigureAwait(false);
            return ssl;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            throw new TransportRefusedException(DescribeTlsFailure(e, rejection.Value, timeout.IsCancellationRequested, remote), e);
        }
    }

    private async Task ConnectAsync(NodeEndpoint remote, IConnectionHandler handler)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
            {
                timeout.CancelAfter(_settings.ConnectTimeout);
                await socket.ConnectAsync(remote.Host, remote.Port, timeout.Token).ConfigureAwait(false);
            }

            stream = new NetworkStream(socket, ownsSocket: true);
            if (_tls is not null)
            {
                stream = await AuthenticateAsync(stream, remote.ToString(), (ssl, rejection, token) => ssl.AuthenticateAsClientAsync(_tls.ClientOptions(remote.Host, rejection), token)).ConfigureAwait(false);
            }

            var connection = new TcpConnection(socket, stream, inbound: false, _settings, _time, _connectionLogger, Finished);
            _connections.TryAdd(connection, 0);
            if (_stopping.IsCancellationRequested)
            {
                connection.Close(new CloseReason(CloseKind.Local, "transport stopped"));
            }

            connection.Start(handler);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await DisposeQuietlyAsync(stream, socket).ConfigureAwait(false);
            handler.OnConnectFailed(remote, e is OperationCanceledException ? new TimeoutException($"connecting to {remote} timed out", e) : e);
        }
    }

    private string DescribeTlsFailure(Exception e, string? rejection, bool timedOut, string remote) =>
        rejection is not null ? $"TLS peer certificate refused: {rejection}"
        : timedOut ? $"TLS handshake with {remote} not completed within {_settings.HandshakeTimeout.TotalSeconds:0.###}s"
        : $"TLS handshake failed ({e.GetBaseException().Message}); the peer may not speak TLS, may lack a client certificate, or may have refused ours";

    private static async Task DisposeQuietlyAsync(Stream? stream, Socket socket)
    {
        if (stream is not null)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }

        socket.Dispose();
    }

    private void Finished(TcpConnection connection)
    {
        if (_connections.TryRemove(connection, out _) && connection.IsInbound)
        {
            Interlocked.Decrement(ref _inbound);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Remote transport listening on {Endpoint} in PLAINTEXT: transport.tls.enabled = off; peers are not authenticated by certificate and traffic is not encrypted")]
    private static partial void LogPlaintext(ILogger logger, NodeEndpoint endpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Remote transport listening on {Endpoint} with mutual TLS as {Subject}")]
    private static partial void LogListening(ILogger logger, NodeEndpoint endpoint, string subject);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Accept failed ({Error}): {Reason}")]
    private static partial void LogAcceptFailed(ILogger logger, SocketError error, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection from {Remote} refused: already {Limit} inbound connections (transport.max-inbound-connections)")]
    private static partial void LogTooManyConnections(ILogger logger, string remote, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection from {Remote} refused: {Reason}")]
    private static partial void LogInboundRefused(ILogger logger, string remote, string reason);
}
