using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using ActorRealm.Cluster.Admission;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>
/// The baseline of <c>bench remote</c>: length-prefixed frames of the same payload size, window and TLS
/// setting over loopback TCP with System.IO.Pipelines, between the same two processes, an echo server
/// and no actors, serialization or envelopes. Writes are coalesced the way a transport would: everything
/// produced by one read is flushed once.
/// </summary>
internal static class RawTcpPingPong
{
    private const int PrefixSize = 4;

    /// <summary>Runs the client side against the echo server at <paramref name="echo"/>.</summary>
    public static async Task<PingPongResult> RunAsync(IPEndPoint echo, int window, TlsContext? tls, int payloadBytes, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(echo, cancellationToken).ConfigureAwait(false);
        await using var stream = await OpenAsync(socket, tls, server: false, cancellationToken).ConfigureAwait(false);
        return await PingAsync(stream, window, payloadBytes, warmup, duration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs both sides in this process (the echo server on a loopback port of its own).</summary>
    public static async Task<PingPongResult> RunAsync(int window, TlsContext? tls, int payloadBytes, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var echo = EchoServer.Start(tls);
        return await RunAsync(echo.Endpoint, window, tls, payloadBytes, warmup, duration, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<PingPongResult> PingAsync(Stream stream, int window, int payloadBytes, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024, leaveOpen: true));
        var histogram = new LatencyHistogram();
        var payload = new byte[payloadBytes];
        for (var i = 0; i < window; i++)
        {
            WritePing(writer, payload);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        var measureFrom = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureUntil = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long roundTrips = 0;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var now = Stopwatch.GetTimestamp();
            while (TryReadFrame(ref buffer, out var frame))
            {
                if (now >= measureFrom)
                {
                    histogram.Record(ReadTimestamp(frame), now);
                    roundTrips++;
                }

                WritePing(writer, payload);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (now >= measureUntil || result.IsCompleted)
            {
                break;
            }

            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        var elapsed = Stopwatch.GetElapsedTime(measureFrom);
        await reader.CompleteAsync().ConfigureAwait(false);
        await writer.CompleteAsync().ConfigureAwait(false);
        return PingPongResult.From(roundTrips, elapsed, histogram);
    }

    private static async Task<Stream> OpenAsync(Socket socket, TlsContext? tls, bool server, CancellationToken cancellationToken)
    {
        Stream stream = new NetworkStream(socket, ownsSocket: false);
        if (tls is null)
        {
            return stream;
        }

        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        var rejection = new StrongBox<string?>();
        if (server)
        {
            await ssl.AuthenticateAsServerAsync(tls.ServerOptions(rejection), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await ssl.AuthenticateAsClientAsync(tls.ClientOptions("127.0.0.1", rejection), cancellationToken).ConfigureAwait(false);
        }

        return ssl;
    }

    private static void WritePing(PipeWriter writer, byte[] payload)
    {
        BinaryPrimitives.WriteInt64LittleEndian(payload, Stopwatch.GetTimestamp());
        WriteFrame(writer, payload);
    }

    private static void WriteFrame(PipeWriter writer, ReadOnlySequence<byte> payload)
    {
        var span = writer.GetSpan(PrefixSize + (int)payload.Length);
        BinaryPrimitives.WriteUInt32BigEndian(span, (uint)payload.Length);
        payload.CopyTo(span[PrefixSize..]);
        writer.Advance(PrefixSize + (int)payload.Length);
    }

    private static void WriteFrame(PipeWriter writer, byte[] payload) => WriteFrame(writer, new ReadOnlySequence<byte>(payload));

    private static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> frame)
    {
        Span<byte> prefix = stackalloc byte[PrefixSize];
        if (buffer.Length >= PrefixSize)
        {
            buffer.Slice(0, PrefixSize).CopyTo(prefix);
            var length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
            if (buffer.Length - PrefixSize >= length)
            {
                frame = buffer.Slice(PrefixSize, length);
                buffer = buffer.Slice(PrefixSize + length);
                return true;
            }
        }

        frame = default;
        return false;
    }

    private static long ReadTimestamp(ReadOnlySequence<byte> frame)
    {
        Span<byte> stamp = stackalloc byte[8];
        frame.Slice(0, 8).CopyTo(stamp);
        return BinaryPrimitives.ReadInt64LittleEndian(stamp);
    }

    /// <summary>Echoes every frame back on each connection it accepts, until disposed.</summary>
    public sealed class EchoServer : IAsyncDisposable
    {
        private readonly Socket _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _accepting;

        private EchoServer(Socket listener, TlsContext? tls)
        {
            _listener = listener;
            _accepting = AcceptAsync(tls);
        }

        /// <summary>Where it listens.</summary>
        public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndPoint!;

        /// <summary>Starts an echo server on a free loopback port.</summary>
        public static EchoServer Start(TlsContext? tls)
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(16);
            return new EchoServer(listener, tls);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            _listener.Dispose();
            await _accepting.ConfigureAwait(false);
            _stop.Dispose();
        }

        private async Task AcceptAsync(TlsContext? tls)
        {
            var connections = new List<Task>();
            try
            {
                while (true)
                {
                    var socket = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
                    connections.Add(EchoAsync(socket, tls, _stop.Token));
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Disposed.
            }

            await Task.WhenAll(connections).ConfigureAwait(false);
        }

        private static async Task EchoAsync(Socket socket, TlsContext? tls, CancellationToken cancellationToken)
        {
            using (socket)
            {
                try
                {
                    socket.NoDelay = true;
                    await using var stream = await OpenAsync(socket, tls, server: true, cancellationToken).ConfigureAwait(false);
                    var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
                    var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024, leaveOpen: true));
                    while (true)
                    {
                        var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                        var buffer = result.Buffer;
                        while (TryReadFrame(ref buffer, out var frame))
                        {
                            WriteFrame(writer, frame);
                        }

                        reader.AdvanceTo(buffer.Start, buffer.End);
                        if (result.IsCompleted)
                        {
                            return;
                        }

                        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
                {
                    // The client finished and went away, or the server stopped.
                }
            }
        }
    }
}
