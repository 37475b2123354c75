using ActorRealm.Remote.Transport;
using ActorRealm.Remote.Wire;

namespace ActorRealm.Remote;

/// <summary>
/// A connection a peer opened to this node. Its first frame must be a valid handshake (checked before any
/// other frame is parsed, with frames limited to a few kilobytes until then); after that it carries the
/// peer's messages to this node, and this node answers only the acknowledgement and heartbeats on it.
/// </summary>
internal sealed class InboundConnection(Remoting owner, ITransportConnection connection, long sequence) : IConnectionHandler
{
    /// <summary>Accept order, for a stable iteration order.</summary>
    public long Sequence => sequence;

    private ITimer? _handshakeTimer;
    private long _lastFrame = owner.Time.GetTimestamp();
    private Authenticated? _peer;

    /// <summary>The authenticated peer, or null before the handshake.</summary>
    public PeerIncarnation? Peer => Volatile.Read(ref _peer)?.Peer;

    /// <summary>Closes the connection locally (this node started a new incarnation).</summary>
    public void Close(string reason) => connection.Close(new CloseReason(CloseKind.Local, reason));

    public void OnConnected(ITransportConnection connection) =>
        _handshakeTimer = owner.Time.CreateTimer(
            static state => ((InboundConnection)state!).OnHandshakeDeadline(), this, owner.Settings.Transport.HandshakeTimeout, Timeout.InfiniteTimeSpan);

    public void OnConnectFailed(NodeEndpoint remote, Exception failure)
    {
        // Inbound connections are already connected.
    }

    public void OnFrame(ITransportConnection connection, Frame frame)
    {
        Interlocked.Exchange(ref _lastFrame, owner.Time.GetTimestamp());
        var peer = Peer;
        if (peer is null)
        {
            OnHandshake(frame);
            return;
        }

        switch (frame.BodyCase)
        {
            case Frame.BodyOneofCase.Envelope or Frame.BodyOneofCase.Watch or Frame.BodyOneofCase.Unwatch or Frame.BodyOneofCase.DeathWatchNotification:
                owner.Handler.OnFrame(peer.Value, frame);
                break;
            case Frame.BodyOneofCase.Heartbeat:
                connection.TrySend(new Frame { HeartbeatRsp = new HeartbeatRsp { Sequence = frame.Heartbeat.Sequence, Uid = owner.Uid } });
                break;
            case Frame.BodyOneofCase.Quarantined:
                owner.OnQuarantinedNotice(peer.Value.Address, frame.Quarantined, connection);
                break;
            default:
                connection.Close(new CloseReason(CloseKind.ProtocolViolation, $"received an unexpected {frame.BodyCase} frame on an inbound connection"));
                break;
        }
    }

    public void OnClosed(ITransportConnection connection, CloseReason reason, IReadOnlyList<Frame> unsent)
    {
        _handshakeTimer?.Dispose();
        owner.Forget(this);
    }

    /// <summary>Closes the connection when nothing (not even a heartbeat) arrived within heartbeat-timeout.</summary>
    public void CheckIdle(long now)
    {
        var silence = owner.Time.GetElapsedTime(Interlocked.Read(ref _lastFrame), now);
        if (Peer is not null && silence > owner.Settings.HeartbeatTimeout)
        {
            connection.Close(new CloseReason(CloseKind.Timeout, $"nothing received for {silence.TotalSeconds:0.#}s"));
        }
    }

    /// <summary>Tells the peer it is quarantined and closes.</summary>
    public void RefuseQuarantined()
    {
        if (Peer is { } peer)
        {
            connection.TrySend(owner.QuarantinedNotice(peer));
            _ = connection.DrainAndCloseAsync(Association.NoticeTimeout, new CloseReason(CloseKind.Local, $"incarnation {peer.Uid} quarantined"));
        }
    }

    private void OnHandshake(Frame frame)
    {
        if (frame.BodyCase != Frame.BodyOneofCase.Handshake)
        {
            connection.Close(new CloseReason(CloseKind.ProtocolViolation, $"the first frame was {frame.BodyCase}, not a handshake"));
            return;
        }

        var peer = owner.ValidateHandshake(frame.Handshake, acknowledgement: false, expectedFrom: null, out var error);
        if (peer is null)
        {
            connection.Close(new CloseReason(CloseKind.Rejected, $"handshake refused: {error}"));
            return;
        }

        if (owner.IsQuarantined(peer.Value))
        {
            connection.TrySend(owner.QuarantinedNotice(peer.Value));
            _ = connection.DrainAndCloseAsync(Association.NoticeTimeout, new CloseReason(CloseKind.Rejected, $"handshake refused: incarnation {peer.Value.Uid} of {peer.Value.Address} is quarantined"));
            return;
        }

        _handshakeTimer?.Dispose();
        Volatile.Write(ref _peer, new Authenticated(peer.Value));

        connection.SetMaximumFrameSize(owner.Settings.Transport.MaximumFrameSize);
        connection.TrySend(new Frame { HandshakeAck = owner.CreateHandshake(peer.Value.Address, acknowledgement: true) });
        owner.OnIncarnationSeen(peer.Value);
    }

    private void OnHandshakeDeadline()
    {
        if (Peer is null)
        {
            connection.Close(new CloseReason(CloseKind.Timeout, $"no handshake within {owner.Settings.Transport.HandshakeTimeout.TotalSeconds:0.###}s"));
        }
    }

    /// <summary>The authenticated peer as one reference, so the read path needs no lock.</summary>
    private sealed record Authenticated(PeerIncarnation Peer);
}
