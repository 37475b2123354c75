using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace ActorRealm.Remote.Transport;

/// <summary>
/// A framed connection over a socket stream (plain or TLS) read and written through System.IO.Pipelines.
/// One loop reads and parses frames and calls the handler; sends go to a bounded queue that a writer
/// drains, writing as many frames as are queued before each flush (see the Writer part). Every handler callback after
/// <see cref="IConnectionHandler.OnConnected"/> runs on the read loop, so callbacks never overlap.
/// </summary>
internal sealed partial class TcpConnection : ITransportConnection
{
    private const int FlushThreshold = 64 * 1024;
    private const long NoPartialFrame = -1;

    private readonly Socket _socket;
    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly TransportSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<TcpConnection> _onFinished;
    private readonly PathCompression.Inbound _paths = new();
    private readonly PathCompression.Outbound _outboundPaths = new();
    private IConnectionHandler? _handler;
    private ITimer? _watchdog;
    private volatile int _maxFrameSize = FrameCodec.HandshakeFrameLimit;
    private long _partialSince = NoPartialFrame;
    private long _framesRead;
    private int _closed;
    private CloseReason? _closeReason;

    public TcpConnection(Socket socket, Stream stream, bool inbound, TransportSettings settings, TimeProvider time, ILogger logger, Action<TcpConnection> onFinished)
    {
        _socket = socket;
        _stream = stream;
        IsInbound = inbound;
        _settings = settings;
        _time = time;
        _logger = logger;
        _onFinished = onFinished;
        RemoteDescription = socket.RemoteEndPoint?.ToString() ?? "?";
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        _writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 64 * 1024, leaveOpen: true));
    }

    public string RemoteDescription { get; }

    public bool IsInbound { get; }

    /// <summary>Completes when the connection has closed and the handler has been told.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Tells the handler the connection is open, then starts reading and writing.</summary>
    public void Start(IConnectionHandler handler)
    {
        _handler = handler;
        handler.OnConnected(this);
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond * 10, _settings.FrameCompletionTimeout.Ticks / 4));
        _watchdog = _time.CreateTimer(static state => ((TcpConnection)state!).CheckFrameDeadline(), this, period, period);
        Completion = ReadLoopAsync();
    }

    public void SetMaximumFrameSize(int bytes) => _maxFrameSize = bytes;

    public void Close(CloseReason reason)
    {
        if (Interlocked.CompareExchange(ref _closed, 1, 0) != 0)
        {
            return;
        }

        // Closing on purpose after a last frame (a refusal's notice): a peer that reads it and hangs up
        // first does not turn the refusal into a plain "closed by peer" in the log.
        if (reason.Kind == CloseKind.Lost && Volatile.Read(ref _drainReason) is { } intended)
        {
            reason = intended;
        }

        _closeReason = reason;
        LogClosed(reason);
        _sendClosed = true;
        _reader.CancelPendingRead();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already reset by the peer or disposed; closing below is all that is left to do.
        }

        _socket.Dispose();
    }

    private void LogClosed(CloseReason reason) => ConnectionLog.Closed(_logger, IsInbound, RemoteDescription, reason);

    private void CheckFrameDeadline()
    {
        var since = Interlocked.Read(ref _partialSince);
        if (since != NoPartialFrame && _time.GetElapsedTime(since) > _settings.FrameCompletionTimeout)
        {
            Close(new CloseReason(CloseKind.Timeout, $"a frame was not completed within {_settings.FrameCompletionTimeout.TotalSeconds:0.###}s (slow or stalled sender)"));
        }
    }
}
