using ActorRealm.Actors.Supervision;
using ActorRealm.TestKit;

namespace ActorRealm.Actors.Tests;

public sealed class SupervisionTests : TestKitBase
{
    [Fact]
    public void Default_strategy_restarts_and_the_state_is_lost()
    {
        var counter = Sys.ActorOf(Props.Create<CounterActor>());
        counter.Tell("inc");
        counter.Tell("inc");
        counter.Tell("boom");
        counter.Tell("inc");
        Assert.Equal(1, Await(counter.Ask<int>("get")));
    }

    [Fact]
    public void Lifecycle_hooks_run_in_order_on_restart_with_the_failed_message()
    {
        var actor = Sys.ActorOf(Props.Create(() => new LifecycleActor(TestActor)));
        Assert.Equal("ctor", ExpectMsg<string>());
        Assert.Equal("preStart", ExpectMsg<string>());
        var failure = new InvalidOperationException("fail1");
        actor.Tell(failure);
        Assert.StartsWith("preRestart:fail1:System.InvalidOperationException: fail1", ExpectMsg<string>(), StringComparison.Ordinal);
        Assert.Equal("postStop", ExpectMsg<string>());
        Assert.Equal("ctor", ExpectMsg<string>());
        Assert.Equal("postRestart:fail1", ExpectMsg<string>());
        Assert.Equal("preStart", ExpectMsg<string>());
        actor.Tell("ping", TestActor);
        Assert.Equal("pong", ExpectMsg<string>());
    }

    [Fact]
    public void Resume_keeps_the_state()
    {
        var parent = Parent(new OneForOneStrategy(_ => Directive.Resume));
        var counter = Child(parent, Props.Create<CounterActor>(), "c");
        counter.Tell("inc");
        counter.Tell("boom");
        counter.Tell("inc");
        Assert.Equal(2, Await(counter.Ask<int>("get")));
    }

    [Fact]
    public void Stop_directive_stops_the_child()
    {
        var parent = Parent(new OneForOneStrategy(_ => Directive.Stop));
        var counter = Child(parent, Props.Create<CounterActor>(), "c");
        TestActor.Watch(counter);
        counter.Tell("boom");
        TestActor.ExpectTerminated(counter);
    }

    [Fact]
    public void Escalate_fails_the_parent_which_is_restarted_by_its_own_supervisor()
    {
        var grandparent = Parent(SupervisorStrategy.Default);
        var parent = Child(grandparent, Props.Create(() => new LifecycleParent(TestActor, new OneForOneStrategy(_ => Directive.Escalate))), "parent");
        ExpectMsg<string>(s => s == "parent:preStart");
        var child = Await(parent.Ask<IActorRef>((Props.Create<CounterActor>(), "child")));
        child.Tell("boom");
        ExpectMsg<string>(s => s.StartsWith("parent:preRestart:boom", StringComparison.Ordinal));
        ExpectMsg<string>(s => s == "parent:postStop");
        ExpectMsg<string>(s => s == "parent:preStart");
        Assert.Null(Await(parent.Ask<IActorRef?>("child?")));
    }

    [Fact]
    public void A_failure_escalated_to_the_user_guardian_stops_the_top_level_actor_and_the_system_lives_on()
    {
        var parent = Sys.ActorOf(Props.Create(() => new LifecycleParent(TestActor, new OneForOneStrategy(_ => Directive.Escalate))), "escalator");
        ExpectMsg<string>(s => s == "parent:preStart");
        var child = Await(parent.Ask<IActorRef>((Props.Create<CounterActor>(), "child")));
        TestActor.Watch(parent);
        child.Tell("boom");
        ExpectMsg<string>(s => s == "parent:postStop");
        TestActor.ExpectTerminated(parent);
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        Assert.Equal("alive", Await(echo.Ask<string>("alive")));
    }

    [Fact]
    public void All_for_one_restarts_every_sibling()
    {
        var parent = Parent(new AllForOneStrategy(_ => Directive.Restart));
        var a = Child(parent, Props.Create<CounterActor>(), "a");
        var b = Child(parent, Props.Create<CounterActor>(), "b");
        a.Tell("inc");
        b.Tell("inc");
        b.Tell("inc");
        Assert.Equal(1, Await(a.Ask<int>("get")));
        Assert.Equal(2, Await(b.Ask<int>("get")));
        a.Tell("boom");
        AwaitAssert(() => Assert.Equal(0, Await(b.Ask<int>("get"))));
        Assert.Equal(0, Await(a.Ask<int>("get")));
    }

    [Fact]
    public void All_for_one_stop_stops_every_sibling()
    {
        var parent = Parent(new AllForOneStrategy(_ => Directive.Stop));
        var a = Child(parent, Props.Create<CounterActor>(), "a");
        var b = Child(parent, Props.Create<CounterActor>(), "b");
        TestActor.Watch(a);
        TestActor.Watch(b);
        a.Tell("boom");
        TestActor.ExpectMsg<Terminated>();
        TestActor.ExpectMsg<Terminated>();
    }

    [Fact]
    public void Restart_limit_stops_the_child_when_exceeded()
    {
        var parent = Parent(new OneForOneStrategy(2, null, _ => Directive.Restart));
        var counter = Child(parent, Props.Create<CounterActor>(), "c");
        TestActor.Watch(counter);
        counter.Tell("boom");
        counter.Tell("boom");
        Assert.Equal(0, Await(counter.Ask<int>("get")));
        counter.Tell("boom");
        TestActor.ExpectTerminated(counter);
    }

    [Fact]
    public void A_zero_retry_limit_stops_at_the_first_failure()
    {
        var parent = Parent(new OneForOneStrategy(0, null, _ => Directive.Restart));
        var counter = Child(parent, Props.Create<CounterActor>(), "c");
        TestActor.Watch(counter);
        counter.Tell("boom");
        TestActor.ExpectTerminated(counter);
    }

    [Fact]
    public void Exception_in_constructor_stops_the_actor()
    {
        var actor = Sys.ActorOf(Props.Create(() => new ThrowingConstructor()));
        TestActor.Watch(actor);
        TestActor.ExpectTerminated(actor);
    }

    [Fact]
    public void Exception_in_PreStart_stops_the_actor_without_PostStop()
    {
        var actor = Sys.ActorOf(Props.Create(() => new ThrowingPreStart(TestActor)));
        TestActor.Watch(actor);
        TestActor.ExpectTerminated(actor);
        TestActor.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_custom_decider_can_restart_after_a_constructor_failure()
    {
        var attempts = new Counter();
        var parent = Parent(new OneForOneStrategy(-1, null, e => e is ActorInitializationException ? Directive.Restart : Directive.Stop));
        var flaky = Child(parent, Props.Create(() => new FlakyConstructor(attempts, 2)), "flaky");
        Assert.Equal("up", Await(flaky.Ask<string>("status")));
        Assert.Equal(3, attempts.Value);
    }

    [Fact]
    public void Exception_in_PostRestart_stops_the_actor()
    {
        var actor = Sys.ActorOf(Props.Create(() => new ThrowingPostRestart(TestActor)));
        TestActor.Watch(actor);
        actor.Tell(new InvalidOperationException("first"));
        TestActor.ExpectTerminated(actor);
    }

    [Fact]
    public void Exception_in_PreRestart_is_logged_and_the_restart_continues()
    {
        var actor = Sys.ActorOf(Props.Create(() => new ThrowingPreRestart(TestActor)));
        ExpectMsg<string>(s => s == "started");
        actor.Tell(new InvalidOperationException("x"));
        ExpectMsg<string>(s => s == "started");
        actor.Tell("ping", TestActor);
        Assert.Equal("pong", ExpectMsg<string>());
    }

    [Fact]
    public void Exception_in_PostStop_does_not_prevent_termination()
    {
        var actor = Sys.ActorOf(Props.Create(() => new ThrowingPostStop()));
        TestActor.Watch(actor);
        Sys.Stop(actor);
        TestActor.ExpectTerminated(actor);
    }

    [Fact]
    public void Children_are_stopped_when_their_parent_restarts()
    {
        var parent = Sys.ActorOf(Props.Create(() => new LifecycleParent(TestActor, SupervisorStrategy.Default)), "restarting-parent");
        ExpectMsg<string>(s => s == "parent:preStart");
        var child = Await(parent.Ask<IActorRef>((Props.Create<EchoActor>(), "kid")));
        var watcher = CreateTestProbe();
        watcher.Watch(child);
        parent.Tell(new InvalidOperationException("restart me"));
        watcher.ExpectTerminated(child);
        ExpectMsg<string>(s => s.StartsWith("parent:preRestart", StringComparison.Ordinal));
        ExpectMsg<string>(s => s == "parent:postStop");
        ExpectMsg<string>(s => s == "parent:preStart");
        AwaitAssert(() => Assert.Null(Await(parent.Ask<IActorRef?>("child?"))));
    }

    [Fact]
    public void A_throwing_decider_stops_the_child()
    {
        var parent = Parent(new OneForOneStrategy(_ => throw new InvalidOperationException("decider bug")));
        var counter = Child(parent, Props.Create<CounterActor>(), "c");
        TestActor.Watch(counter);
        counter.Tell("boom");
        TestActor.ExpectTerminated(counter);
    }

    [Fact]
    public void Messages_after_the_failing_one_are_processed_after_a_restart()
    {
        var counter = Sys.ActorOf(Props.Create<CounterActor>());
        counter.Tell("boom");
        for (var i = 0; i < 10; i++)
        {
            counter.Tell("inc");
        }

        Assert.Equal(10, Await(counter.Ask<int>("get")));
    }

    [Fact]
    public void Default_decider_maps_exceptions_as_documented()
    {
        Assert.Equal(Directive.Stop, SupervisorStrategy.DefaultDecider(new ActorInitializationException("x")));
        Assert.Equal(Directive.Stop, SupervisorStrategy.DefaultDecider(new ActorKilledException()));
        Assert.Equal(Directive.Stop, SupervisorStrategy.DefaultDecider(new DeathPactException()));
        Assert.Equal(Directive.Restart, SupervisorStrategy.DefaultDecider(new InvalidOperationException()));
    }

    [Fact]
    public void Stopping_guardian_strategy_stops_failing_top_level_actors()
    {
        using var kit = new SettingsKit(ActorSettings.Default with { GuardianStrategy = GuardianStrategy.Stopping });
        var counter = kit.Sys.ActorOf(Props.Create<CounterActor>());
        kit.TestActor.Watch(counter);
        counter.Tell("boom");
        kit.TestActor.ExpectTerminated(counter);
    }

    private IActorRef Parent(SupervisorStrategy strategy) => Sys.ActorOf(Props.Create(() => new ParentActor(strategy)));

    private IActorRef Child(IActorRef parent, Props props, string name) => Await(parent.Ask<IActorRef>((props, name)));

    private sealed class Counter
    {
        private int _value;

        public int Value => Volatile.Read(ref _value);

        public int Increment() => Interlocked.Increment(ref _value);
    }

    private sealed class SettingsKit(ActorSettings settings) : TestKitBase(settings: settings);

    private sealed class ThrowingConstructor : ReceiveActor
    {
        public ThrowingConstructor() => throw new InvalidOperationException("ctor failed");
    }

    private sealed class FlakyConstructor : ReceiveActor
    {
        public FlakyConstructor(Counter attempts, int failures)
        {
            if (attempts.Increment() <= failures)
            {
                throw new InvalidOperationException("not yet");
            }

            Receive<string>(_ => Sender.Tell("up"));
        }
    }

    private sealed class ThrowingPreStart(IActorRef probe) : ReceiveActor
    {
        protected override void PreStart() => throw new InvalidOperationException("preStart failed");

        protected override void PostStop() => probe.Tell("postStop");
    }

    private sealed class ThrowingPostRestart : ReceiveActor
    {
        public ThrowingPostRestart(IActorRef probe) => Receive<Exception>(e => throw e);

        protected override void PostRestart(Exception reason) => throw new InvalidOperationException("postRestart failed");
    }

    private sealed class ThrowingPreRestart : ReceiveActor
    {
        private readonly IActorRef _probe;

        public ThrowingPreRestart(IActorRef probe)
        {
            _probe = probe;
            Receive<Exception>(e => throw e);
            Receive<string>(_ => Sender.Tell("pong"));
        }

        protected override void PreStart() => _probe.Tell("started");

        protected override void PreRestart(Exception reason, object? message) => throw new InvalidOperationException("preRestart failed");
    }

    private sealed class ThrowingPostStop : ReceiveActor
    {
        protected override void PostStop() => throw new InvalidOperationException("postStop failed");
    }

    /// <summary>A parent reporting its lifecycle, with a chosen strategy for its children.</summary>
    private sealed class LifecycleParent : ReceiveActor
    {
        private readonly IActorRef _probe;
        private readonly SupervisorStrategy _strategy;

        public LifecycleParent(IActorRef probe, SupervisorStrategy strategy)
        {
            _probe = probe;
            _strategy = strategy;
            Receive<(Props Props, string Name)>(p => Sender.Tell(Context.ActorOf(p.Props, p.Name)));
            Receive<string>(s => s == "child?", _ => Sender.Tell(new Status.Success(Context.Children.FirstOrDefault())));
            Receive<Exception>(e => throw e);
        }

        protected override SupervisorStrategy SupervisorStrategy => _strategy;

        protected override void PreStart() => _probe.Tell("parent:preStart");

        protected override void PostStop() => _probe.Tell("parent:postStop");

        protected override void PreRestart(Exception reason, object? message)
        {
            _probe.Tell($"parent:preRestart:{reason.Message}");
            base.PreRestart(reason, message);
        }
    }
}
