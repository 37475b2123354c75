using ActorRealm.Actors;
using ActorRealm.Actors.Deterministic;
using ActorRealm.Remote.FaultInjection;
using ActorRealm.Remote.Tests.Support;
using ActorRealm.Remote.Transport.InMemory;

namespace ActorRealm.Remote.Tests;

/// <summary>Remote actor systems in the runtime's deterministic simulation, over the in-memory network.</summary>
public sealed class RemoteSimulationTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    [Fact]
    public void A_three_node_cluster_runs_reproducibly_from_its_seed_on_one_thread()
    {
        var first = Run(seed: 17);
        var second = Run(seed: 17);

        Assert.True(first.Trace.Count > 300, $"only {first.Trace.Count} deliveries");
        Assert.Equal(first.Trace, second.Trace);
        Assert.Equal(0, first.ForeignThreadPosts);
    }

    [Fact]
    public void A_blackholed_watched_node_is_declared_gone_in_virtual_time()
    {
        using var sim = new Simulation(seed: 3);
        var network = new InMemoryNetwork(sim.Time, sim.Executor.Post, TimeSpan.FromMilliseconds(1));
        var faults = new FaultInjector(seed: 3, sim.Time, sim.Executor.Post);
        var a = RemoteSystems.InMemory(sim, network, 1, faults);
        var b = RemoteSystems.InMemory(sim, network, 2, faults);
        b.ActorOf(Props.Create(() => new Echo()), "target");
        var seen = new List<Terminated>();
        a.ActorOf(Props.Create(() => new Recorder(a.ResolveActorRef($"{b.Address}/user/target"), seen)));
        Assert.True(sim.RunUntil(() => a.Remote().Remoting.AssociationWith(b.Address).IsEstablished, Deadline));

        var cutAt = sim.Time.Elapsed;
        faults.Blackhole(a.Address, b.Address);

        Assert.True(sim.RunUntil(() => seen.Count == 1, Deadline));
        Assert.True(seen[0].AddressTerminated);
        var declaredAfter = sim.Time.Elapsed - cutAt;
        Assert.InRange(declaredAfter, a.Remote().Settings.AddressTerminatedAfter, a.Remote().Settings.AddressTerminatedAfter + TimeSpan.FromSeconds(2));
        Assert.Equal(0, sim.Executor.ForeignThreadPosts);
    }

    [Fact]
    public void A_watched_node_that_stays_idle_but_answers_heartbeats_is_never_declared_gone()
    {
        using var sim = new Simulation(seed: 4);
        var network = new InMemoryNetwork(sim.Time, sim.Executor.Post, TimeSpan.FromMilliseconds(1));
        var logs = new LogCapture();
        var a = RemoteSystems.InMemory(sim, network, 1, logs: logs);
        var b = RemoteSystems.InMemory(sim, network, 2);
        b.ActorOf(Props.Create(() => new Echo()), "target");
        var seen = new List<Terminated>();
        a.ActorOf(Props.Create(() => new Recorder(a.ResolveActorRef($"{b.Address}/user/target"), seen)));
        var association = a.Remote().Remoting.AssociationWith(b.Address);
        Assert.True(sim.RunUntil(() => association.IsEstablished, Deadline));
        var peer = association.Peer!.Value;

        // After the watch, no user traffic for ten times address-terminated-after: only heartbeats.
        sim.RunFor(10 * a.Remote().Settings.AddressTerminatedAfter);

        Assert.Empty(seen);
        Assert.False(a.Remote().Remoting.IsQuarantined(peer));
        Assert.True(association.IsEstablished);
        Assert.Equal(peer, association.Peer);
        Assert.Single(logs.Lines, l => l.Message.StartsWith("Associated with", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains("unreachable", StringComparison.Ordinal) || l.Message.Contains("Quarantined", StringComparison.Ordinal));
    }

    private static (List<string> Trace, int ForeignThreadPosts) Run(int seed)
    {
        using var sim = new Simulation(seed);
        var trace = sim.RecordTrace();
        var network = new InMemoryNetwork(sim.Time, sim.Executor.Post, TimeSpan.FromMilliseconds(3));
        var faults = new FaultInjector(seed, sim.Time, sim.Executor.Post);
        var systems = Enumerable.Range(1, 3).Select(i => RemoteSystems.InMemory(sim, network, i, faults)).ToList();
        foreach (var system in systems)
        {
            system.ActorOf(Props.Create(() => new Echo()), "echo");
        }

        var pongs = 0;
        for (var i = 0; i < systems.Count; i++)
        {
            var peers = systems.Where((_, j) => j != i).Select(s => systems[i].ResolveActorRef($"{s.Address}/user/echo")).ToList();
            systems[i].ActorOf(Props.Create(() => new Chatter(peers, 60, () => pongs++)));
        }

        sim.RunFor(TimeSpan.FromSeconds(2));
        faults.DropRate(systems[0].Address, systems[1].Address, 0.3);
        sim.RunFor(TimeSpan.FromSeconds(5));
        faults.HealAll();
        Assert.True(sim.RunUntil(() => pongs >= 300, Deadline), $"{pongs} pongs");
        return ([.. trace.Select(d => $"{d.Time} {d.Recipient} <- {d.Message} from {d.Sender}")], sim.Executor.ForeignThreadPosts);
    }

    /// <summary>Pings each peer every 100 ms (virtual) up to a count; counts the pongs.</summary>
    private sealed class Chatter : ReceiveActor
    {
        public Chatter(IReadOnlyList<IActorRef> peers, int rounds, Action onPong)
        {
            var round = 0;
            Receive<Pong>(_ => onPong());
            Receive<string>(_ =>
            {
                if (round++ < rounds)
                {
                    foreach (var peer in peers)
                    {
                        peer.Tell(new Ping(round));
                    }
                }
            });
            Context.System.Scheduler.ScheduleTellRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(100), Self, "tick", Self);
        }
    }

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(IActorRef target, List<Terminated> seen)
        {
            Context.Watch(target);
            Receive<Terminated>(seen.Add);
        }
    }
}
