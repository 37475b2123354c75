using System.Threading.Channels;
using Akka.Actor;
using BenchmarkDotNet.Attributes;

namespace ActorRealm.Benchmarks;

/// <summary>
/// Tell to an idle Akka.NET actor and wait until it has processed the message (one hop through the
/// dispatcher), beside the same hop through an unbounded channel with one async reader loop.
/// Run: <c>dotnet run -c Release --project tests/ActorRealm.Benchmarks -- --filter '*TellBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class TellBenchmarks
{
    private ActorSystem _system = null!;
    private IActorRef _actor = null!;
    private Signal _signal = null!;
    private Channel<object> _channel = null!;
    private Task _reader = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench-tell");
        _signal = new Signal();
        _actor = _system.ActorOf(Props.Create(() => new Signaller(_signal)));
        _channel = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        _reader = Task.Run(async () =>
        {
            while (await _channel.Reader.WaitToReadAsync())
            {
                while (_channel.Reader.TryRead(out _))
                {
                    _signal.Set();
                }
            }
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _channel.Writer.TryComplete();
        _reader.Wait();
        _system.Terminate().Wait();
    }

    [Benchmark(Baseline = true)]
    public void Channel_write_to_idle_reader()
    {
        _signal.Reset();
        _channel.Writer.TryWrite(_signal);
        _signal.Wait();
    }

    [Benchmark]
    public void Tell_to_idle_actor()
    {
        _signal.Reset();
        _actor.Tell(_signal);
        _signal.Wait();
    }

    /// <summary>A spin-then-block flag, so the measurement is the hop, not a kernel wake-up.</summary>
    internal sealed class Signal
    {
        private volatile bool _set;

        public void Reset() => _set = false;

        public void Set() => _set = true;

        public void Wait()
        {
            var spinner = default(SpinWait);
            while (!_set)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }
    }

    private sealed class Signaller : ReceiveActor
    {
        public Signaller(Signal signal) => Receive<Signal>(_ => signal.Set());
    }
}

/// <summary>
/// Ask round trip to an echo actor, beside a request/response over channels with a
/// <see cref="TaskCompletionSource{TResult}"/> per request. Run: <c>... -- --filter '*AskBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class AskBenchmarks
{
    private ActorSystem _system = null!;
    private IActorRef _echo = null!;
    private Channel<(int Value, TaskCompletionSource<int> Reply)> _requests = null!;
    private Task _server = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench-ask");
        _echo = _system.ActorOf(Props.Create(() => new Echo()));
        _requests = Channel.CreateUnbounded<(int, TaskCompletionSource<int>)>(new UnboundedChannelOptions { SingleReader = true });
        _server = Task.Run(async () =>
        {
            await foreach (var (value, reply) in _requests.Reader.ReadAllAsync())
            {
                reply.TrySetResult(value);
            }
        });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _requests.Writer.TryComplete();
        _server.Wait();
        _system.Terminate().Wait();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> Channel_request_response()
    {
        var reply = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Writer.TryWrite((1, reply));
        return await reply.Task;
    }

    [Benchmark]
    public Task<int> Ask_round_trip() => _echo.Ask<int>(1, TimeSpan.FromSeconds(5));

    private sealed class Echo : ReceiveActor
    {
        public Echo() => Receive<int>(i => Sender.Tell(i));
    }
}
