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
    public void Lifecycle_hooks_run_in_order_on_restart()
    {
        var actor = Sys.ActorOf(Props.Create(() => new LifecycleActor(TestActor)));
        Assert.Equal("ctor", ExpectMsg<string>());
        Assert.Equal("preStart", ExpectMsg<string>());
        var failure = new InvalidOperationException("fail1");
        actor.Tell(failure);
        Assert.StartsWith("preRestart:fail1:", ExpectMsg<string>(), StringComparison.Ordinal);
        Assert.Equal("postStop", ExpectMsg<string>());
        Assert.Equal("ctor", ExpectMsg<string>());
        Assert.Equal("postRestart:fail1", ExpectMsg<string>());
        Assert.Equal("preStart", ExpectMsg<string>());
        actor.Tell("ping", TestActor);
        Assert.Equal("pong", ExpectMsg<string>());
    }

    [Fact]
    public void Exception_in_constructor_stops_the_actor()
    {
        var actor = Sys.ActorOf(Props.Create(() => new ThrowingConstructor()));
        TestActor.Watch(actor);
        TestActor.ExpectTerminated(actor);
    }

    private sealed class ThrowingConstructor : ReceiveActor
    {
        public ThrowingConstructor() => throw new InvalidOperationException("ctor failed");
    }
}
