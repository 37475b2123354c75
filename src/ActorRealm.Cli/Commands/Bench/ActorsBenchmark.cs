using System.Diagnostics;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Configuration;

namespace ActorRealm.Cli.Commands.Bench;

/// <summary>The measurements of <c>bench actors</c>, on Akka.NET's actor runtime with its default dispatcher and mailbox.</summary>
internal static class ActorsBenchmark
{
    private static readonly Config Quiet = ConfigurationFactory.ParseString("""
        akka {
          loglevel = WARNING
          loggers = ["ActorRealm.Cli.Commands.Bench.StderrLogger, actorrealm"]
          stdout-loglevel = OFF
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        """);

    public sealed record Options(TimeSpan Duration, int Pairs, int InFlight, int IdleActors);

    public sealed record Report(
        double ActorMessagesPerSecond,
        double BaselineMessagesPerSecond,
        double SpawnPerSecond,
        double BytesPerActor,
        double BytesPerActorAfterMessage)
    {
        public double Ratio => BaselineMessagesPerSecond == 0 ? 0 : ActorMessagesPerSecond / BaselineMessagesPerSecond;
    }

    private const int Rounds = 2;

    public static Task<Report> RunAsync(Options options, TextWriter progress, CancellationToken cancellationToken) =>
        InSystemAsync("bench", system => RunAsync(system, options, progress, cancellationToken));

    private static async Task<Report> RunAsync(ActorSystem system, Options options, TextWriter progress, CancellationToken cancellationToken)
    {
        var warmup = TimeSpan.FromSeconds(Math.Min(1, options.Duration.TotalSeconds / 2));
        await progress.WriteLineAsync("warming up...");
        await PingPongActors(system, options, warmup, cancellationToken);
        await PingPongChannels(options, warmup, cancellationToken);

        long actorMessages = 0;
        long channelMessages = 0;
        var slice = options.Duration / Rounds;
        for (var round = 0; round < Rounds; round++)
        {
            await progress.WriteLineAsync($"round {round + 1}/{Rounds}: actors...");
            actorMessages += await PingPongActors(system, options, slice, cancellationToken);
            await progress.WriteLineAsync($"round {round + 1}/{Rounds}: channels...");
            channelMessages += await PingPongChannels(options, slice, cancellationToken);
        }

        await progress.WriteLineAsync($"spawning {options.IdleActors:N0} idle actors (after a warm-up of {options.IdleActors / 10:N0})...");
        await IdleActors(options.IdleActors / 10, cancellationToken);
        var (spawnPerSecond, bytes, bytesAfterMessage) = await IdleActors(options.IdleActors, cancellationToken);
        return new Report(
            actorMessages / options.Duration.TotalSeconds,
            channelMessages / options.Duration.TotalSeconds,
            spawnPerSecond,
            bytes,
            bytesAfterMessage);
    }

    /// <summary>Pairs of actors bouncing <c>InFlight</c> messages each; returns messages received in the window.</summary>
    private static async Task<long> PingPongActors(ActorSystem system, Options options, TimeSpan duration, CancellationToken cancellationToken)
    {
        var counters = new Counters(options.Pairs * 2);
        var running = new RunFlag();
        var actors = new List<IActorRef>();
        for (var pair = 0; pair < options.Pairs; pair++)
        {
            var index = pair * 2;
            var ping = system.ActorOf(Props.Create(() => new PingPong(counters, index, running)));
            var pong = system.ActorOf(Props.Create(() => new PingPong(counters, index + 1, running)));
            actors.Add(ping);
            actors.Add(pong);
            for (var i = 0; i < options.InFlight; i++)
            {
                pong.Tell(Ball.Instance, ping);
            }
        }

        var received = await Measure(counters, duration, cancellationToken);
        running.Stop();
        foreach (var actor in actors)
        {
            await actor.GracefulStop(TimeSpan.FromSeconds(10));
        }

        return received;
    }

    /// <summary>The same pattern over raw channels: two unbounded channels per pair, one async reader loop per side.</summary>
    private static async Task<long> PingPongChannels(Options options, TimeSpan duration, CancellationToken cancellationToken)
    {
        var counters = new Counters(options.Pairs * 2);
        var running = new RunFlag();
        var loops = new List<Task>();
        var channels = new List<Channel<Ball>>();
        for (var pair = 0; pair < options.Pairs; pair++)
        {
            var a = Channel.CreateUnbounded<Ball>(new UnboundedChannelOptions { SingleReader = true });
            var b = Channel.CreateUnbounded<Ball>(new UnboundedChannelOptions { SingleReader = true });
            channels.Add(a);
            channels.Add(b);
            var index = pair * 2;
            loops.Add(Task.Run(() => Bounce(a.Reader, b.Writer, counters, index, running), CancellationToken.None));
            loops.Add(Task.Run(() => Bounce(b.Reader, a.Writer, counters, index + 1, running), CancellationToken.None));
            for (var i = 0; i < options.InFlight; i++)
            {
                b.Writer.TryWrite(Ball.Instance);
            }
        }

        var received = await Measure(counters, duration, cancellationToken);
        running.Stop();
        channels.ForEach(c => c.Writer.TryComplete());
        await Task.WhenAll(loops);
        return received;
    }

    private static async Task Bounce(ChannelReader<Ball> inbox, ChannelWriter<Ball> peer, Counters counters, int index, RunFlag running)
    {
        while (await inbox.WaitToReadAsync().ConfigureAwait(false))
        {
            while (inbox.TryRead(out var ball))
            {
                counters.Increment(index);
                if (running.IsRunning)
                {
                    peer.TryWrite(ball);
                }
            }
        }
    }

    private static async Task<long> Measure(Counters counters, TimeSpan duration, CancellationToken cancellationToken)
    {
        // Let the pattern reach its steady state before the window opens.
        await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        var start = counters.Sum();
        var watch = Stopwatch.StartNew();
        await Task.Delay(duration, cancellationToken);
        var end = counters.Sum();
        return (long)((end - start) * (duration.TotalSeconds / watch.Elapsed.TotalSeconds));
    }

    /// <summary>Spawns idle ReceiveActors in a system of their own; measures spawn rate and retained bytes (GC-measured, full collections).</summary>
    private static Task<(double SpawnPerSecond, double Bytes, double BytesAfterMessage)> IdleActors(int count, CancellationToken cancellationToken) =>
        InSystemAsync("bench-idle", system => IdleActors(system, count, cancellationToken));

    /// <summary>Runs <paramref name="measure"/> in a fresh actor system and terminates it afterwards.</summary>
    private static async Task<T> InSystemAsync<T>(string name, Func<ActorSystem, Task<T>> measure)
    {
        var system = ActorSystem.Create(name, Quiet);
        try
        {
            return await measure(system);
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static async Task<(double SpawnPerSecond, double Bytes, double BytesAfterMessage)> IdleActors(ActorSystem system, int count, CancellationToken cancellationToken)
    {
        var refs = new IActorRef[count];
        var created = new Counters(1);
        var props = Props.Create(() => new Idle(created));
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            refs[i] = system.ActorOf(props);
        }

        while (created.Sum() < count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
        }

        var spawnPerSecond = count / watch.Elapsed.TotalSeconds;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var received = new Counters(1);
        foreach (var actor in refs)
        {
            actor.Tell(received);
        }

        while (received.Sum() < count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
        }

        var afterMessage = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(refs);
        return (spawnPerSecond, (after - before) / (double)count, (afterMessage - before) / (double)count);
    }

    private sealed class Ball
    {
        public static Ball Instance { get; } = new();
    }

    private sealed class RunFlag
    {
        private volatile bool _running = true;

        public bool IsRunning => _running;

        public void Stop() => _running = false;
    }

    /// <summary>One counter per worker, each on its own cache line.</summary>
    private sealed class Counters(int count)
    {
        private const int Stride = 16;
        private readonly long[] _values = new long[count * Stride];

        public void Increment(int index) => _values[index * Stride]++;

        public void IncrementShared() => Interlocked.Increment(ref _values[0]);

        public long Sum()
        {
            long sum = 0;
            for (var i = 0; i < _values.Length; i += Stride)
            {
                sum += Volatile.Read(ref _values[i]);
            }

            return sum;
        }
    }

    private sealed class PingPong : ReceiveActor
    {
        public PingPong(Counters counters, int index, RunFlag running) =>
            Receive<Ball>(ball =>
            {
                counters.Increment(index);
                if (running.IsRunning)
                {
                    Sender.Tell(ball);
                }
            });
    }

    /// <summary>The typical idle actor: a ReceiveActor with one handler that uses the actor (so its delegate is per instance).</summary>
    private sealed class Idle : ReceiveActor
    {
        private int _received;

        public Idle(Counters created)
        {
            Receive<Counters>(c =>
            {
                _received++;
                c.IncrementShared();
            });
            created.IncrementShared();
        }

        public int Received => _received;
    }
}
