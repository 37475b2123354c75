using ActorRealm.Actors.Deterministic;
using ActorRealm.Remote.Tests.Support;
using ActorRealm.Remote.Transport;
using ActorRealm.Remote.Transport.InMemory;
using ActorRealm.Remote.Wire;

namespace ActorRealm.Remote.Tests;

/// <summary>The in-memory transport on a deterministic executor and virtual clock.</summary>
public sealed class InMemoryTransportTests
{
    private static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(5);

    [Fact]
    public async Task Frames_arrive_in_order_after_the_virtual_latency()
    {
        using var sim = new Simulation(seed: 1);
        var (server, client) = await ConnectAsync(sim, Latency);
        server.Connection!.SetMaximumFrameSize(1024);
        var sentAt = sim.Time.Elapsed;
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(SendStatus.Accepted, client.Connection!.TrySend(Frames.Envelope("x", i)));
        }

        Assert.True(sim.RunUntil(() => server.Frames.Count == 10, TimeSpan.FromSeconds(1)));
        Assert.Equal(sentAt + Latency, sim.Time.Elapsed);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), server.Frames.Select(f => Frames.Sequence(f.Envelope)));
    }

    [Fact]
    public async Task The_same_limits_as_tcp_apply_before_and_after_the_handshake()
    {
        using var sim = new Simulation(seed: 1);
        var (server, client) = await ConnectAsync(sim, TimeSpan.Zero);

        client.Connection!.TrySend(Frames.Envelope("x", 0, payloadBytes: FrameCodec.HandshakeFrameLimit + 1));

        Assert.True(sim.RunUntil(() => server.Closed is not null && client.Closed is not null, TimeSpan.FromSeconds(1)));
        Assert.Equal(CloseKind.ProtocolViolation, server.Closed!.Kind);
        Assert.Contains("exceeds the limit of 16384", server.Closed.Message, StringComparison.Ordinal);
        Assert.Empty(server.Frames);
        Assert.Equal(CloseKind.Lost, client.Closed!.Kind);
    }

    [Fact]
    public void Connecting_to_nothing_fails()
    {
        using var sim = new Simulation(seed: 1);
        var network = new InMemoryNetwork(sim.Time, sim.Executor.Post);
        var client = new Recorder();
        network.CreateTransport().Connect(new NodeEndpoint("sim", 1), client);
        Assert.True(sim.RunUntil(() => client.ConnectFailure is not null, TimeSpan.FromSeconds(1)));
        Assert.IsType<TransportRefusedException>(client.ConnectFailure);
    }

    [Fact]
    public async Task A_close_arrives_after_the_frames_sent_before_it()
    {
        using var sim = new Simulation(seed: 1);
        var (server, client) = await ConnectAsync(sim, Latency);

        client.Connection!.TrySend(Frames.Envelope("x", 1));
        client.Connection.Close(new CloseReason(CloseKind.Local, "done"));

        Assert.True(sim.RunUntil(() => server.Closed is not null, TimeSpan.FromSeconds(1)));
        Assert.Single(server.Frames);
        Assert.Equal(SendStatus.Closed, client.Connection.TrySend(Frames.Envelope("x", 2)));
    }

    /// <summary>Opens a connection on a fresh network and runs until both ends are connected (one latency later).</summary>
    private static async Task<(Recorder Server, Recorder Client)> ConnectAsync(Simulation sim, TimeSpan latency)
    {
        var network = new InMemoryNetwork(sim.Time, sim.Executor.Post, latency);
        var server = new Recorder();
        var client = new Recorder();
        var endpoint = await network.CreateTransport().ListenAsync(new NodeEndpoint("sim", 0), server, CancellationToken.None);
        network.CreateTransport().Connect(endpoint, client);
        Assert.True(sim.RunUntil(() => client.Connection is not null && server.Connection is not null, TimeSpan.FromSeconds(1)));
        Assert.Equal(latency, sim.Time.Elapsed);
        return (server, client);
    }

    private sealed class Recorder : ITransportListener, IConnectionHandler
    {
        public ITransportConnection? Connection { get; private set; }

        public Exception? ConnectFailure { get; private set; }

        public CloseReason? Closed { get; private set; }

        public List<Frame> Frames { get; } = [];

        public IConnectionHandler OnAccepted(ITransportConnection connection) => this;

        public void OnConnected(ITransportConnection connection) => Connection = connection;

        public void OnConnectFailed(NodeEndpoint remote, Exception failure) => ConnectFailure = failure;

        public void OnFrame(ITransportConnection connection, Frame frame) => Frames.Add(frame);

        public void OnClosed(ITransportConnection connection, CloseReason reason, IReadOnlyList<Frame> unsent) => Closed = reason;
    }
}
