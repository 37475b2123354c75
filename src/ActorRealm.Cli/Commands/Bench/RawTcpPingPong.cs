using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using ActorRealm.Remote.Security;
using ActorRealm.Remote.Transport;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>
/// The baseline of <c>bench remote</c>: the same length-prefixed framing, payload size, window and TLS
/// setting over loopback TCP with System.IO.Pipelines, an echo server and no actors, serialization or
/// envelopes. Writes are coalesced the same way: everything produced by one read is flushed once.
/// </summary>
internal static class RawTcpPingPong
{
    public static async Task<PingPongResult> RunAsync(int window, TlsContext? tls, int payloadBytes, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var server = EchoAsync(listener, tls, stop.Token);
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync((IPEndPoint)listener.LocalEndPoint!, cancellationToken).ConfigureAwait(false);
            await using var stream = await OpenAsync(socket, tls, server: false, cancellationToken).ConfigureAwait(false);
            return await PingAsync(stream, window, payloadBytes, warmup, duration, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await server.ConfigureAwait(false);
        }
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
            while (FrameCodec.TryRead(ref buffer, int.MaxValue, out var frame, out _) == FrameReadStatus.Complete)
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

    private static async Task EchoAsync(Socket listener, TlsContext? tls, CancellationToken cancellationToken)
    {
        try
        {
            using var socket = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            socket.NoDelay = true;
            await using var stream = await OpenAsync(socket, tls, server: true, cancellationToken).ConfigureAwait(false);
            var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
            var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024, leaveOpen: true));
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (FrameCodec.TryRead(ref buffer, int.MaxValue, out var frame, out _) == FrameReadStatus.Complete)
                {
                    var span = writer.GetSpan(FrameCodec.PrefixSize + (int)frame.Length);
                    BinaryPrimitives.WriteUInt32BigEndian(span, (uint)frame.Length);
                    frame.CopyTo(span[FrameCodec.PrefixSize..]);
                    writer.Advance(FrameCodec.PrefixSize + (int)frame.Length);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }

                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The client finished and went away.
        }
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
        FrameCodec.Write(writer, payload);
    }

    private static long ReadTimestamp(ReadOnlySequence<byte> frame)
    {
        Span<byte> stamp = stackalloc byte[8];
        frame.Slice(0, 8).CopyTo(stamp);
        return BinaryPrimitives.ReadInt64LittleEndian(stamp);
    }
}
