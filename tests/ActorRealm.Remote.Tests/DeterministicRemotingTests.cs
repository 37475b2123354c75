using ActorRealm.Actors.Deterministic;
using ActorRealm.Remote.FaultInjection;
using ActorRealm.Remote.Tests.Support;
using ActorRealm.Remote.Transport.InMemory;

namespace ActorRealm.Remote.Tests;

/// <summary>A cluster of remoting nodes on the in-memory network runs reproducibly in one thread.</summary>
public sealed class DeterministicRemotingTests
{
    [Fact]
    public void The_same_seed_gives_the_same_deliveries_at_the_same_virtual_times()
    {
        var first = Run(seed: 5);
        var second = Run(seed: 5);

        Assert.True(first.Count > 100, $"only {first.Count} deliveries");
        Assert.Equal(first, second);
    }

    [Fact]
    public void A_restarted_node_is_recognised_and_its_old_incarnation_quarantined()
    {
        using var sim = new Simulation(seed: 1);
        var network = new InMemoryNetwork(sim.Time, sim.Executor.Post, TimeSpan.FromMilliseconds(1));
        var a = SimNode.Start(network, 1, seed: 1);
        var b1 = SimNode.Start(network, 2, seed: 2);
        a.Remoting.Send(b1.Address, Frames.Envelope("x", 0));
        Assert.True(sim.RunUntil(() => b1.Handler.EnvelopeCount == 1, TimeSpan.FromSeconds(5)));

        var stop = b1.Remoting.DisposeAsync();
        Assert.True(sim.RunUntil(() => stop.IsCompleted && !a.Remoting.AssociationWith(b1.Address).IsEstablished, TimeSpan.FromSeconds(5)));
        a.Remoting.Send(b1.Address, Frames.Envelope("x", 1));
        a.Remoting.Send(b1.Address, new Wire.Frame { Watch = new Wire.Watch { Watchee = "realm://test@sim:2/user/x", Watcher = "realm://test@sim:1/user/w" } });
        sim.RunFor(TimeSpan.FromSeconds(1));
        var b2 = SimNode.Start(network, 2, seed: 3);

        // Queued while b was down: the message goes to the new incarnation, the watch (meant for the old one) does not.
        Assert.True(sim.RunUntil(() => b2.Handler.EnvelopeCount == 1, TimeSpan.FromSeconds(30)), a.Logs.Dump());
        Assert.Equal(1, Frames.Sequence(b2.Handler.Envelopes.Single()));
        Assert.Contains(a.Handler.Undelivered, u => u.Frame.BodyCase == Wire.Frame.BodyOneofCase.Watch);
        Assert.Contains(a.Handler.Gone, g => g.Peer == b1.Remoting.Self);
        Assert.True(a.Remoting.IsQuarantined(b1.Remoting.Self));
    }

    /// <summary>Three nodes message each other while a link flaps; returns every delivery with its virtual time.</summary>
    private static List<string> Run(int seed)
    {
        using var sim = new Simulation(seed: 1);
        var network = new InMemoryNetwork(sim.Time, sim.Executor.Post, TimeSpan.FromMilliseconds(2));
        var faults = new FaultInjector(seed, sim.Time, sim.Executor.Post);
        var nodes = Enumerable.Range(1, 3).Select(i => SimNode.Start(network, i, seed * 10 + i, faults)).ToList();
        var random = new Random(seed);
        var trace = new List<string>();
        for (var round = 0; round < 200; round++)
        {
            var from = nodes[random.Next(3)];
            var to = nodes[random.Next(3)];
            if (from != to)
            {
                from.Remoting.Send(to.Address, Frames.Envelope($"r{round}", round));
            }

            if (round == 50)
            {
                faults.DropRate(nodes[0].Endpoint, nodes[1].Endpoint, 0.5);
            }

            if (round == 150)
            {
                faults.HealAll();
            }

            sim.RunFor(TimeSpan.FromMilliseconds(random.Next(1, 400)));
        }

        sim.RunFor(TimeSpan.FromSeconds(30));
        foreach (var node in nodes)
        {
            trace.AddRange(node.Handler.Frames.Select(f => $"{node.Address} <- {f.From} {f.Frame}"));
            trace.AddRange(node.Logs.Lines.Select(l => $"{node.Address} log {l}"));
        }

        trace.Add($"end at {sim.Time.Elapsed}");
        return trace;
    }
}
