using ActorRealm.Actors.Deterministic;

namespace ActorRealm.Actors.Tests;

public sealed class DeterministicTests
{
    private static readonly int[] OtherSeeds = [2, 3, 4, 5];

    [Fact]
    public void Same_seed_gives_the_same_trace()
    {
        var first = RunStorm(1234);
        var second = RunStorm(1234);
        Assert.True(first.Count > 500, $"only {first.Count} deliveries");
        Assert.Equal(first, second);
    }

    [Fact]
    public void Different_seeds_give_different_traces()
    {
        var baseline = RunStorm(1);
        Assert.Contains(OtherSeeds, seed => !RunStorm(seed).SequenceEqual(baseline));
    }

    [Fact]
    public void The_trace_records_time_recipient_message_and_sender()
    {
        using var sim = new Simulation(5);
        var trace = sim.RecordTrace();
        var system = sim.CreateSystem("traced");
        var echo = system.ActorOf(Props.Create<EchoActor>(), "echo");
        var probe = system.ActorOf(Props.Create<EchoActor>(), "other");
        sim.RunFor(TimeSpan.FromSeconds(1));
        echo.Tell("hello", ActorRef.NoSender);
        sim.RunUntilIdle();
        var record = Assert.Single(trace, r => r.Message == "hello");
        Assert.Equal(TimeSpan.FromSeconds(1), record.Time);
        Assert.Equal(echo.Path.ToSerializationFormat(), record.Recipient);
        Assert.Null(record.Sender);
        Assert.NotNull(probe);
    }

    [Fact]
    public void Uids_and_generated_names_are_reproducible_from_the_seed()
    {
        static string[] Paths(int seed)
        {
            using var sim = new Simulation(seed);
            var system = sim.CreateSystem("n");
            return [.. Enumerable.Range(0, 5).Select(_ => system.ActorOf(Props.Create<EchoActor>()).Path.ToSerializationFormat())];
        }

        Assert.Equal(Paths(8), Paths(8));
        Assert.NotEqual(Paths(8), Paths(9));
    }

    [Fact]
    public void A_message_loop_is_reported_instead_of_hanging()
    {
        using var sim = new Simulation(1) { MaxSteps = 10_000 };
        var system = sim.CreateSystem("loop");
        var a = system.ActorOf(Props.Create<EchoActor>());
        var b = system.ActorOf(Props.Create<EchoActor>());
        a.Tell("ping", b);
        var error = Assert.Throws<InvalidOperationException>(() => sim.RunFor(TimeSpan.FromSeconds(1)));
        Assert.Contains("did not become idle", error.Message, StringComparison.Ordinal);
        sim.Executor.RunNext();
        system.Stop(a);
        system.Stop(b);
        sim.RunUntilIdle();
    }

    [Fact]
    public void RunUntil_stops_when_the_condition_holds_and_reports_a_miss()
    {
        using var sim = new Simulation(2);
        var fired = 0;
        var system = sim.CreateSystem("until");
        system.Scheduler.ScheduleRepeatedly(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), () => fired++);
        Assert.True(sim.RunUntil(() => fired == 3, TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromSeconds(3), sim.Time.Elapsed);
        Assert.False(sim.RunUntil(() => fired == 100, TimeSpan.FromSeconds(10)));
        Assert.Equal(TimeSpan.FromSeconds(13), sim.Time.Elapsed);
    }

    [Fact]
    public void Posted_work_between_systems_goes_through_the_executor()
    {
        // How an in-memory transport delivers: the sending side posts the delivery to the shared executor.
        static List<DeliveryRecord> Run(int seed)
        {
            using var sim = new Simulation(seed);
            var trace = sim.RecordTrace();
            var one = sim.CreateSystem("one");
            var two = sim.CreateSystem("two");
            var target = two.ActorOf(Props.Create<EchoActor>(), "target");
            var senders = Enumerable.Range(0, 3).Select(i => one.ActorOf(Props.Create<EchoActor>(), $"s{i}")).ToList();
            for (var i = 0; i < 20; i++)
            {
                var message = $"wire{i}";
                sim.Executor.Post(() => target.Tell(message, ActorRef.NoSender));
            }

            sim.RunUntilIdle();
            Assert.Equal(0, sim.Executor.ForeignThreadPosts);
            Assert.Equal(20, trace.Count(r => r.Message.StartsWith("wire", StringComparison.Ordinal)));
            return [.. trace];
        }

        Assert.Equal(Run(3), Run(3));
    }

    /// <summary>Three systems, four relays each, a storm of hopping messages and timers.</summary>
    internal static List<DeliveryRecord> RunStorm(int seed)
    {
        using var sim = new Simulation(seed);
        var trace = sim.RecordTrace();
        var systems = Enumerable.Range(0, 3).Select(i => sim.CreateSystem($"node{i}")).ToArray();
        var directory = new List<IActorRef>();
        foreach (var system in systems)
        {
            for (var i = 0; i < 4; i++)
            {
                directory.Add(system.ActorOf(Props.Create(() => new Relay(directory)), $"relay{i}"));
            }
        }

        for (var i = 0; i < 100; i++)
        {
            var from = directory[sim.Random.Next(directory.Count)];
            var to = directory[sim.Random.Next(directory.Count)];
            to.Tell(new Hop(i, sim.Random.Next(1, 8)), from);
            if (i % 25 == 0)
            {
                sim.RunFor(TimeSpan.FromMilliseconds(3));
            }
        }

        sim.RunFor(TimeSpan.FromSeconds(1));
        return [.. trace];
    }

    internal sealed record Hop(int Id, int Ttl);

    internal sealed record Tick(int Id);

    /// <summary>Passes hops on until their TTL runs out; every third hop also starts a timer.</summary>
    private sealed class Relay : ReceiveActor
    {
        public Relay(List<IActorRef> directory)
        {
            Receive<Hop>(hop =>
            {
                if (hop.Ttl > 0)
                {
                    directory[((hop.Id * 31) + hop.Ttl) % directory.Count].Tell(hop with { Ttl = hop.Ttl - 1 });
                }

                if (hop.Id % 3 == 0)
                {
                    Context.Timers.StartSingleTimer(hop.Id, new Tick(hop.Id), TimeSpan.FromMilliseconds(1 + (hop.Id % 50)));
                }
            });
            Receive<Tick>(_ => { });
        }
    }
}
