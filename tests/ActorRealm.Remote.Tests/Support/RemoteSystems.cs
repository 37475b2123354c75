using ActorRealm.Actors;
using ActorRealm.Actors.Deterministic;
using ActorRealm.Remote.FaultInjection;
using ActorRealm.Remote.Security;
using ActorRealm.Remote.Serialization;
using ActorRealm.Remote.Transport;
using ActorRealm.Remote.Transport.InMemory;

namespace ActorRealm.Remote.Tests.Support;

/// <summary>Remote-enabled actor systems for tests: real loopback TCP, or an in-memory network inside a simulation.</summary>
public static class RemoteSystems
{
    /// <summary>The message types the tests send.</summary>
    public static void Register(SerializerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddJson<Ping>("test.ping").AddJson<Pong>("test.pong").AddJson<Sequenced>("test.sequenced").AddJson<WithRef>("test.with-ref");
    }

    /// <summary>A system on a free loopback port (plaintext unless <paramref name="tls"/> is given).</summary>
    public static ActorSystem Tcp(LogCapture? logs = null, TlsContext? tls = null, FaultInjector? faults = null, Func<RemoteSettings, RemoteSettings>? adjust = null)
    {
        var settings = TestNode.Settings();
        settings = adjust is null ? settings : adjust(settings);
        return RemoteActorSystem.Create(
            TestNode.Realm,
            setup: new ActorSystemSetup { LoggerFactory = logs ?? new LogCapture() },
            remote: new RemoteSetup
            {
                Settings = settings,
                Transport = tls is null ? null : (s, time, loggers) => new TcpTransport(s.Transport, tls, time, loggers),
                Serialization = Register,
                FaultInjector = faults,
            });
    }

    /// <summary>A system on <paramref name="network"/> inside <paramref name="simulation"/>, at sim:<paramref name="port"/>.</summary>
    public static ActorSystem InMemory(Simulation simulation, InMemoryNetwork network, int port, FaultInjector? faults = null, LogCapture? logs = null)
    {
        return RemoteActorSystem.Create(
            simulation,
            TestNode.Realm,
            new RemoteSetup
            {
                Settings = SimNode.Settings(port),
                Transport = (s, _, loggers) => network.CreateTransport(s.Transport, loggers),
                Serialization = Register,
                FaultInjector = faults,
            },
            setup: new ActorSystemSetup { LoggerFactory = logs ?? new LogCapture() });
    }
}

public sealed record Ping(int Id);

public sealed record Pong(int Id);

public sealed record Sequenced(string Stream, int Seq);

public sealed record WithRef(string Text, IActorRef ReplyTo);

/// <summary>Replies Pong to Ping and echoes anything else to the sender.</summary>
public sealed class Echo : ReceiveActor
{
    public Echo()
    {
        Receive<Ping>(p => Sender.Tell(new Pong(p.Id)));
        Receive<WithRef>(w => w.ReplyTo.Tell(w.Text));
        ReceiveAny(m => Sender.Tell(m));
    }
}
