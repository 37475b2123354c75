using ActorRealm.Actors.Supervision;
using ActorRealm.TestKit;

namespace ActorRealm.Actors.Tests;

/// <summary>Restart limits within a time window, in virtual time.</summary>
public sealed class RestartWindowTests : TestKitBase
{
    public RestartWindowTests()
        : base(seed: 21)
    {
    }

    [Fact]
    public void Restarts_are_counted_within_the_window_only()
    {
        var parent = Sys.ActorOf(Props.Create(() => new ParentActor(new OneForOneStrategy(2, TimeSpan.FromSeconds(10), _ => Directive.Restart))));
        var child = Await(parent.Ask<IActorRef>((Props.Create<CounterActor>(), "c")));
        TestActor.Watch(child);

        // Two failures in a window are allowed; the window then expires.
        child.Tell("boom");
        child.Tell("boom");
        Assert.Equal(0, Await(child.Ask<int>("get")));
        Simulation!.RunFor(TimeSpan.FromSeconds(11));

        // A new window: two more are allowed again.
        child.Tell("boom");
        Simulation.RunFor(TimeSpan.FromSeconds(1));
        child.Tell("boom");
        Assert.Equal(0, Await(child.Ask<int>("get")));

        // A third within the same window exceeds the limit.
        Simulation.RunFor(TimeSpan.FromSeconds(1));
        child.Tell("boom");
        TestActor.ExpectTerminated(child);
    }

    [Fact]
    public void Unlimited_retries_with_a_window_allow_one_restart_per_window()
    {
        var parent = Sys.ActorOf(Props.Create(() => new ParentActor(new OneForOneStrategy(-1, TimeSpan.FromSeconds(5), _ => Directive.Restart))));
        var child = Await(parent.Ask<IActorRef>((Props.Create<CounterActor>(), "c")));
        TestActor.Watch(child);
        child.Tell("boom");
        Simulation!.RunFor(TimeSpan.FromSeconds(6));
        child.Tell("boom");
        Assert.Equal(0, Await(child.Ask<int>("get")));
        child.Tell("boom");
        TestActor.ExpectTerminated(child);
    }
}
