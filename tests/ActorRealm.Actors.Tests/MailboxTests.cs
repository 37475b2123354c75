using ActorRealm.Hocon;
using ActorRealm.TestKit;

namespace ActorRealm.Actors.Tests;

public sealed class MailboxTests : TestKitBase
{
    [Fact]
    public void A_full_bounded_mailbox_sends_new_messages_to_dead_letters_without_blocking()
    {
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe<DeadLetter>(deadLetters);
        var blocker = new ManualResetEventSlim();
        var actor = Sys.ActorOf(Props.Create(() => new Blocking(blocker)).WithMailbox(3));
        actor.Tell("first");

        // "first" occupies the actor; three more fill the mailbox; the fifth overflows.
        AwaitCondition(() => blocker.IsSet is false && Volatile.Read(ref Blocking.Entered) > 0);
        for (var i = 0; i < 4; i++)
        {
            actor.Tell($"m{i}");
        }

        Assert.Equal("m3", deadLetters.ExpectMsg<DeadLetter>().Message);
        blocker.Set();
        AwaitAssert(() => Assert.Equal("first,m0,m1,m2", Await(actor.Ask<string>("report", TimeSpan.FromMilliseconds(500)))));
    }

    [Fact]
    public void The_default_mailbox_capacity_comes_from_settings()
    {
        using var kit = new ConfigKit(ConfigFactory.ParseString("actorrealm.actor.default-mailbox.capacity = 1"));
        Assert.Equal(1, kit.Sys.Settings.DefaultMailboxCapacity);
    }

    [Fact]
    public void Messages_to_a_stopped_actor_are_published_as_dead_letters()
    {
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe<DeadLetter>(deadLetters);
        var echo = Sys.ActorOf(Props.Create<EchoActor>(), "gone");
        Assert.True(Await(echo.GracefulStop(TimeSpan.FromSeconds(3))));
        echo.Tell("hello?", TestActor);
        var letter = deadLetters.ExpectMsg<DeadLetter>();
        Assert.Equal("hello?", letter.Message);
        Assert.Equal(TestActor, letter.Sender);
        Assert.Equal(echo, letter.Recipient);
    }

    [Fact]
    public void Messages_racing_with_termination_are_delivered_or_dead_lettered_never_lost()
    {
        var deadInts = new DeadLetterCounter();
        Sys.EventStream.Subscribe<DeadLetter>(Sys.ActorOf(Props.Create(() => new DeadLetterCounting(deadInts))));
        var counter = Sys.ActorOf(Props.Create(() => new Tally()));
        const int Count = 20_000;
        var sender = new Thread(() =>
        {
            for (var i = 0; i < Count; i++)
            {
                counter.Tell(i);
            }
        });
        sender.Start();
        counter.Tell(PoisonPill.Instance);
        sender.Join();
        AwaitCondition(() => Tally.Total + deadInts.Value == Count, TimeSpan.FromSeconds(20), $"delivered {Tally.Total} + dead {deadInts.Value} of {Count}");
    }

    [Fact]
    public void The_throughput_setting_is_read_from_configuration()
    {
        var config = ConfigFactory.ParseString("""
            actorrealm.actor.default-dispatcher.throughput = 5
            actorrealm.actor.dispatchers.slow { throughput = 1, throughput-deadline = 5ms }
            """);
        using var kit = new ConfigKit(config);
        Assert.Equal(5, kit.Sys.Settings.DefaultDispatcher.Throughput);
        Assert.Equal(TimeSpan.FromMilliseconds(5), kit.Sys.Settings.GetDispatcher("slow").ThroughputDeadline);
        var actor = kit.Sys.ActorOf(Props.Create<EchoActor>().WithDispatcher("slow"));
        Assert.Equal("on slow", kit.Await(actor.Ask<string>("on slow")));
        Assert.Throws<ArgumentException>(() => kit.Sys.ActorOf(Props.Create<EchoActor>().WithDispatcher("missing")));
    }

    [Fact]
    public void Dead_letter_logging_is_rate_limited()
    {
        var logs = new CollectingLoggerProvider();
        var settings = ActorSettings.Default with { DeadLetterLogMaxPerInterval = 3, DeadLetterLogInterval = TimeSpan.FromHours(1) };
        using var kit = new ConfigKit(null, settings, logs);
        for (var i = 0; i < 20; i++)
        {
            kit.Sys.DeadLetters.Tell($"letter {i}");
        }

        Assert.Equal(3, logs.Messages.Count(m => m.Contains("Dead letter", StringComparison.Ordinal)));
    }

    [Fact]
    public void Full_mailbox_warnings_are_rate_limited_like_dead_letters()
    {
        var logs = new CollectingLoggerProvider();
        var settings = ActorSettings.Default with { DeadLetterLogMaxPerInterval = 3, DeadLetterLogInterval = TimeSpan.FromHours(1) };
        using var kit = new ConfigKit(null, settings, logs);
        using var blocker = new ManualResetEventSlim();
        var entered = Volatile.Read(ref Blocking.Entered);
        var actor = kit.Sys.ActorOf(Props.Create(() => new Blocking(blocker)).WithMailbox(1));
        actor.Tell("first");
        kit.AwaitCondition(() => Volatile.Read(ref Blocking.Entered) > entered);

        // One message fits; the other 19 overflow while the actor is busy.
        for (var i = 0; i < 20; i++)
        {
            actor.Tell($"m{i}");
        }

        blocker.Set();
        Assert.Equal(3, logs.Messages.Count(m => m.Contains("is full", StringComparison.Ordinal)));
        Assert.Equal(3, logs.Messages.Count(m => m.Contains("Dead letter", StringComparison.Ordinal)));
    }

    private sealed class ConfigKit(Config? config, ActorSettings? settings = null, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null)
        : TestKitBase(config, settings, loggerFactory);

    private sealed class Blocking : ReceiveActor
    {
        public static int Entered;
        private readonly List<string> _seen = [];

        public Blocking(ManualResetEventSlim gate)
        {
            Receive<string>(s => s == "report", _ => Sender.Tell(string.Join(",", _seen)));
            Receive<string>(s =>
            {
                _seen.Add(s);
                if (s == "first")
                {
                    Interlocked.Increment(ref Entered);
                    gate.Wait(TimeSpan.FromSeconds(10));
                }
            });
        }
    }

    private sealed class DeadLetterCounter
    {
        private int _value;

        public int Value => Volatile.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }

    private sealed class DeadLetterCounting : ReceiveActor
    {
        public DeadLetterCounting(DeadLetterCounter counter) => Receive<DeadLetter>(d => d.Message is int, _ => counter.Increment());
    }

    private sealed class Tally : ReceiveActor
    {
        public static int Total;

        public Tally() => Receive<int>(_ => Interlocked.Increment(ref Total));
    }
}
