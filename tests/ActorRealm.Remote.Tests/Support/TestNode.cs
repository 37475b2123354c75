using ActorRealm.Actors;
using ActorRealm.Remote.Security;
using ActorRealm.Remote.Transport;

namespace ActorRealm.Remote.Tests.Support;

/// <summary>A <see cref="Remoting"/> endpoint on a real loopback TCP port, with recorded events and logs.</summary>
public sealed class TestNode : IAsyncDisposable
{
    public const string Realm = "test";
    public const string Secret = "correct horse battery staple";

    private TestNode(Remoting remoting, RecordingHandler handler, LogCapture logs, TcpTransport transport)
    {
        Remoting = remoting;
        Handler = handler;
        Logs = logs;
        Transport = transport;
    }

    public Remoting Remoting { get; }

    public RecordingHandler Handler { get; }

    public LogCapture Logs { get; }

    public TcpTransport Transport { get; }

    public Address Address => Remoting.Address;

    public static RemoteSettings Settings(int port = 0, string secret = Secret, Func<RemoteSettings, RemoteSettings>? adjust = null)
    {
        var settings = new RemoteSettings
        {
            CanonicalHostname = "127.0.0.1",
            CanonicalPort = port,
            JoinSecret = new JoinSecret(secret),
            HeartbeatInterval = TimeSpan.FromMilliseconds(200),
            HeartbeatTimeout = TimeSpan.FromSeconds(2),
            AddressTerminatedAfter = TimeSpan.FromSeconds(3),
            Reconnect = new BackoffSettings { MinBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(300) },
            Transport = new TransportSettings
            {
                HandshakeTimeout = TimeSpan.FromSeconds(2),
                FrameCompletionTimeout = TimeSpan.FromSeconds(2),
                Tls = new TlsSettings { Enabled = false },
            },
        };
        return adjust is null ? settings : adjust(settings);
    }

    public static async Task<TestNode> StartAsync(RemoteSettings settings, TlsContext? tls = null, ulong uid = 0, Func<TcpTransport, ITransport>? wrap = null)
    {
        var logs = new LogCapture();
        var handler = new RecordingHandler();
        var transport = new TcpTransport(settings.Transport, tls, loggerFactory: logs);
        var remoting = new Remoting(new RemotingOptions
        {
            Realm = Realm,
            Settings = settings,
            Transport = wrap is null ? transport : wrap(transport),
            Handler = handler,
            LoggerFactory = logs,
            Uid = uid,
        });
        await remoting.StartAsync();
        return new TestNode(remoting, handler, logs, transport);
    }

    public static Task<TestNode> StartAsync(int port = 0, TlsContext? tls = null, string secret = Secret, ulong uid = 0) =>
        StartAsync(Settings(port, secret), tls, uid);

    public ValueTask DisposeAsync() => Remoting.DisposeAsync();
}
