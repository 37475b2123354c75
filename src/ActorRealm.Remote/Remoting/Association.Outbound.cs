using ActorRealm.Remote.Transport;
using ActorRealm.Remote.Wire;

namespace ActorRealm.Remote;

/// <summary>The outbound connection life cycle of <see cref="Association"/>: connect, handshake, close.</summary>
public sealed partial class Association
{
    private void OnConnected(int generation, ITransportConnection connection)
    {
        lock (_lock)
        {
            if (generation != _generation || _stopped)
            {
                connection.Close(new CloseReason(CloseKind.Local, "superseded"));
                return;
            }

            _connecting = false;
            _connection = connection;
            connection.TrySend(new Frame { Handshake = _owner.CreateHandshake(Address, acknowledgement: false) });
            _handshakeTimer = _owner.Time.CreateTimer(
                _ => OnHandshakeDeadline(connection), null, _owner.Settings.Transport.HandshakeTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnHandshakeDeadline(ITransportConnection connection)
    {
        lock (_lock)
        {
            if (_connection != connection || _established is not null)
            {
                return;
            }
        }

        connection.Close(new CloseReason(CloseKind.Timeout, $"no handshake acknowledgement within {_owner.Settings.Transport.HandshakeTimeout.TotalSeconds:0.###}s"));
    }

    private void OnConnectFailed(int generation, Exception failure)
    {
        lock (_lock)
        {
            if (generation != _generation)
            {
                return;
            }

            _connecting = false;
            RemotingLog.ConnectFailed(_owner.Logger, Address, failure.Message);
            ScheduleReconnect();
        }
    }

    private void OnFrame(ITransportConnection connection, Frame frame)
    {
        switch (frame.BodyCase)
        {
            case Frame.BodyOneofCase.HandshakeAck:
                OnHandshakeAck(connection, frame.HandshakeAck);
                break;
            case Frame.BodyOneofCase.HeartbeatRsp when _established == connection && frame.HeartbeatRsp.Uid == Peer?.Uid:
                lock (_lock)
                {
                    _lastHeard = _owner.Time.GetTimestamp();
                    _unreachableReported = false;
                }

                break;
            case Frame.BodyOneofCase.Quarantined:
                _owner.OnQuarantinedNotice(Address, frame.Quarantined, connection);
                break;
            default:
                connection.Close(new CloseReason(CloseKind.ProtocolViolation, $"received an unexpected {frame.BodyCase} frame on an outbound connection"));
                break;
        }
    }

    private void OnHandshakeAck(ITransportConnection connection, Handshake ack)
    {
        PeerIncarnation peer;
        PeerIncarnation? previous = null;
        List<Frame>? stale = null;
        lock (_lock)
        {
            if (_connection != connection || _established is not null)
            {
                connection.Close(new CloseReason(CloseKind.ProtocolViolation, "received an unexpected handshake acknowledgement"));
                return;
            }

            var verified = _owner.ValidateHandshake(ack, acknowledgement: true, Address, out var error);
            if (verified is null)
            {
                connection.Close(new CloseReason(CloseKind.Rejected, $"handshake acknowledgement refused: {error}"));
                return;
            }

            peer = verified.Value;
            if (_owner.IsQuarantined(peer))
            {
                connection.TrySend(_owner.QuarantinedNotice(peer));
                _ = connection.DrainAndCloseAsync(NoticeTimeout, new CloseReason(CloseKind.Rejected, $"incarnation {peer.Uid} is quarantined"));
                return;
            }

            _handshakeTimer?.Dispose();
            if (_remoteUid != 0 && _remoteUid != peer.Uid)
            {
                previous = new PeerIncarnation(Address, _remoteUid);
                stale = DropSystemMessages();
            }

            _remoteUid = peer.Uid;
            _attempt = 0;
            _lastHeard = _owner.Time.GetTimestamp();
            _unreachableReported = false;

            // An older incarnation is quarantined (its watchers told) before anything reaches the new one.
            _owner.OnIncarnationSeen(peer);
            connection.SetMaximumFrameSize(_owner.Settings.Transport.MaximumFrameSize);
            while (_pending.TryDequeue(out var frame))
            {
                if (connection.TrySend(frame) != SendStatus.Accepted)
                {
                    Overflow();
                }
            }

            _established = connection;
        }

        RemotingLog.Associated(_owner.Logger, peer.Address, peer.Uid, connection.RemoteDescription);
        if (stale is { Count: > 0 })
        {
            _owner.Handler.OnUndelivered(Address, stale, $"death-watch messages queued for incarnation {previous!.Value.Uid}, which was replaced by {peer.Uid}");
        }
    }

    private void OnClosed(ITransportConnection connection, CloseReason reason, IReadOnlyList<Frame> unsent)
    {
        List<Frame>? lost = null;
        bool wasEstablished;
        lock (_lock)
        {
            if (_connection != connection)
            {
                return;
            }

            wasEstablished = _established is not null;
            _established = null;
            _connection = null;
            _handshakeTimer?.Dispose();
            _handshakeTimer = null;
            var resend = unsent.Where(IsUserTraffic).ToList();
            if (_stopped || (_idle && _remoteUid == 0))
            {
                lost = resend;
            }
            else
            {
                Requeue(resend);
                ScheduleReconnect();
            }
        }

        if (wasEstablished)
        {
            RemotingLog.Disassociated(_owner.Logger, Address, reason.Message);
        }

        if (lost is { Count: > 0 })
        {
            _owner.Handler.OnUndelivered(Address, lost, "the connection closed before they were written");
        }
    }

    /// <summary>Puts frames a closed connection never wrote in front of the queue, as they were sent first.</summary>
    private void Requeue(List<Frame> unsent)
    {
        if (unsent.Count == 0)
        {
            return;
        }

        unsent.AddRange(_pending);
        _pending.Clear();
        foreach (var frame in unsent.Take(_owner.Settings.Transport.SendQueueSize))
        {
            _pending.Enqueue(frame);
        }

        for (var i = _pending.Count; i < unsent.Count; i++)
        {
            Overflow();
        }
    }

    /// <summary>
    /// A new incarnation answered: watch traffic queued for the old one means nothing to it (its watchers
    /// learn of the old one's end through quarantine), so it is dropped; messages stay, addressed by path.
    /// </summary>
    private List<Frame> DropSystemMessages()
    {
        var kept = _pending.Where(f => f.BodyCase == Frame.BodyOneofCase.Envelope).ToList();
        var dropped = _pending.Where(f => f.BodyCase != Frame.BodyOneofCase.Envelope).ToList();
        _pending.Clear();
        kept.ForEach(_pending.Enqueue);
        return dropped;
    }

    private static bool IsUserTraffic(Frame frame) => frame.BodyCase is Frame.BodyOneofCase.Envelope or Frame.BodyOneofCase.Watch
        or Frame.BodyOneofCase.Unwatch or Frame.BodyOneofCase.DeathWatchNotification;

    /// <summary>Routes one outbound connection's events to its association, ignoring those of superseded attempts.</summary>
    private sealed class OutboundHandler(Association association, int generation) : IConnectionHandler
    {
        public void OnConnected(ITransportConnection connection) => association.OnConnected(generation, connection);

        public void OnConnectFailed(NodeEndpoint remote, Exception failure) => association.OnConnectFailed(generation, failure);

        public void OnFrame(ITransportConnection connection, Frame frame) => association.OnFrame(connection, frame);

        public void OnClosed(ITransportConnection connection, CloseReason reason, IReadOnlyList<Frame> unsent) =>
            association.OnClosed(connection, reason, unsent);
    }
}
