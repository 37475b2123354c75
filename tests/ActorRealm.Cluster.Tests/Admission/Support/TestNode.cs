using System.Collections.Concurrent;
using ActorRealm.Cluster.Admission;
using ActorRealm.Cluster.Remote;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Event;

namespace ActorRealm.Cluster.Tests.Admission.Support;

/// <summary>
/// One remote actor system on loopback, configured as a realm node's transport is (through
/// <see cref="RealmTransportSecurity"/>), with an inbox actor at <c>/user/inbox</c> that acknowledges
/// every string it gets and records it, and a record of the system's log events.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    public const string Realm = "test-realm";

    private readonly ConcurrentQueue<string> _received = new();
    private readonly ConcurrentQueue<string> _others = new();
    private readonly ConcurrentQueue<string> _sunk = new();

    private TestNode(ActorSystem system, LogRecord logs)
    {
        System = system;
        Logs = logs;
        Address = ((ExtendedActorSystem)system).Provider.DefaultAddress;
        system.ActorOf(Props.Create(() => new Inbox(_received, _others)), "inbox");
        system.ActorOf(Props.Create(() => new Sink(_sunk)), "sink");
    }

    public ActorSystem System { get; }

    /// <summary>The node's address, e.g. <c>akka.ssl.tcp://test-realm@127.0.0.1:41234</c>.</summary>
    public Address Address { get; }

    /// <summary>The node's log events (INFO and above), in order.</summary>
    public LogRecord Logs { get; }

    /// <summary>The strings the inbox received, from any peer.</summary>
    public IReadOnlyCollection<string> Received => _received;

    /// <summary>The types of anything else the inbox received.</summary>
    public IReadOnlyCollection<string> Others => _others;

    /// <summary>The strings the actor at <c>/user/sink</c> received: the hostile tests' end-of-script markers.</summary>
    public IReadOnlyCollection<string> Sunk => _sunk;

    /// <summary>The inbox's path on this node, for peers.</summary>
    public string InboxPath => $"{Address}/user/inbox";

    /// <summary>
    /// Starts a node. With <paramref name="tls"/>, the node uses that identity without the start checks
    /// (so that tests can start peers a realm node must refuse); without, the transport is plaintext.
    /// </summary>
    /// <param name="tls">The identity, or null for plaintext.</param>
    /// <param name="extraHocon">Akka HOCON laid over everything else.</param>
    /// <param name="realmSerialization">False for a stock Akka peer, whose JSON fallback is on.</param>
    public static TestNode Start(TlsContext? tls, string extraHocon = "", bool realmSerialization = true)
    {
        var hocon = string.Join(
            Environment.NewLine,
            extraHocon,
            realmSerialization ? RealmTransportSecurity.Hocon(tls is not null) : $"akka.remote.dot-netty.tcp.enable-ssl = {(tls is null ? "off" : "on")}",
            RemoteAkkaConfig.Hocon(Transport),
            BaseHocon);
        var setups = new List<Setup> { BootstrapSetup.Create().WithConfig(ConfigurationFactory.ParseString(hocon)) };
        if (tls is not null)
        {
            setups.Add(RealmTransportSecurity.UncheckedSetup(tls));
        }

        var logs = new LogRecord();
        var system = ActorSystem.Create(Realm, ActorSystemSetup.Create([.. setups]));
        logs.Attach(system);
        return new TestNode(system, logs);
    }

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/>'s inbox, as <paramref name="sender"/> (no sender by default).</summary>
    public void SendTo(TestNode target, string message, IActorRef? sender = null) =>
        System.ActorSelection(target.InboxPath).Tell(message, sender ?? ActorRefs.NoSender);

    public async ValueTask DisposeAsync() => await System.Terminate().WaitAsync(TimeSpan.FromSeconds(20));

    /// <summary>
    /// The test nodes' <c>actorrealm.remote</c> settings, mapped by <see cref="RemoteAkkaConfig"/> as a realm
    /// node's are: loopback, a free port, and timeouts short enough for a test's deadlines.
    /// </summary>
    public static RemoteSettings Transport { get; } = new()
    {
        CanonicalHostname = "127.0.0.1",
        CanonicalPort = 0,
        HeartbeatInterval = TimeSpan.FromMilliseconds(500),
        HeartbeatTimeout = TimeSpan.FromSeconds(3),
        Transport = new TransportSettings { HandshakeTimeout = TimeSpan.FromSeconds(5), ConnectTimeout = TimeSpan.FromSeconds(5), MaximumFrameSize = 128_000 },
    };

    // A short gate keeps recoveries after a refusal within a test's deadlines.
    private const string BaseHocon = """
        akka {
          loglevel = INFO
          stdout-loglevel = OFF
          loggers = []
          actor.provider = remote
          remote {
            retry-gate-closed-for = 200ms
            log-remote-lifecycle-events = info
          }
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """;

    /// <summary>Acknowledges each string to its sender ("ack:" + message) and records it; records the type of anything else.</summary>
    private sealed class Inbox : ReceiveActor
    {
        public Inbox(ConcurrentQueue<string> received, ConcurrentQueue<string> others)
        {
            Receive<string>(message =>
            {
                received.Enqueue(message);
                Sender.Tell("ack:" + message);
            });
            ReceiveAny(message => others.Enqueue(message.GetType().FullName ?? "?"));
        }
    }
}

/// <summary>Records the strings it gets, answering nothing.</summary>
internal sealed class Sink : ReceiveActor
{
    public Sink(ConcurrentQueue<string> sunk) => Receive<string>(sunk.Enqueue);
}

/// <summary>The log events of one actor system, recorded by an actor subscribed to its event stream.</summary>
public sealed class LogRecord
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public IEnumerable<LogEvent> Warnings => _events.Where(e => e.LogLevel() >= LogLevel.WarningLevel);

    public bool Contains(string text) => _events.Any(e => Text(e).Contains(text, StringComparison.Ordinal));

    public int Count(string text) => _events.Count(e => Text(e).Contains(text, StringComparison.Ordinal));

    public string Dump() => string.Join(Environment.NewLine, _events.Select(e => $"[{e.LogLevel()}] {e.LogSource}: {Text(e)}"));

    /// <summary>The event's message and the messages of its exception chain.</summary>
    public static string Text(LogEvent e)
    {
        var text = new System.Text.StringBuilder(e.Message?.ToString());
        for (var cause = e.Cause; cause is not null; cause = cause.InnerException)
        {
            text.Append(" | ").Append(cause.Message);
        }

        return text.ToString();
    }

    internal void Attach(ActorSystem system)
    {
        var recorder = ((ExtendedActorSystem)system).SystemActorOf(Props.Create(() => new Recorder(_events)), "log-record");
        system.EventStream.Subscribe(recorder, typeof(LogEvent));
    }

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(ConcurrentQueue<LogEvent> events) => Receive<LogEvent>(events.Enqueue);
    }
}
