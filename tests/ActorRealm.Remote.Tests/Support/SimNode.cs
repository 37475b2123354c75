using ActorRealm.Actors;
using ActorRealm.Remote.FaultInjection;
using ActorRealm.Remote.Transport;
using ActorRealm.Remote.Transport.InMemory;

namespace ActorRealm.Remote.Tests.Support;

/// <summary>A <see cref="Remoting"/> endpoint on an in-memory network driven by the actor runtime's simulation.</summary>
public sealed class SimNode
{
    private SimNode(Remoting remoting, RecordingHandler handler, LogCapture logs)
    {
        Remoting = remoting;
        Handler = handler;
        Logs = logs;
    }

    public Remoting Remoting { get; }

    public RecordingHandler Handler { get; }

    public LogCapture Logs { get; }

    public Address Address => Remoting.Address;

    public NodeEndpoint Endpoint => Remoting.Address.ToEndpoint();

    public static RemoteSettings Settings(int port) => TestNode.Settings(port) with
    {
        CanonicalHostname = "sim",
        HeartbeatInterval = TimeSpan.FromSeconds(1),
        HeartbeatTimeout = TimeSpan.FromSeconds(5),
        AddressTerminatedAfter = TimeSpan.FromSeconds(10),
        Reconnect = new BackoffSettings { MinBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromSeconds(2) },
    };

    /// <summary>Starts a node listening on sim:<paramref name="port"/>; the start completes synchronously.</summary>
    public static SimNode Start(InMemoryNetwork network, int port, int seed, FaultInjector? faults = null, Func<RemoteSettings, RemoteSettings>? adjust = null, Func<ITransport, ITransport>? wrap = null)
    {
        var settings = Settings(port);
        settings = adjust is null ? settings : adjust(settings);
        var logs = new LogCapture();
        var handler = new RecordingHandler();
        ITransport transport = network.CreateTransport(settings.Transport, logs);
        if (faults is not null)
        {
            transport = faults.Wrap(transport, settings.BindEndpoint);
        }

        transport = wrap is null ? transport : wrap(transport);

        var remoting = new Remoting(new RemotingOptions
        {
            Realm = TestNode.Realm,
            Settings = settings,
            Transport = transport,
            Handler = handler,
            Time = network.Time,
            LoggerFactory = logs,
            Random = new Random(seed),
        });
        var start = remoting.StartAsync();
        Assert.True(start.IsCompletedSuccessfully, "an in-memory start completes synchronously");
        return new SimNode(remoting, handler, logs);
    }
}
