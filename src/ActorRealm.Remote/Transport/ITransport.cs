namespace ActorRealm.Remote.Transport;

/// <summary>
/// Moves whole frames between nodes: TCP (optionally TLS), in-memory, or a fault-injecting wrapper
/// around either. Callbacks on <see cref="IConnectionHandler"/> for one connection never overlap.
/// </summary>
public interface ITransport : IAsyncDisposable
{
    /// <summary>Starts accepting connections on <paramref name="bind"/> and returns the endpoint actually bound (port 0 picks one).</summary>
    Task<NodeEndpoint> ListenAsync(NodeEndpoint bind, ITransportListener listener, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a connection to <paramref name="remote"/> without blocking; the outcome arrives as
    /// <see cref="IConnectionHandler.OnConnected"/> or <see cref="IConnectionHandler.OnConnectFailed"/>.
    /// </summary>
    void Connect(NodeEndpoint remote, IConnectionHandler handler);
}

/// <summary>Receives the connections a transport accepts.</summary>
public interface ITransportListener
{
    /// <summary>Returns the handler for a newly accepted connection; no frame is read before this returns.</summary>
    IConnectionHandler OnAccepted(ITransportConnection connection);
}
