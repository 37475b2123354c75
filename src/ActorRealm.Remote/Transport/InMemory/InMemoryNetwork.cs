using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorRealm.Remote.Transport.InMemory;

/// <summary>
/// A network inside one process for fast multi-node tests. Every delivery and connection event runs
/// through <c>executor</c> after the link latency measured on the injected clock, so with the actor
/// runtime's deterministic executor and virtual time a whole cluster runs reproducibly on one thread.
/// Frames are serialized and parsed exactly as on TCP, with the same size limits.
/// </summary>
public sealed class InMemoryNetwork
{
    private readonly Dictionary<NodeEndpoint, (InMemoryTransport Transport, ITransportListener Listener)> _listeners = [];
    private readonly Lock _lock = new();
    private int _nextPort = 20000;
    private int _nextClient;

    /// <summary>Creates a network.</summary>
    /// <param name="time">The clock for latency (virtual time in simulations); the system clock by default.</param>
    /// <param name="executor">Runs each event; the thread pool by default, the deterministic executor's <c>Post</c> in simulations.</param>
    /// <param name="latency">One-way delay of every frame and connection event.</param>
    public InMemoryNetwork(TimeProvider? time = null, Action<Action>? executor = null, TimeSpan latency = default)
    {
        Time = time ?? TimeProvider.System;
        Executor = executor ?? (static action => ThreadPool.UnsafeQueueUserWorkItem(static a => a(), action, preferLocal: false));
        Latency = latency;
    }

    /// <summary>The clock latency is measured on.</summary>
    public TimeProvider Time { get; }

    /// <summary>Runs every event.</summary>
    public Action<Action> Executor { get; }

    /// <summary>One-way delay of every frame and connection event.</summary>
    public TimeSpan Latency { get; }

    /// <summary>Creates a transport attached to this network.</summary>
    public InMemoryTransport CreateTransport(TransportSettings? settings = null, ILoggerFactory? loggerFactory = null) =>
        new(this, settings ?? new TransportSettings(), (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<InMemoryTransport>());

    /// <summary>Runs <paramref name="action"/> on the executor after <paramref name="delay"/> on the network's clock.</summary>
    internal void Schedule(TimeSpan delay, Action action)
    {
        if (delay <= TimeSpan.Zero)
        {
            Executor(action);
            return;
        }

        ITimer? timer = null;
        timer = Time.CreateTimer(
            _ =>
            {
                timer!.Dispose();
                Executor(action);
            },
            null,
            delay,
            Timeout.InfiniteTimeSpan);
    }

    internal NodeEndpoint Register(NodeEndpoint bind, InMemoryTransport transport, ITransportListener listener)
    {
        lock (_lock)
        {
            var endpoint = bind.Port == 0 ? new NodeEndpoint(bind.Host, NextFreePort(bind.Host)) : bind;
            if (!_listeners.TryAdd(endpoint, (transport, listener)))
            {
                throw new InvalidOperationException($"In-memory endpoint {endpoint} is already in use.");
            }

            return endpoint;
        }
    }

    internal void Unregister(InMemoryTransport transport)
    {
        lock (_lock)
        {
            foreach (var endpoint in _listeners.Where(l => l.Value.Transport == transport).Select(l => l.Key).ToList())
            {
                _listeners.Remove(endpoint);
            }
        }
    }

    internal (InMemoryTransport Transport, ITransportListener Listener)? Find(NodeEndpoint endpoint)
    {
        lock (_lock)
        {
            return _listeners.TryGetValue(endpoint, out var found) ? found : null;
        }
    }

    internal string NextClientName() => $"inmem-client-{Interlocked.Increment(ref _nextClient)}";

    private int NextFreePort(string host)
    {
        while (_listeners.ContainsKey(new NodeEndpoint(host, _nextPort)))
        {
            _nextPort++;
        }

        return _nextPort++;
    }
}
