using ActorRealm.Actors.Dispatch;
using ActorRealm.Hocon;

namespace ActorRealm.Actors.Tests;

/// <summary>The dispatcher's throughput: a mailbox turn processes at most that many user messages, then yields.</summary>
public sealed class ThroughputTests
{
    [Theory]
    [InlineData(5, 12, new[] { 5, 5, 2 })]
    [InlineData(1, 3, new[] { 1, 1, 1 })]
    [InlineData(100, 12, new[] { 12 })]
    public void A_turn_processes_at_most_the_configured_throughput(int throughput, int messages, int[] expectedTurns)
    {
        var executor = new SteppedExecutor();
        var config = ConfigFactory.ParseString($"actorrealm.actor.default-dispatcher.throughput = {throughput}");
        var system = ActorSystem.Create("throughput", config, new ActorSystemSetup { Executor = executor });
        var counter = new ProcessedCounter();
        var actor = system.ActorOf(Props.Create(() => new Counting(counter)));
        executor.RunAll();

        for (var i = 0; i < messages; i++)
        {
            actor.Tell(i);
        }

        // Run one scheduled turn at a time and see how many messages each one processed.
        var turns = new List<int>();
        while (executor.RunOne())
        {
            var processed = counter.TakeProcessed();
            if (processed > 0)
            {
                turns.Add(processed);
            }
        }

        Assert.Equal(expectedTurns, turns);

        // Shutdown phases may continue on the thread pool and post back here: step until terminated, with a deadline.
        var terminated = system.Terminate();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!terminated.IsCompleted && DateTime.UtcNow < deadline)
        {
            if (!executor.RunOne())
            {
                ((IAsyncResult)terminated).AsyncWaitHandle.WaitOne(TimeSpan.FromMilliseconds(10));
            }
        }

        Assert.True(terminated.IsCompletedSuccessfully, "the system did not terminate within 30 s");
    }

    private sealed class ProcessedCounter
    {
        private int _processed;

        public void Increment() => _processed++;

        public int TakeProcessed()
        {
            var processed = _processed;
            _processed = 0;
            return processed;
        }
    }

    private sealed class Counting : ReceiveActor
    {
        public Counting(ProcessedCounter counter) => Receive<int>(_ => counter.Increment());
    }

    /// <summary>Queues every turn and posted action; the test runs them one at a time on its own thread.</summary>
    private sealed class SteppedExecutor : IActorExecutor
    {
        private readonly Queue<Action> _work = new();

        public bool IsDeterministic => false;

        public SynchronizationContext? SynchronizationContext => null;

        public void Execute(IThreadPoolWorkItem work)
        {
            lock (_work)
            {
                _work.Enqueue(work.Execute);
            }
        }

        public void Post(Action action)
        {
            lock (_work)
            {
                _work.Enqueue(action);
            }
        }

        public bool RunOne()
        {
            Action? next;
            lock (_work)
            {
                if (!_work.TryDequeue(out next))
                {
                    return false;
                }
            }

            next();
            return true;
        }

        public void RunAll()
        {
            while (RunOne())
            {
            }
        }
    }
}
