using Microsoft.Extensions.Logging;

namespace ActorRealm.Remote.Transport.InMemory;

/// <summary>A transport on an <see cref="InMemoryNetwork"/>.</summary>
public sealed class InMemoryTransport : ITransport
{
    private readonly InMemoryNetwork _network;
    private readonly List<InMemoryConnection> _connections = [];
    private bool _disposed;

    internal InMemoryTransport(InMemoryNetwork network, TransportSettings settings, ILogger logger)
    {
        _network = network;
        Settings = settings;
        Logger = logger;
    }

    internal TransportSettings Settings { get; }

    internal ILogger Logger { get; }

    internal InMemoryNetwork Network => _network;

    /// <inheritdoc/>
    public Task<NodeEndpoint> ListenAsync(NodeEndpoint bind, ITransportListener listener, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Task.FromResult(_network.Register(bind, this, listener));
    }

    /// <inheritdoc/>
    public void Connect(NodeEndpoint remote, IConnectionHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _network.Schedule(_network.Latency, () => Establish(remote, handler));
    }

    /// <summary>Stops listening and closes every connection.</summary>
    public ValueTask DisposeAsync()
    {
        _network.Unregister(this);
        List<InMemoryConnection> open;
        lock (_connections)
        {
            _disposed = true;
            open = [.. _connections];
        }

        foreach (var connection in open)
        {
            connection.Close(new CloseReason(CloseKind.Local, "transport stopped"));
        }

        return ValueTask.CompletedTask;
    }

    internal void Forget(InMemoryConnection connection)
    {
        lock (_connections)
        {
            _connections.Remove(connection);
        }
    }

    private void Establish(NodeEndpoint remote, IConnectionHandler handler)
    {
        var target = _network.Find(remote);
        if (_disposed || target is null)
        {
            handler.OnConnectFailed(remote, new TransportRefusedException($"in-memory endpoint {remote} refused the connection (nothing listens there)"));
            return;
        }

        var (peerTransport, listener) = target.Value;
        var client = new InMemoryConnection(this, inbound: false, remote.ToString());
        var server = new InMemoryConnection(peerTransport, inbound: true, _network.NextClientName());
        client.Pair(server);
        Track(client);
        peerTransport.Track(server);
        client.Open(handler);
        server.Accept(listener);
    }

    private void Track(InMemoryConnection connection)
    {
        lock (_connections)
        {
            _connections.Add(connection);
        }
    }
}
