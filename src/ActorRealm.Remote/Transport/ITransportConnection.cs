using ActorRealm.Remote.Wire;

namespace ActorRealm.Remote.Transport;

/// <summary>The result of offering a frame to a connection.</summary>
public enum SendStatus
{
    /// <summary>Queued for writing.</summary>
    Accepted,

    /// <summary>The bounded send queue is full; the frame was not taken.</summary>
    QueueFull,

    /// <summary>The connection is closed; the frame was not taken.</summary>
    Closed,
}

/// <summary>Why a connection closed; decides the level of its single log line.</summary>
public enum CloseKind
{
    /// <summary>Closed by this node (shutdown, replaced, quarantined).</summary>
    Local,

    /// <summary>The peer closed it or the network failed.</summary>
    Lost,

    /// <summary>The peer broke the protocol (bad framing, garbage, unexpected frame); logged as a warning.</summary>
    ProtocolViolation,

    /// <summary>The peer failed authentication (join secret, realm, address); logged as a warning.</summary>
    Rejected,

    /// <summary>A deadline passed (handshake, frame completion, heartbeat); logged as a warning.</summary>
    Timeout,

    /// <summary>This node failed while handling a frame (a defect); logged as an error.</summary>
    InternalError,
}

/// <summary>Why a connection closed.</summary>
/// <param name="Kind">The category.</param>
/// <param name="Message">A short human-readable reason for the log line.</param>
public sealed record CloseReason(CloseKind Kind, string Message);

/// <summary>One framed, ordered, duplex connection between two nodes.</summary>
public interface ITransportConnection
{
    /// <summary>The remote end for log lines (an IP endpoint or an in-memory name).</summary>
    string RemoteDescription { get; }

    /// <summary>True for a connection this node accepted; false for one it opened.</summary>
    bool IsInbound { get; }

    /// <summary>Queues a frame without blocking.</summary>
    SendStatus TrySend(Frame frame);

    /// <summary>Raises the frame size limit once the peer is authenticated (until then it is <see cref="FrameCodec.HandshakeFrameLimit"/>).</summary>
    void SetMaximumFrameSize(int bytes);

    /// <summary>Closes the connection at once, logging one line; later calls do nothing.</summary>
    void Close(CloseReason reason);

    /// <summary>Stops taking frames, writes those already queued (waiting at most <paramref name="timeout"/>), then closes.</summary>
    Task DrainAndCloseAsync(TimeSpan timeout, CloseReason reason);
}

/// <summary>Receives a connection's events; calls for one connection never overlap.</summary>
public interface IConnectionHandler
{
    /// <summary>The connection is open (outbound: connected and, with TLS, authenticated; inbound: accepted).</summary>
    void OnConnected(ITransportConnection connection);

    /// <summary>An outbound connection could not be opened.</summary>
    void OnConnectFailed(NodeEndpoint remote, Exception failure);

    /// <summary>One frame arrived. Throwing closes the connection.</summary>
    void OnFrame(ITransportConnection connection, Frame frame);

    /// <summary>The connection closed; <paramref name="unsent"/> holds queued frames never written, in order.</summary>
    void OnClosed(ITransportConnection connection, CloseReason reason, IReadOnlyList<Frame> unsent);
}
