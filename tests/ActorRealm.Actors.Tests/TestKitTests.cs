using ActorRealm.TestKit;
using Xunit.Sdk;

namespace ActorRealm.Actors.Tests;

/// <summary>The TestKit itself: expectations fail when they should, and waits honour deadlines.</summary>
public sealed class TestKitTests : TestKitBase
{
    [Fact]
    public void ExpectMsg_fails_on_timeout_on_a_wrong_type_and_on_a_failed_predicate()
    {
        Assert.Throws<XunitException>(() => ExpectMsg<string>(TimeSpan.FromMilliseconds(50)));
        TestActor.Tell(1);
        Assert.Throws<XunitException>(() => ExpectMsg<string>());
        TestActor.Tell("a");
        Assert.Throws<XunitException>(() => ExpectMsg<string>(s => s == "b"));
        TestActor.Tell("c");
        Assert.Equal("c", TestActor.ExpectMsg("c"));
    }

    [Fact]
    public void ExpectNoMsg_fails_when_a_message_arrives()
    {
        TestActor.Tell("surprise");

        // Delivery is asynchronous: on a loaded machine "surprise" took longer than a 50 ms window (the
        // test failed). ExpectNoMsg fails as soon as a message arrives, so a long window costs nothing.
        Assert.Throws<XunitException>(() => ExpectNoMsg(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void FishForMessage_skips_until_the_match()
    {
        foreach (var i in Enumerable.Range(1, 5))
        {
            TestActor.Tell(i);
        }

        Assert.Equal(4, TestActor.FishForMessage<int>(i => i > 3));
        Assert.Equal(5, ExpectMsg<int>());
        Assert.Throws<XunitException>(() => TestActor.FishForMessage<int>(i => i > 100, TimeSpan.FromMilliseconds(50)));
    }

    [Fact]
    public void ReceiveWhile_collects_until_the_filter_rejects_and_leaves_that_message()
    {
        foreach (var m in new object[] { 1, 2, 3, "stop", 4 })
        {
            TestActor.Tell(m);
        }

        var ints = TestActor.ReceiveWhile(m => m is int i ? (int?)i : null, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200));
        Assert.Equal([1, 2, 3], ints.Select(i => i!.Value));
        Assert.Equal("stop", ExpectMsg<string>());
        Assert.Equal(4, ExpectMsg<int>());
    }

    [Fact]
    public void Reply_goes_to_the_last_sender()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        var probe = CreateTestProbe();
        echo.Tell("x", probe);
        probe.ExpectMsg<string>();
        Assert.Equal(echo, probe.Sender);
        probe.Send(echo, "y");
        probe.ExpectMsg("y");
        probe.Reply("z");
        probe.ExpectMsg("z");
    }

    [Fact]
    public void Within_fails_when_the_block_is_too_slow_or_too_fast()
    {
        Assert.Throws<XunitException>(() => Within(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(6), () => { }));
        Assert.Throws<XunitException>(() => Within(TimeSpan.FromMilliseconds(100), () => ExpectMsg<string>()));
    }

    [Fact]
    public void AwaitCondition_and_AwaitAssert_honour_their_deadlines()
    {
        var flag = false;
        var setter = new Thread(() => flag = true);
        setter.Start();
        AwaitCondition(() => Volatile.Read(ref flag));
        setter.Join();
        Assert.Throws<XunitException>(() => AwaitCondition(() => false, TimeSpan.FromMilliseconds(50), "never"));
        var failure = Assert.Throws<XunitException>(() => AwaitAssert(() => Assert.Equal(1, 2), TimeSpan.FromMilliseconds(50)));
        Assert.Contains("Assertion did not pass", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_time_factor_scales_real_time_timeouts()
    {
        Assert.True(TestTimeouts.Factor > 0);
        Assert.Equal(TimeSpan.FromSeconds(2) * TestTimeouts.Factor, TestTimeouts.Dilated(TimeSpan.FromSeconds(2)));
        Assert.Equal(TestTimeouts.Dilated(TestTimeouts.DefaultTimeout), Clock.DefaultTimeout);
    }

    [Fact]
    public void A_probe_equals_its_ref_and_can_be_watched()
    {
        var probe = CreateTestProbe();
        Assert.True(probe.Equals(probe.Ref));
        Assert.True(probe.Ref.Equals(probe));
        TestActor.Watch(probe);
        Sys.Stop(probe.Ref);
        TestActor.ExpectTerminated(probe);
    }
}

/// <summary>The TestKit in virtual-time mode: waits run the simulation, so long timeouts cost nothing.</summary>
public sealed class VirtualTimeTestKitTests : TestKitBase
{
    public VirtualTimeTestKitTests()
        : base(seed: 99)
    {
    }

    [Fact]
    public void ExpectNoMsg_advances_virtual_time_instead_of_waiting()
    {
        var start = Simulation!.Time.Elapsed;
        ExpectNoMsg(TimeSpan.FromHours(2));
        Assert.Equal(TimeSpan.FromHours(2), Simulation.Time.Elapsed - start);
    }

    [Fact]
    public void ExpectMsg_runs_the_simulation_until_the_message_arrives()
    {
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMinutes(30), TestActor, "later");
        Assert.Equal("later", ExpectMsg<string>(TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.FromMinutes(30), Simulation!.Time.Elapsed);
    }

    [Fact]
    public void ExpectMsg_fails_at_the_virtual_deadline()
    {
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMinutes(30), TestActor, "too late");
        Assert.Throws<XunitException>(() => ExpectMsg<string>(TimeSpan.FromMinutes(29)));
        Assert.Equal("too late", ExpectMsg<string>(TimeSpan.FromMinutes(2)));
    }

    [Fact]
    public void Ask_can_be_awaited_in_virtual_time()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        Assert.Equal("v", Await(echo.Ask<string>("v")));
        Assert.Throws<AskTimeoutException>(() => Await(Sys.DeadLetters.Ask<string>("nobody answers", TimeSpan.FromMinutes(5)), TimeSpan.FromMinutes(10)));
        Assert.Equal(0, Simulation!.Executor.ForeignThreadPosts);
    }

    [Fact]
    public void AwaitCondition_runs_the_simulation()
    {
        var counter = Sys.ActorOf(Props.Create<CounterActor>());
        Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), counter, "inc");
        AwaitAssert(() => Assert.True(Await(counter.Ask<int>("get")) >= 10), TimeSpan.FromMinutes(1));
        Assert.True(Simulation!.Time.Elapsed >= TimeSpan.FromSeconds(10));
    }
}
