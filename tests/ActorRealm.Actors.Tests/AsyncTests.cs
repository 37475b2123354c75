using ActorRealm.Actors.Deterministic;
using ActorRealm.TestKit;

namespace ActorRealm.Actors.Tests;

public sealed class AsyncTests : TestKitBase
{
    [Fact]
    public void ReceiveAsync_suspends_the_mailbox_until_the_task_completes()
    {
        var gate = new TaskCompletionSource();
        var actor = Sys.ActorOf(Props.Create(() => new AsyncWorker(gate.Task)));
        actor.Tell("slow", TestActor);
        actor.Tell("fast", TestActor);
        ExpectMsg<string>(s => s == "slow:started");
        TestActor.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        gate.SetResult();
        Assert.Equal("slow:done", ExpectMsg<string>());
        Assert.Equal("fast", ExpectMsg<string>());
    }

    [Fact]
    public void Continuations_run_as_the_actor_with_its_sender_and_self()
    {
        var gate = new TaskCompletionSource();
        var actor = Sys.ActorOf(Props.Create(() => new AsyncWorker(gate.Task)));
        actor.Tell("slow", TestActor);
        ExpectMsg<string>(s => s == "slow:started");
        var completer = new Thread(() => gate.SetResult());
        completer.Start();
        completer.Join();
        Assert.Equal("slow:done", ExpectMsg<string>());
        Assert.Equal(actor, TestActor.Sender);
    }

    [Fact]
    public void A_faulted_task_is_a_failure_of_the_actor()
    {
        var gate = new TaskCompletionSource();
        var actor = Sys.ActorOf(Props.Create(() => new AsyncWorker(gate.Task)));
        actor.Tell("count", TestActor);
        Assert.Equal(1, ExpectMsg<int>());
        actor.Tell("fail", TestActor);
        actor.Tell("count", TestActor);
        Assert.Equal(1, ExpectMsg<int>());
    }

    [Fact]
    public void PipeTo_sends_the_result_or_the_failure()
    {
        Task.FromResult(5).PipeTo(TestActor);
        Assert.Equal(5, ExpectMsg<int>());
        Task.FromException<int>(new InvalidOperationException("x")).PipeTo(TestActor);
        Assert.Equal("x", ExpectMsg<Status.Failure>().Cause.Message);
        Task.FromResult(2).PipeTo(TestActor, success: v => $"value {v}");
        Assert.Equal("value 2", ExpectMsg<string>());
    }

    [Fact]
    public void Async_handlers_are_deterministic_in_simulation()
    {
        static List<DeliveryRecord> Run(int seed)
        {
            using var sim = new Simulation(seed);
            var trace = sim.RecordTrace();
            var system = sim.CreateSystem("async");
            var echo = system.ActorOf(Props.Create<EchoActor>(), "echo");
            var askers = Enumerable.Range(0, 5).Select(i => system.ActorOf(Props.Create(() => new Asker(echo)), $"asker{i}")).ToList();
            for (var round = 0; round < 10; round++)
            {
                askers.ForEach(a => a.Tell(round));
            }

            sim.RunFor(TimeSpan.FromSeconds(5));
            Assert.Equal(0, sim.Executor.ForeignThreadPosts);
            return [.. trace];
        }

        var first = Run(11);
        Assert.Equal(first, Run(11));
        Assert.Contains(first, r => r.Message.Contains("answered", StringComparison.Ordinal));
    }

    /// <summary>Awaits an Ask and a virtual-time delay inside ReceiveAsync, then reports.</summary>
    private sealed class Asker : ReceiveActor
    {
        public Asker(IActorRef echo) => ReceiveAsync<int>(async round =>
        {
            var reply = await echo.Ask<int>(round);
            await Task.Delay(TimeSpan.FromMilliseconds(10 * (round + 1)), Context.System.TimeProvider);
            Self.Tell($"answered {reply}");
        });
    }

    private sealed class AsyncWorker : ReceiveActor
    {
        private int _count;

        public AsyncWorker(Task gate)
        {
            ReceiveAsync<string>(s => s == "slow", async _ =>
            {
                Sender.Tell("slow:started");
                await gate;
                Sender.Tell("slow:done");
            });
            ReceiveAsync<string>(s => s == "fail", async _ =>
            {
                await Task.Yield();
                throw new InvalidOperationException("async failure");
            });
            Receive<string>(s => s == "count", _ => Sender.Tell(++_count));
            Receive<string>(s => Sender.Tell(s));
        }
    }
}
