using ActorRealm.Remote.Wire;
using Google.Protobuf;

namespace ActorRealm.Remote.Transport.InMemory;

/// <summary>
/// One end of an in-memory connection. All of this end's callbacks (connected, frames, closed) pass
/// through its own inbox in order, so they never overlap and a close arrives after the frames sent
/// before it, as a TCP FIN does.
/// </summary>
internal sealed class InMemoryConnection : ITransportConnection, IDisposable
{
    private readonly InMemoryTransport _owner;
    private readonly TimedFifo<Event> _inbox;
    private readonly PathCompression.Inbound _paths = new();
    private readonly PathCompression.Outbound _outboundPaths = new();
    private readonly Lock _sendLock = new();
    private InMemoryConnection? _peer;
    private IConnectionHandler? _handler;
    private volatile int _maxFrameSize = FrameCodec.HandshakeFrameLimit;
    private int _closed;
    private int _inFlight;
    private CloseReason? _reason;
    private bool _finished;

    public InMemoryConnection(InMemoryTransport owner, bool inbound, string remoteDescription)
    {
        _owner = owner;
        IsInbound = inbound;
        RemoteDescription = remoteDescription;
        _inbox = new TimedFifo<Event>(owner.Network.Time, owner.Network.Executor, Release);
    }

    private enum EventKind
    {
        Connected,
        Accepted,
        Frame,
        PeerClosed,
        Closed,
    }

    public string RemoteDescription { get; }

    public bool IsInbound { get; }

    private InMemoryConnection Peer => _peer!;

    public void Pair(InMemoryConnection peer)
    {
        _peer = peer;
        peer._peer = this;
    }

    public void Open(IConnectionHandler handler) => _inbox.Enqueue(new Event(EventKind.Connected, Handler: handler), TimeSpan.Zero);

    public void Accept(ITransportListener listener) => _inbox.Enqueue(new Event(EventKind.Accepted, Listener: listener), TimeSpan.Zero);

    public SendStatus TrySend(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (Volatile.Read(ref _closed) != 0)
        {
            return SendStatus.Closed;
        }

        if (Interlocked.Increment(ref _inFlight) > _owner.Settings.SendQueueSize)
        {
            Interlocked.Decrement(ref _inFlight);
            return SendStatus.QueueFull;
        }

        // Compressing and queueing together keep references defined before they are used.
        lock (_sendLock)
        {
            _outboundPaths.Compress(frame);
            var bytes = frame.ToByteArray();
            if (bytes.Length > _owner.Settings.MaximumFrameSize)
            {
                Interlocked.Decrement(ref _inFlight);
                ConnectionLog.OversizedFrameDropped(_owner.Logger, frame.BodyCase, bytes.Length, RemoteDescription, _owner.Settings.MaximumFrameSize);
                return SendStatus.Accepted;
            }

            Peer._inbox.Enqueue(new Event(EventKind.Frame, Payload: bytes, Sender: this), _owner.Network.Latency);
            return SendStatus.Accepted;
        }
    }

    public void SetMaximumFrameSize(int bytes) => _maxFrameSize = bytes;

    public void Close(CloseReason reason)
    {
        if (Interlocked.CompareExchange(ref _closed, 1, 0) != 0)
        {
            return;
        }

        _reason = reason;
        ConnectionLog.Closed(_owner.Logger, IsInbound, RemoteDescription, reason);
        _inbox.Enqueue(new Event(EventKind.Closed), TimeSpan.Zero);
        Peer._inbox.Enqueue(new Event(EventKind.PeerClosed), _owner.Network.Latency);
    }

    public Task DrainAndCloseAsync(TimeSpan timeout, CloseReason reason)
    {
        // Frames are on the simulated wire as soon as TrySend returns; there is no queue to drain.
        Close(reason);
        return Task.CompletedTask;
    }

    /// <summary>Closes the connection; its inbox is released once the close has been delivered.</summary>
    public void Dispose() => Close(new CloseReason(CloseKind.Local, "disposed"));

    private void Release(Event e)
    {
        switch (e.Kind)
        {
            case EventKind.Connected:
                _handler = e.Handler;
                _handler!.OnConnected(this);
                break;
            case EventKind.Accepted:
                _handler = e.Listener!.OnAccepted(this);
                _handler.OnConnected(this);
                break;
            case EventKind.Frame:
                Interlocked.Decrement(ref e.Sender!._inFlight);
                Receive(e.Payload!);
                break;
            case EventKind.PeerClosed:
                Close(new CloseReason(CloseKind.Lost, "closed by peer"));
                break;
            default:
                Finish();
                break;
        }
    }

    private void Receive(byte[] payload)
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            return;
        }

        if (payload.Length > _maxFrameSize)
        {
            Close(new CloseReason(CloseKind.ProtocolViolation, $"received a frame of {payload.Length} bytes exceeds the limit of {_maxFrameSize} bytes"));
            return;
        }

        var frame = WireFrames.TryParse(payload, out var error);
        if (frame is not null)
        {
            error = _paths.Expand(frame);
        }

        if (frame is null || error is not null)
        {
            Close(new CloseReason(CloseKind.ProtocolViolation, $"received {error}"));
            return;
        }

        try
        {
            _handler!.OnFrame(this, frame);
        }
#pragma warning disable CA1031 // A defect in a handler must close this one connection, as on TCP.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Close(new CloseReason(CloseKind.InternalError, $"handling a {frame.BodyCase} frame failed: {ex}"));
        }
    }

    private void Finish()
    {
        if (_finished)
        {
            return;
        }

        _finished = true;
        _owner.Forget(this);
        _handler?.OnClosed(this, _reason!, []);
        _inbox.Dispose();
    }

    private sealed record Event(EventKind Kind, byte[]? Payload = null, InMemoryConnection? Sender = null, IConnectionHandler? Handler = null, ITransportListener? Listener = null);
}
