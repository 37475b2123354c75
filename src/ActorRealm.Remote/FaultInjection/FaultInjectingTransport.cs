using ActorRealm.Remote.Transport;
using ActorRealm.Remote.Wire;

namespace ActorRealm.Remote.FaultInjection;

/// <summary>
/// Applies a <see cref="FaultInjector"/>'s faults to the connections a node opens. Each link is shaped at
/// the end that opened it, both ways: frames this node sends are shaped by the faults from this node to
/// the peer, frames it receives by those from the peer to this node. Every node's messages to a peer
/// travel on the connection it opened, so wrapping every node covers all traffic.
/// </summary>
internal sealed class FaultInjectingTransport(ITransport inner, FaultInjector injector, NodeEndpoint local) : ITransport
{
    private NodeEndpoint _local = local;

    public async Task<NodeEndpoint> ListenAsync(NodeEndpoint bind, ITransportListener listener, CancellationToken cancellationToken)
    {
        var bound = await inner.ListenAsync(bind, listener, cancellationToken).ConfigureAwait(false);
        _local = bound;
        return bound;
    }

    public void Connect(NodeEndpoint remote, IConnectionHandler handler) =>
        inner.Connect(remote, new ShapedConnection(injector, _local, remote, handler));

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    /// <summary>Both the connection seen by the node and the handler seen by the inner transport.</summary>
    private sealed class ShapedConnection : ITransportConnection, IConnectionHandler, IDisposable
    {
        private readonly FaultInjector _injector;
        private readonly NodeEndpoint _local;
        private readonly NodeEndpoint _remote;
        private readonly IConnectionHandler _handler;
        private readonly TimedFifo<Frame> _outgoing;
        private readonly TimedFifo<Action> _incoming;
        private ITransportConnection? _inner;

        public ShapedConnection(FaultInjector injector, NodeEndpoint local, NodeEndpoint remote, IConnectionHandler handler)
        {
            _injector = injector;
            _local = local;
            _remote = remote;
            _handler = handler;
            _outgoing = new TimedFifo<Frame>(injector.Time, injector.Executor, frame => _inner?.TrySend(frame));
            _incoming = new TimedFifo<Action>(injector.Time, injector.Executor, static action => action());
        }

        public string RemoteDescription => _inner?.RemoteDescription ?? _remote.ToString();

        public bool IsInbound => false;

        public SendStatus TrySend(Frame frame)
        {
            var faults = _injector.FaultsOn(_local, _remote);
            if (!_injector.Loses(faults))
            {
                _outgoing.Enqueue(frame, faults.Delay, Occupancy(frame, faults));
            }

            return SendStatus.Accepted;
        }

        public void SetMaximumFrameSize(int bytes) => _inner?.SetMaximumFrameSize(bytes);

        public void Close(CloseReason reason) => _inner?.Close(reason);

        public Task DrainAndCloseAsync(TimeSpan timeout, CloseReason reason) =>
            _inner?.DrainAndCloseAsync(timeout, reason) ?? Task.CompletedTask;

        public void Dispose()
        {
            _outgoing.Dispose();
            _incoming.Dispose();
        }

        void IConnectionHandler.OnConnected(ITransportConnection connection)
        {
            _inner = connection;
            _handler.OnConnected(this);
        }

        void IConnectionHandler.OnConnectFailed(NodeEndpoint remote, Exception failure) => _handler.OnConnectFailed(remote, failure);

        void IConnectionHandler.OnFrame(ITransportConnection connection, Frame frame)
        {
            var faults = _injector.FaultsOn(_remote, _local);
            if (!_injector.Loses(faults))
            {
                _incoming.Enqueue(() => _handler.OnFrame(this, frame), faults.Delay, Occupancy(frame, faults));
            }
        }

        void IConnectionHandler.OnClosed(ITransportConnection connection, CloseReason reason, IReadOnlyList<Frame> unsent)
        {
            // Behind any frames still delayed, as a FIN would be.
            _incoming.Enqueue(
                () =>
                {
                    _handler.OnClosed(this, reason, unsent);
                    Dispose();
                },
                _injector.FaultsOn(_remote, _local).Delay);
        }

        private static TimeSpan Occupancy(Frame frame, LinkFaults faults) =>
            faults.BytesPerSecond <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)(frame.CalculateSize() + FrameCodec.PrefixSize) / faults.BytesPerSecond);
    }
}
