using ActorRealm.TestKit;

namespace ActorRealm.Actors.Tests;

public sealed class StashTests : TestKitBase
{
    public StashTests()
        : base(settings: ActorSettings.Default with { StashCapacity = 3 })
    {
    }

    [Fact]
    public void Stashed_messages_come_back_in_order_before_newer_ones()
    {
        var gate = Sys.ActorOf(Props.Create(() => new Gate()));
        gate.Tell("a", TestActor);
        gate.Tell("b", TestActor);
        gate.Tell("open", TestActor);
        gate.Tell("c", TestActor);
        Assert.Equal("a", ExpectMsg<string>());
        Assert.Equal("b", ExpectMsg<string>());
        Assert.Equal("c", ExpectMsg<string>());
    }

    [Fact]
    public void Unstash_brings_back_only_the_oldest()
    {
        var gate = Sys.ActorOf(Props.Create(() => new Gate()));
        gate.Tell("a", TestActor);
        gate.Tell("b", TestActor);
        gate.Tell("one", TestActor);
        Assert.Equal("a", ExpectMsg<string>());
        TestActor.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Stashing_beyond_the_capacity_fails_with_StashOverflowException()
    {
        var errors = CreateTestProbe();
        var gate = Sys.ActorOf(Props.Create(() => new Gate(errors)));
        foreach (var m in new[] { "a", "b", "c", "d" })
        {
            gate.Tell(m, TestActor);
        }

        var overflow = errors.ExpectMsg<StashOverflowException>();
        Assert.Contains("full (3)", overflow.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unbounded_stash_ignores_the_capacity()
    {
        var gate = Sys.ActorOf(Props.Create(() => new UnboundedGate()));
        for (var i = 0; i < 10; i++)
        {
            gate.Tell(i, TestActor);
        }

        gate.Tell("open", TestActor);
        Assert.Equal(Enumerable.Range(0, 10).Cast<object>(), TestActor.ReceiveN(10));
    }

    [Fact]
    public void Stashing_the_same_message_twice_is_an_error()
    {
        var errors = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new DoubleStasher(errors)));
        actor.Tell("x");
        Assert.Contains("twice", errors.ExpectMsg<InvalidOperationException>().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_stash_is_put_back_in_the_mailbox_on_restart()
    {
        var gate = Sys.ActorOf(Props.Create(() => new Gate()));
        gate.Tell("a", TestActor);
        gate.Tell("b", TestActor);
        gate.Tell(new InvalidOperationException("restart"), TestActor);
        gate.Tell("open", TestActor);
        Assert.Equal("a", ExpectMsg<string>());
        Assert.Equal("b", ExpectMsg<string>());
    }

    [Fact]
    public void Stashed_messages_go_to_dead_letters_when_the_actor_stops()
    {
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe<DeadLetter>(deadLetters);
        var gate = Sys.ActorOf(Props.Create(() => new Gate()));
        gate.Tell("a", TestActor);
        gate.Tell(PoisonPill.Instance);
        Assert.Equal("a", deadLetters.ExpectMsg<DeadLetter>().Message);
    }

    /// <summary>Stashes strings until "open" (unstash all) or "one" (unstash one); reports stash failures.</summary>
    private sealed class Gate : ReceiveActor, IWithStash
    {
        public Gate(IActorRef? errors = null)
        {
            Receive<string>(s => s == "open", _ =>
            {
                Stash.UnstashAll();
                Become(() => Receive<string>(s => Sender.Tell(s)));
            });
            Receive<string>(s => s == "one", _ =>
            {
                Stash.Unstash();
                Become(() => Receive<string>(s => Sender.Tell(s)));
            });
            Receive<string>(_ =>
            {
                try
                {
                    Stash.Stash();
                }
                catch (StashOverflowException e) when (errors is not null)
                {
                    errors.Tell(e);
                }
            });
            Receive<Exception>(e => throw e);
        }

        public IStash Stash { get; set; } = null!;
    }

    private sealed class UnboundedGate : ReceiveActor, IWithUnboundedStash
    {
        public UnboundedGate()
        {
            Receive<string>(_ =>
            {
                Stash.UnstashAll();
                Become(() => ReceiveAny(m => Sender.Tell(m)));
            });
            ReceiveAny(_ => Stash.Stash());
        }

        public IStash Stash { get; set; } = null!;
    }

    private sealed class DoubleStasher : ReceiveActor, IWithStash
    {
        public DoubleStasher(IActorRef errors) => ReceiveAny(_ =>
        {
            Stash.Stash();
            try
            {
                Stash.Stash();
            }
            catch (InvalidOperationException e)
            {
                errors.Tell(e);
            }
        });

        public IStash Stash { get; set; } = null!;
    }
}
