using ActorRealm.TestKit;

namespace ActorRealm.Actors.Tests;

/// <summary>Timers, receive timeout and the scheduler, in virtual time (minutes of timers run in milliseconds).</summary>
public sealed class TimerTests : TestKitBase
{
    public TimerTests()
        : base(seed: 7)
    {
    }

    [Fact]
    public void A_single_timer_fires_once_after_its_delay()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartSingle("k", "fired", TimeSpan.FromSeconds(10)));
        Within(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), () => Assert.Equal("fired", ExpectMsg<string>()));
        ExpectNoMsg(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void A_periodic_timer_fires_every_interval_until_cancelled()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartPeriodic("tick", "tick", TimeSpan.FromSeconds(1)));
        for (var i = 0; i < 5; i++)
        {
            Within(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), () => Assert.Equal("tick", ExpectMsg<string>()));
        }

        actor.Tell(new CancelTimer("tick"));
        ExpectNoMsg(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Restarting_a_timer_with_the_same_key_replaces_it()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartSingle("k", "old", TimeSpan.FromSeconds(5)));
        actor.Tell(new StartSingle("k", "new", TimeSpan.FromSeconds(8)));
        Assert.Equal("new", ExpectMsg<string>(TimeSpan.FromSeconds(10)));
        ExpectNoMsg(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_cancelled_timer_does_not_deliver_a_message_already_queued()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartSingle("k", "late", TimeSpan.FromSeconds(1)));
        Simulation!.RunFor(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));

        // The cancel is queued, then the timer fires behind it: the actor cancels first and must drop the timer's message.
        actor.Tell(new CancelTimer("k"));
        Simulation.Time.Advance(TimeSpan.FromTicks(1));
        Assert.False(Simulation.Executor.IsIdle);
        ExpectNoMsg(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Timers_are_cancelled_on_restart_and_on_stop()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartPeriodic("p", "tick", TimeSpan.FromSeconds(1)));
        Assert.Equal("tick", ExpectMsg<string>(TimeSpan.FromSeconds(2)));
        actor.Tell(new InvalidOperationException("restart"));
        ExpectNoMsg(TimeSpan.FromSeconds(5));

        actor.Tell(new StartPeriodic("p", "tock", TimeSpan.FromSeconds(1)));
        Assert.Equal("tock", ExpectMsg<string>(TimeSpan.FromSeconds(2)));
        Sys.Stop(actor);
        ExpectNoMsg(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Timers_started_by_a_failing_constructor_do_not_outlive_it()
    {
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe<DeadLetter>(deadLetters);
        var doomed = Sys.ActorOf(Props.Create(() => new FailsAfterStartingTimers()));
        TestActor.Watch(doomed);
        TestActor.ExpectTerminated(doomed);
        deadLetters.ExpectNoMsg(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Active_timers_are_listed()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartSingle("a", "x", TimeSpan.FromSeconds(100)));
        actor.Tell(new StartPeriodic("b", "y", TimeSpan.FromSeconds(100)));
        actor.Tell("list", TestActor);
        Assert.Equal("a,b", ExpectMsg<string>());
    }

    [Fact]
    public void Receive_timeout_fires_after_idleness_and_repeats()
    {
        var actor = Sys.ActorOf(Props.Create(() => new IdleWatcher(TestActor, TimeSpan.FromSeconds(3))));
        Within(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3), () => Assert.Same(ReceiveTimeout.Instance, ExpectMsg<ReceiveTimeout>()));
        Within(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3), () => Assert.Same(ReceiveTimeout.Instance, ExpectMsg<ReceiveTimeout>()));
        Assert.NotNull(actor);
    }

    [Fact]
    public void Messages_push_the_receive_timeout_back()
    {
        var actor = Sys.ActorOf(Props.Create(() => new IdleWatcher(TestActor, TimeSpan.FromSeconds(3))));
        for (var i = 0; i < 5; i++)
        {
            Simulation!.RunFor(TimeSpan.FromSeconds(2));
            actor.Tell("busy");
        }

        // Ten seconds have passed, but never three idle ones.
        TestActor.ExpectNoMsg(TimeSpan.FromSeconds(2.5));
        Assert.IsType<ReceiveTimeout>(ExpectMsg<ReceiveTimeout>(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Messages_that_do_not_influence_the_receive_timeout_do_not_push_it_back()
    {
        var actor = Sys.ActorOf(Props.Create(() => new IdleWatcher(TestActor, TimeSpan.FromSeconds(3))));
        Simulation!.RunFor(TimeSpan.FromSeconds(2));
        actor.Tell(new Quiet());
        Within(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), () => ExpectMsg<ReceiveTimeout>());
    }

    [Fact]
    public void Receive_timeout_can_be_turned_off()
    {
        var actor = Sys.ActorOf(Props.Create(() => new IdleWatcher(TestActor, TimeSpan.FromSeconds(3))));
        actor.Tell("off");
        ExpectNoMsg(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void Scheduler_tells_once_repeatedly_and_can_be_cancelled()
    {
        var once = Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(2), TestActor, "once");
        var repeated = Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TestActor, "again");
        Assert.Equal("again", ExpectMsg<string>(TimeSpan.FromSeconds(1)));
        Assert.Equal("once", ExpectMsg<string>(TimeSpan.FromSeconds(1)));
        Assert.Equal("again", ExpectMsg<string>(TimeSpan.FromSeconds(5)));
        repeated.Cancel();
        Assert.True(repeated.IsCancellationRequested);
        ExpectNoMsg(TimeSpan.FromSeconds(30));
        Assert.True(once.IsCancellationRequested);

        var cancelledEarly = Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), TestActor, "never");
        cancelledEarly.Cancel();
        ExpectNoMsg(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Scheduled_actions_run_and_their_exceptions_do_not_escape()
    {
        var runs = 0;
        Sys.Scheduler.ScheduleOnce(TimeSpan.FromSeconds(1), () => throw new InvalidOperationException("bad action"));
        var repeated = Sys.Scheduler.ScheduleRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), () => runs++);
        Simulation!.RunFor(TimeSpan.FromSeconds(3.5));
        repeated.Cancel();
        Simulation.RunFor(TimeSpan.FromSeconds(3));
        Assert.Equal(3, runs);
    }

    internal sealed record StartSingle(string Key, string Message, TimeSpan Delay);

    internal sealed record StartPeriodic(string Key, string Message, TimeSpan Interval);

    internal sealed record CancelTimer(string Key);

    internal sealed record Quiet : INotInfluenceReceiveTimeout;

    private sealed class TimerActor : ReceiveActor
    {
        public TimerActor(IActorRef probe)
        {
            Receive<StartSingle>(s => Context.Timers.StartSingleTimer(s.Key, s.Message, s.Delay));
            Receive<StartPeriodic>(s => Context.Timers.StartPeriodicTimer(s.Key, s.Message, s.Interval));
            Receive<CancelTimer>(c => Context.Timers.Cancel(c.Key));
            Receive<string>(s => s == "list", _ => Sender.Tell(string.Join(",", Context.Timers.ActiveTimers.Cast<string>().Order())));
            Receive<string>(s => probe.Tell(s));
            Receive<Exception>(e => throw e);
        }
    }

    private sealed class FailsAfterStartingTimers : ReceiveActor
    {
        public FailsAfterStartingTimers()
        {
            Context.Timers.StartPeriodicTimer("tick", "tick", TimeSpan.FromSeconds(1));
            Context.SetReceiveTimeout(TimeSpan.FromSeconds(2));
            throw new InvalidOperationException("constructor failed after starting timers");
        }
    }

    private sealed class IdleWatcher : ReceiveActor
    {
        public IdleWatcher(IActorRef probe, TimeSpan timeout)
        {
            Context.SetReceiveTimeout(timeout);
            Receive<ReceiveTimeout>(t => probe.Tell(t));
            Receive<string>(s => s == "off", _ => Context.SetReceiveTimeout(null));
            Receive<string>(_ => { });
            Receive<Quiet>(_ => { });
        }
    }
}
