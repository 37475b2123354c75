using ActorRealm.TestKit;

namespace ActorRealm.Actors.Tests;

public sealed class MessagingTests : TestKitBase
{
    [Fact]
    public void Handlers_are_tried_in_registration_order_with_predicates()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Classifier()));
        foreach (var message in new object[] { 5, -3, "text", 2.5 })
        {
            actor.Tell(message, TestActor);
        }

        Assert.Equal("positive 5", ExpectMsg<string>());
        Assert.Equal("int -3", ExpectMsg<string>());
        Assert.Equal("string text", ExpectMsg<string>());
        Assert.Equal("any 2.5", ExpectMsg<string>());
    }

    [Fact]
    public void Unhandled_messages_are_published()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe<UnhandledMessage>(probe);
        var actor = Sys.ActorOf(Props.Create<CounterActor>());
        actor.Tell(42, TestActor);
        var unhandled = probe.ExpectMsg<UnhandledMessage>();
        Assert.Equal(42, unhandled.Message);
        Assert.Equal(actor, unhandled.Recipient);
        Assert.Equal(TestActor, unhandled.Sender);
    }

    [Fact]
    public void Become_replaces_and_BecomeStacked_pushes_behaviors()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Moody()));
        actor.Tell("how", TestActor);
        Assert.Equal("calm", ExpectMsg<string>());
        actor.Tell("anger", TestActor);
        actor.Tell("how", TestActor);
        Assert.Equal("angry", ExpectMsg<string>());
        actor.Tell("push-joy", TestActor);
        actor.Tell("how", TestActor);
        Assert.Equal("joyful", ExpectMsg<string>());
        actor.Tell("pop", TestActor);
        actor.Tell("how", TestActor);
        Assert.Equal("angry", ExpectMsg<string>());
    }

    [Fact]
    public void Untyped_actors_receive_through_OnReceive_and_can_become()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Untyped()));
        actor.Tell("a", TestActor);
        actor.Tell("switch", TestActor);
        actor.Tell("b", TestActor);
        actor.Tell("back", TestActor);
        actor.Tell("c", TestActor);
        Assert.Equal("normal:a", ExpectMsg<string>());
        Assert.Equal("switched:b", ExpectMsg<string>());
        Assert.Equal("normal:c", ExpectMsg<string>());
    }

    [Fact]
    public void Receive_outside_the_constructor_is_an_error()
    {
        var actor = Sys.ActorOf(Props.Create(() => new LateRegistration()));
        actor.Tell("register", TestActor);
        Assert.Contains("constructor", ExpectMsg<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Forward_keeps_the_original_sender()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        var forwarder = Sys.ActorOf(Props.Create(() => new Forwarder(echo)));
        forwarder.Tell("via", TestActor);
        Assert.Equal("via", ExpectMsg<string>());
        Assert.Equal(echo, TestActor.Sender);
    }

    [Fact]
    public void Inside_an_actor_the_implicit_sender_is_the_actor_and_NoSender_sends_anonymously()
    {
        var relay = Sys.ActorOf(Props.Create(() => new SenderProbe(TestActor)));
        relay.Tell("implicit");
        ExpectMsg<string>(s => s == "implicit");
        Assert.Equal(relay, TestActor.Sender);
        relay.Tell("anonymous");
        ExpectMsg<string>(s => s == "anonymous");
        Assert.Equal(Sys.DeadLetters, TestActor.Sender);
    }

    [Fact]
    public void Messages_from_one_sender_arrive_in_send_order_under_concurrency()
    {
        const int Senders = 8;
        const int PerSender = 5_000;
        var collector = Sys.ActorOf(Props.Create(() => new OrderChecker(Senders, PerSender)));
        var threads = Enumerable.Range(0, Senders).Select(s => new Thread(() =>
        {
            for (var i = 0; i < PerSender; i++)
            {
                collector.Tell(new Sequenced(s, i));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        collector.Tell("report", TestActor);
        Assert.Equal($"ok {Senders * PerSender}", ExpectMsg<string>(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public void Messages_between_actor_pairs_keep_their_order()
    {
        var checker = Sys.ActorOf(Props.Create(() => new OrderChecker(6, 2_000)));
        var producers = Enumerable.Range(0, 6).Select(i => Sys.ActorOf(Props.Create(() => new Producer(checker, i, 2_000)))).ToList();
        producers.ForEach(p => p.Tell("go"));
        AwaitAssert(() =>
        {
            checker.Tell("report", TestActor);
            Assert.Equal("ok 12000", ExpectMsg<string>());
        }, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void Null_messages_are_rejected()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        Assert.Throws<ArgumentNullException>(() => echo.Tell(null!));
    }

    internal sealed record Sequenced(int Sender, int Sequence);

    private sealed class Classifier : ReceiveActor
    {
        public Classifier()
        {
            Receive<int>(i => i > 0, i => Sender.Tell($"positive {i}"));
            Receive<int>(i => Sender.Tell($"int {i}"));
            Receive<string>(s => Sender.Tell($"string {s}"));
            ReceiveAny(o => Sender.Tell($"any {o}"));
        }
    }

    private sealed class Moody : ReceiveActor
    {
        public Moody()
        {
            Calm();
        }

        private void Calm()
        {
            Receive<string>(s => s == "how", _ => Sender.Tell("calm"));
            Receive<string>(s => s == "anger", _ => Become(Angry));
        }

        private void Angry()
        {
            Receive<string>(s => s == "how", _ => Sender.Tell("angry"));
            Receive<string>(s => s == "push-joy", _ => BecomeStacked(Joyful));
        }

        private void Joyful()
        {
            Receive<string>(s => s == "how", _ => Sender.Tell("joyful"));
            Receive<string>(s => s == "pop", _ => Unbecome());
        }
    }

    private sealed class Untyped : ActorBase
    {
        protected override void OnReceive(object message)
        {
            if (message is "switch")
            {
                BecomeStacked(m =>
                {
                    if (m is "back")
                    {
                        UnbecomeStacked();
                    }
                    else
                    {
                        Sender.Tell($"switched:{m}");
                    }
                });
                return;
            }

            Sender.Tell($"normal:{message}");
        }
    }

    private sealed class LateRegistration : ReceiveActor
    {
        public LateRegistration() => Receive<string>(_ =>
        {
            try
            {
                Receive<int>(_ => { });
            }
            catch (InvalidOperationException e)
            {
                Sender.Tell(e.Message);
            }
        });
    }

    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef target) => ReceiveAny(m => target.Forward(m));
    }

    private sealed class SenderProbe : ReceiveActor
    {
        public SenderProbe(IActorRef probe)
        {
            Receive<string>(s => s == "implicit", s => probe.Tell(s));
            Receive<string>(s => s == "anonymous", s => probe.Tell(s, ActorRef.NoSender));
        }
    }

    private sealed class OrderChecker : ReceiveActor
    {
        private readonly int[] _next;
        private int _total;
        private string? _error;

        public OrderChecker(int senders, int perSender)
        {
            _next = new int[senders];
            Receive<Sequenced>(m =>
            {
                if (m.Sequence != _next[m.Sender])
                {
                    _error ??= $"sender {m.Sender}: expected {_next[m.Sender]} got {m.Sequence}";
                }

                _next[m.Sender] = m.Sequence + 1;
                _total++;
            });
            Receive<string>(_ => Sender.Tell(_error ?? (_total == senders * perSender ? $"ok {_total}" : $"incomplete {_total}")));
        }
    }

    private sealed class Producer : ReceiveActor
    {
        public Producer(IActorRef target, int id, int count) => Receive<string>(_ =>
        {
            for (var i = 0; i < count; i++)
            {
                target.Tell(new Sequenced(id, i));
            }
        });
    }
}
