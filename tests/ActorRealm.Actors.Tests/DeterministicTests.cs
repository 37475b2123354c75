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
