using System.Buffers.Binary;
using System.Diagnostics;
using ActorRealm.Actors;
using ActorRealm.Remote;
using ActorRealm.Remote.Security;
using ActorRealm.Remote.Transport;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>
/// The measured side of <c>bench remote</c>: two actor systems in this process over real loopback TCP
/// (TLS optional); a pinger actor keeps <c>window</c> 64-byte messages in flight to a ponger actor on the
/// other system, which answers each to its (remote) sender.
/// </summary>
internal static class RemotePingPong
{
    public static async Task<PingPongResult> RunAsync(int window, TlsContext? tls, int payloadBytes, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        var pinger = Create(tls);
        var ponger = Create(tls);
        try
        {
            ponger.ActorOf(Props.Create(() => new Ponger()), "ponger");
            var target = pinger.ResolveActorRef($"{ponger.Address}/user/ponger");
            var done = new TaskCompletionSource<PingPongResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            pinger.ActorOf(Props.Create(() => new Pinger(target, window, payloadBytes, warmup, duration, done)), "pinger");
            using var registration = cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
            return await done.Task.ConfigureAwait(false);
        }
        finally
        {
            await pinger.Terminate().ConfigureAwait(false);
            await ponger.Terminate().ConfigureAwait(false);
            await Task.WhenAll(pinger.Remote().WhenStopped, ponger.Remote().WhenStopped).ConfigureAwait(false);
        }
    }

    private static ActorSystem Create(TlsContext? tls)
    {
        var settings = new RemoteSettings
        {
            CanonicalHostname = "127.0.0.1",
            CanonicalPort = 0,
            JoinSecret = new JoinSecret("bench-remote"),
            Transport = new TransportSettings { SendQueueSize = 100_000, Tls = new TlsSettings { Enabled = tls is not null } },
        };
        return RemoteActorSystem.Create("bench", remote: new RemoteSetup
        {
            Settings = settings,
            Transport = (s, time, loggers) => new TcpTransport(s.Transport, tls, time, loggers),
        });
    }

    /// <summary>Answers every payload to its sender.</summary>
    private sealed class Ponger : ActorBase
    {
        protected override void OnReceive(object message) => Sender.Tell(message, Self);
    }

    /// <summary>Keeps the window full; measures round trips between warm-up and the end.</summary>
    private sealed class Pinger : ActorBase
    {
        private readonly IActorRef _target;
        private readonly byte[] _payload;
        private readonly long _measureFrom;
        private readonly long _measureUntil;
        private readonly TaskCompletionSource<PingPongResult> _done;
        private readonly LatencyHistogram _histogram = new();
        private long _roundTrips;
        private bool _finished;

        public Pinger(IActorRef target, int window, int payloadBytes, TimeSpan warmup, TimeSpan duration, TaskCompletionSource<PingPongResult> done)
        {
            _target = target;
            _payload = new byte[payloadBytes];
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

        /// <summary>The payload is copied when sent, so one buffer serves every ping.</summary>
        private void Ping()
        {
            BinaryPrimitives.WriteInt64LittleEndian(_payload, Stopwatch.GetTimestamp());
            _target.Tell(_payload, Self);
        }
    }
}
