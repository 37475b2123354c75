using System.Buffers;
using ActorRealm.Remote.Wire;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Remote.Transport;

/// <summary>The read and write loops of <see cref="TcpConnection"/>.</summary>
internal sealed partial class TcpConnection
{
    private async Task ReadLoopAsync()
    {
        try
        {
            while (Volatile.Read(ref _closed) == 0)
            {
                var result = await _reader.ReadAsync().ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    break;
                }

                var buffer = result.Buffer;
                var framesBefore = _framesRead;
                var violation = ReadFrames(ref buffer);
                var pending = buffer.Length;
                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (violation is not null)
                {
                    Close(violation);
                    break;
                }

                TrackPartialFrame(pending, _framesRead != framesBefore);
                if (result.IsCompleted)
                {
                    Close(pending == 0
                        ? new CloseReason(CloseKind.Lost, "closed by peer")
                        : new CloseReason(CloseKind.ProtocolViolation, $"truncated frame: the peer closed with {pending} bytes of an incomplete frame"));
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            Close(new CloseReason(CloseKind.Lost, e.Message));
        }
        finally
        {
            await FinishAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Starts the frame-completion clock when an incomplete frame begins waiting; stops it when none waits.</summary>
    private void TrackPartialFrame(long pendingBytes, bool completedAFrame)
    {
        if (pendingBytes == 0)
        {
            Interlocked.Exchange(ref _partialSince, NoPartialFrame);
        }
        else if (completedAFrame || Interlocked.Read(ref _partialSince) == NoPartialFrame)
        {
            Interlocked.Exchange(ref _partialSince, _time.GetTimestamp());
        }
    }

    /// <summary>Parses and dispatches every whole frame in <paramref name="buffer"/>; returns why to close, or null.</summary>
    private CloseReason? ReadFrames(ref ReadOnlySequence<byte> buffer)
    {
        // Once draining (a refusal or a shutdown) nothing more from the peer is parsed.
        while (Volatile.Read(ref _closed) == 0 && !_draining)
        {
            var limit = _maxFrameSize;
            var start = buffer;
            switch (FrameCodec.TryRead(ref buffer, limit, out var payload, out var declared))
            {
                case FrameReadStatus.Incomplete:
                    return null;
                case FrameReadStatus.Empty:
                    return Violation(start, "a zero-length frame");
                case FrameReadStatus.TooLarge:
                    return Violation(start, $"a frame of {declared} bytes exceeds the limit of {limit} bytes{(limit == FrameCodec.HandshakeFrameLimit ? " before the handshake" : string.Empty)}");
                default:
                    var frame = WireFrames.TryParse(payload, out var error);
                    if (frame is null)
                    {
                        return Violation(start, error!);
                    }

                    _framesRead++;
                    if (_paths.Expand(frame) is { } invalid)
                    {
                        return Violation(start, invalid);
                    }

                    var failure = Dispatch(frame);
                    if (failure is not null)
                    {
                        return failure;
                    }

                    break;
            }
        }

        return null;
    }

    private CloseReason? Dispatch(Frame frame)
    {
        try
        {
            _handler!.OnFrame(this, frame);
            return null;
        }
#pragma warning disable CA1031 // A defect in a handler must close this one connection, never crash the node.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new CloseReason(CloseKind.InternalError, $"handling a {frame.BodyCase} frame failed: {e}");
        }
    }

    private CloseReason Violation(ReadOnlySequence<byte> at, string what)
    {
        var foreign = _framesRead == 0 ? FrameCodec.RecogniseForeignProtocol(at) : null;
        return new CloseReason(CloseKind.ProtocolViolation, foreign is null ? $"received {what}" : $"received {foreign}");
    }

    private void WriteFrame(Frame frame)
    {
        _outboundPaths.Compress(frame);
        var size = frame.CalculateSize();
        if (size > _settings.MaximumFrameSize)
        {
            ConnectionLog.OversizedFrameDropped(_logger, frame.BodyCase, size, RemoteDescription, _settings.MaximumFrameSize);
            return;
        }

        FrameCodec.Write(_writer, frame, size);
    }

    private async Task FinishAsync()
    {
        await RetireWriterAsync().ConfigureAwait(false);
        _watchdog?.Dispose();
        await CompleteQuietlyAsync().ConfigureAwait(false);
        var unsent = new List<Frame>();
        while (_queue.TryDequeue(out var frame))
        {
            unsent.Add(frame);
        }

        try
        {
            _handler?.OnClosed(this, _closeReason ?? new CloseReason(CloseKind.Lost, "closed"), unsent);
        }
#pragma warning disable CA1031 // The connection is gone either way; a handler defect is logged, not rethrown onto a pool thread.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogHandlerFailed(_logger, e, RemoteDescription);
        }
        finally
        {
            _onFinished(this);
        }
    }

    private async Task CompleteQuietlyAsync()
    {
        try
        {
            await _reader.CompleteAsync().ConfigureAwait(false);
            await _writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            // Buffered bytes could not be flushed to a closed socket: nothing to do.
        }

        await _stream.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The close handler of the connection with {Remote} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string remote);
}
