using System.Collections.Concurrent;
using System.Threading.Channels;
using ActorRealm.Actors;
using ActorRealm.Actors.Deterministic;
using BenchmarkDotNet.Attributes;

namespace ActorRealm.Benchmarks;

/// <summary>
/// Tell to an idle actor and wait until it has processed the message (one hop through the thread
/// pool), beside the same hop through an unbounded channel with one async reader loop.
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
/// The mailbox on one thread: enqueue a batch of messages to an actor (deterministic executor, so no
/// thread pool) and let one turn dequeue and dispatch them all, beside a <see cref="ConcurrentQueue{T}"/>
/// enqueue/dequeue of the same batch. Run: <c>... -- --filter '*MailboxBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class MailboxBenchmarks : IDisposable
{
    private const int Batch = 1000;
    private readonly ConcurrentQueue<(object, object?)> _queue = new();
    private readonly object _message = new();
    private Simulation _simulation = null!;
    private IActorRef _actor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _simulation = new Simulation(1, maxBatch: 0);
        var system = _simulation.CreateSystem("bench-mailbox", setup: new ActorSystemSetup
        {
            Settings = ActorSettings.Default with { DefaultDispatcher = new DispatcherSettings(ActorSettings.DefaultDispatcherId, Batch, null) },
        });
        _actor = system.ActorOf(Props.Create(() => new Sink()));
        _simulation.RunUntilIdle();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _simulation?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch)]
    public int ConcurrentQueue_enqueue_dequeue()
    {
        for (var i = 0; i < Batch; i++)
        {
            _queue.Enqueue((_message, null));
        }

        var count = 0;
        while (_queue.TryDequeue(out _))
        {
            count++;
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public long Mailbox_enqueue_and_dispatch()
    {
        for (var i = 0; i < Batch; i++)
        {
            _actor.Tell(_message, ActorRef.NoSender);
        }

        return _simulation.RunUntilIdle();
    }

    private sealed class Sink : ReceiveActor
    {
        private long _count;

        public Sink() => ReceiveAny(_ => _count++);
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
