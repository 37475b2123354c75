using ActorRealm.Actors;
using ActorRealm.Remote.Transport;
using ActorRealm.Remote.Wire;

namespace ActorRealm.Remote;

/// <summary>
/// This node's ordered outbound stream to one peer address. Frames go out in the order given, on one
/// connection at a time. While no connection is established they wait in a bounded queue; when the queue
/// is full new frames are dropped (never blocking the caller). A lost connection is replaced with
/// exponential back-off and jitter, and its unwritten frames are sent first on the next one. When the
/// peer turns out to be a new incarnation, queued death-watch frames (meant for the previous one) are
/// dropped; messages, addressed by actor path, go to the new incarnation.
/// </summary>
public sealed partial class Association
{
    /// <summary>How long a refusing node waits for a quarantine notice to be written before closing.</summary>
    internal static readonly TimeSpan NoticeTimeout = TimeSpan.FromSeconds(1);

    private readonly Remoting _owner;
    private readonly Lock _lock = new();
    private readonly Queue<Frame> _pending = new();
    private volatile ITransportConnection? _established;
    private ITransportConnection? _connection;
    private ITimer? _handshakeTimer;
    private ITimer? _reconnectTimer;
    private int _generation;
    private bool _connecting;
    private int _attempt;
    private ulong _remoteUid;
    private long _lastHeard;
    private ulong _heartbeatSequence;
    private bool _unreachableReported;
    private bool _stopped;
    private bool _idle;
    private long _dropped;
    private long _lastDropLog;

    internal Association(Remoting owner, Address address)
    {
        _owner = owner;
        Address = address;
        _lastHeard = owner.Time.GetTimestamp();
    }

    /// <summary>The peer address.</summary>
    public Address Address { get; }

    /// <summary>True while a connection is established and handshaken.</summary>
    public bool IsEstablished => _established is not null;

    /// <summary>The peer incarnation of the last successful handshake, or null before the first.</summary>
    public PeerIncarnation? Peer
    {
        get
        {
            lock (_lock)
            {
                return _remoteUid == 0 ? null : new PeerIncarnation(Address, _remoteUid);
            }
        }
    }

    /// <summary>Frames waiting for a connection.</summary>
    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Frames dropped because the send queue was full, since start.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>Queues <paramref name="frame"/> for the peer without blocking.</summary>
    public SendStatus Send(Frame frame)
    {
        var connection = _established;
        if (connection is not null)
        {
            var status = connection.TrySend(frame);
            if (status != SendStatus.Closed)
            {
                return status == SendStatus.Accepted ? status : Overflow();
            }
        }

        lock (_lock)
        {
            if (_stopped)
            {
                return SendStatus.Closed;
            }

            if (_established is { } current)
            {
                var status = current.TrySend(frame);
                if (status != SendStatus.Closed)
                {
                    return status == SendStatus.Accepted ? status : Overflow();
                }
            }

            if (_pending.Count >= _owner.Settings.Transport.SendQueueSize)
            {
                return Overflow();
            }

            _pending.Enqueue(frame);
            _idle = false;
            ConnectIfIdle();
            return SendStatus.Accepted;
        }
    }

    /// <summary>Opens the connection if none is open or being opened (used to start heartbeating).</summary>
    internal void EnsureConnected()
    {
        lock (_lock)
        {
            _idle = false;
            ConnectIfIdle();
        }
    }

    /// <summary>Heartbeat tick: probes the connection, replaces it when silent, reports long silence.</summary>
    internal PeerIncarnation? Tick(long now)
    {
        var settings = _owner.Settings;
        lock (_lock)
        {
            var silence = _owner.Time.GetElapsedTime(_lastHeard, now);
            if (_established is { } connection)
            {
                if (silence > settings.HeartbeatTimeout)
                {
                    connection.Close(new CloseReason(CloseKind.Timeout, $"no heartbeat response for {silence.TotalSeconds:0.#}s"));
                }
                else
                {
                    connection.TrySend(new Frame { Heartbeat = new Heartbeat { Sequence = ++_heartbeatSequence } });
                }
            }

            if (_remoteUid != 0 && !_unreachableReported && !_stopped && silence > settings.AddressTerminatedAfter)
            {
                _unreachableReported = true;
                return new PeerIncarnation(Address, _remoteUid);
            }

            return null;
        }
    }

    /// <summary>The peer incarnation was quarantined: drop what was queued for it and start afresh.</summary>
    internal IReadOnlyList<Frame> OnQuarantined(ulong uid)
    {
        lock (_lock)
        {
            if (_remoteUid != uid)
            {
                return [];
            }

            _remoteUid = 0;
            _unreachableReported = false;
            _idle = true;
            _connection?.Close(new CloseReason(CloseKind.Local, $"incarnation {uid} quarantined"));
            return DrainPending();
        }
    }

    /// <summary>
    /// This node started a new incarnation: the connection (handshaken with the old uid) closes, queued
    /// frames are returned, and a stop caused by the peer's quarantine is lifted; the next frame
    /// reconnects with the new uid.
    /// </summary>
    internal IReadOnlyList<Frame> OnOwnIncarnationRenewed()
    {
        lock (_lock)
        {
            _stopped = false;
            _idle = true;
            _attempt = 0;
            _reconnectTimer?.Dispose();
            _reconnectTimer = null;
            _connection?.Close(new CloseReason(CloseKind.Local, "this node started a new incarnation"));
            return DrainPending();
        }
    }

    /// <summary>The peer quarantined this node: stop for good, as this incarnation will never be accepted again.</summary>
    internal IReadOnlyList<Frame> OnQuarantinedByPeer() => Stop().Pending;

    /// <summary>Stops for good: no more connections, queued frames returned.</summary>
    internal (ITransportConnection? Connection, IReadOnlyList<Frame> Pending) Stop()
    {
        lock (_lock)
        {
            _stopped = true;
            _reconnectTimer?.Dispose();
            _reconnectTimer = null;
            _handshakeTimer?.Dispose();
            return (_connection, DrainPending());
        }
    }

    private SendStatus Overflow()
    {
        var dropped = Interlocked.Increment(ref _dropped);
        var now = _owner.Time.GetTimestamp();
        var last = Interlocked.Read(ref _lastDropLog);
        if ((last == 0 || _owner.Time.GetElapsedTime(last, now) > TimeSpan.FromSeconds(5)) && Interlocked.CompareExchange(ref _lastDropLog, now, last) == last)
        {
            RemotingLog.SendQueueFull(_owner.Logger, Address, _owner.Settings.Transport.SendQueueSize, dropped);
        }

        return SendStatus.QueueFull;
    }

    private List<Frame> DrainPending()
    {
        var frames = new List<Frame>(_pending);
        _pending.Clear();
        return frames;
    }

    private void ConnectIfIdle()
    {
        if (_stopped || _idle || _connecting || _connection is not null || _reconnectTimer is not null)
        {
            return;
        }

        _connecting = true;
        var generation = ++_generation;
        _owner.Transport.Connect(Address.ToEndpoint(), new OutboundHandler(this, generation));
    }

    private void ScheduleReconnect()
    {
        if (_stopped || (_idle && _pending.Count == 0) || _reconnectTimer is not null)
        {
            return;
        }

        var delay = _owner.BackoffDelay(_attempt++);
        RemotingLog.Reconnecting(_owner.Logger, Address, delay.TotalMilliseconds, _attempt);
        _reconnectTimer = _owner.Time.CreateTimer(static state => ((Association)state!).OnReconnectDue(), this, delay, Timeout.InfiniteTimeSpan);
    }

    private void OnReconnectDue()
    {
        lock (_lock)
        {
            _reconnectTimer?.Dispose();
            _reconnectTimer = null;
            ConnectIfIdle();
        }
    }
}
