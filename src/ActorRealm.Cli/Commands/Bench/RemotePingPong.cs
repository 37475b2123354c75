using System.Buffers.Binary;
using System.Diagnostics;
using ActorRealm.Cluster.Admission;
using ActorRealm.Cluster.Remote;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>
/// The measured side of <c>bench remote</c>: Akka.Remote between two processes over loopback, configured
/// as a realm node's transport is (<see cref="RemoteAkkaConfig"/>, and <see cref="RealmTransportSecurity"/>
/// with or without TLS). A pinger actor here keeps <c>window</c> 64-byte messages in flight to a ponger
/// actor in the other process, which answers each to its (remote) sender.
/// </summary>
internal static class RemotePingPong
{
    /// <summary>The ponger's name under <c>/user</c>.</summary>
    public const string PongerName = "ponger";

    /// <summary>An actor system named <paramref name="name"/> on a free loopback port, as a realm node's transport is configured.</summary>
    public static ActorSystem CreateSystem(string name, TlsContext? tls)
    {
        var settings = new RemoteSettings
        {
            CanonicalHostname = "127.0.0.1",
            CanonicalPort = 0,
            Transport = new TransportSettings { Tls = new TlsSettings { Enabled = tls is not null } },
        };
        var hocon = string.Join(
            Environment.NewLine,
            RemoteAkkaConfig.Hocon(settings),
            RealmTransportSecurity.Hocon(tls is not null),
            """
            akka {
              actor.provider = remote
              loglevel = WARNING
              loggers = ["ActorRealm.Cli.Commands.Bench.StderrLogger, actorrealm"]
              stdout-loglevel = OFF
              coordinated-shutdown.run-by-clr-shutdown-hook = off
            }
            """);
        var setups = new List<Setup> { BootstrapSetup.Create().WithConfig(ConfigurationFactory.ParseString(hocon)) };
        if (tls is not null)
        {
            setups.Add(RealmTransportSecurity.Setup(tls));
        }

        return ActorSystem.Create(name, ActorSystemSetup.Create([.. setups]));
    }

    /// <summary>Starts the ponger on <paramref name="system"/>.</summary>
    public static IActorRef StartPonger(ActorSystem system) => system.ActorOf(Props.Create(() => new Ponger()), PongerName);

    /// <summary>One measured run from <paramref name="system"/> against the ponger at <paramref name="ponger"/>.</summary>
    public static async Task<PingPongResult> RunAsync(ActorSystem system, ActorPath ponger, int window, int payloadBytes, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        var target = await system.ActorSelection(ponger).ResolveOne(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        var done = new TaskCompletionSource<PingPongResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pinger = system.ActorOf(Props.Create(() => new Pinger(target, window, payloadBytes, warmup, duration, done)));
        try
        {
            using var registration = cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
            return await done.Task.ConfigureAwait(false);
        }
        finally
        {
            // Replies still in flight go to dead letters, outside the measurement.
            await pinger.GracefulStop(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    /// <summary>Answers every payload to its sender.</summary>
    private sealed class Ponger : UntypedActor
    {
        protected override void OnReceive(object message) => Sender.Tell(message, Self);
    }

    /// <summary>Keeps the window full; measures round trips between warm-up and the end.</summary>
    private sealed class Pinger : UntypedActor
    {
        private readonly IActorRef _target;
        private readonly int _payloadBytes;
        private readonly long _measureFrom;
        private readonly long _measureUntil;
        private readonly TaskCompletionSource<PingPongResult> _done;
        private readonly LatencyHistogram _histogram = new();
        private long _roundTrips;
        private bool _finished;

        public Pinger(IActorRef target, int window, int payloadBytes, TimeSpan warmup, TimeSpan duration, TaskCompletionSource<PingPongResult> done)
        {
            _target = target;
            _payloadBytes = payloadBytes;
            _done = done;
            _measureFrom = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
            _measureUntil = _measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            for (var i = 0; i < window; i++)
            {
                Ping();
            }
        }

        protected override void OnReceive(object message)
        {
            if (_finished || message is not byte[] pong)
            {
                return;
            }

            var now = Stopwatch.GetTimestamp();
            if (now >= _measureFrom)
            {
                _histogram.Record(BinaryPrimitives.ReadInt64LittleEndian(pong), now);
                _roundTrips++;
            }

            if (now >= _measureUntil)
            {
                _finished = true;
                _done.TrySetResult(PingPongResult.From(_roundTrips, Stopwatch.GetElapsedTime(_measureFrom, now), _histogram));
                return;
            }

            Ping();
        }

        /// <summary>A new buffer per ping: Akka.Remote serializes a message later, on its endpoint writer.</summary>
        private void Ping()
        {
            var payload = new byte[_payloadBytes];
            BinaryPrimitives.WriteInt64LittleEndian(payload, Stopwatch.GetTimestamp());
            _target.Tell(payload, Self);
        }
    }
}
