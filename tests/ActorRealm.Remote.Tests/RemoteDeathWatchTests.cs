using ActorRealm.Actors;
using ActorRealm.Remote.FaultInjection;
using ActorRealm.Remote.Tests.Support;
using ActorRealm.TestKit;

namespace ActorRealm.Remote.Tests;

/// <summary>DeathWatch across nodes over loopback TCP.</summary>
public sealed class RemoteDeathWatchTests : TestKitBase
{
    [Fact]
    public async Task Watching_a_remote_actor_that_stops_delivers_Terminated()
    {
        await using var pair = new Pair();
        var target = pair.B.ActorOf(Props.Create(() => new Echo()), "target");
        var watcher = CreateTestProbe(pair.A);
        var remote = pair.A.ResolveActorRef($"{pair.B.Address}/user/target");
        WatchFrom(pair.A, remote, watcher);

        pair.B.Stop(target);

        var terminated = watcher.ExpectMsg<Saw>().Terminated;
        Assert.True(terminated.ExistenceConfirmed);
        Assert.False(terminated.AddressTerminated);
        Assert.Same(remote, terminated.ActorRef);
    }

    [Fact]
    public async Task Watching_a_remote_path_with_no_actor_delivers_Terminated_at_once()
    {
        await using var pair = new Pair();
        var watcher = CreateTestProbe(pair.A);
        var nobody = pair.A.ResolveActorRef($"{pair.B.Address}/user/nobody");

        watcher.Watch(nobody);

        Assert.False(watcher.ExpectTerminated(nobody).ExistenceConfirmed);
    }

    [Fact]
    public async Task A_remote_watcher_learns_of_a_local_actor_stopping()
    {
        await using var pair = new Pair();
        var local = pair.A.ActorOf(Props.Create(() => new Echo()), "local");
        var remoteWatcher = CreateTestProbe(pair.B);
        var watched = pair.B.ResolveActorRef(local.Path.ToSerializationFormat());
        WatchFrom(pair.B, watched, remoteWatcher);

        local.Tell(PoisonPill.Instance);

        var terminated = remoteWatcher.ExpectMsg<Saw>().Terminated;
        Assert.True(terminated.ExistenceConfirmed);
        Assert.Equal(watched, terminated.ActorRef);
    }

    [Fact]
    public async Task A_node_that_falls_silent_is_declared_gone_and_watchers_get_address_terminated()
    {
        var faults = new FaultInjector();
        await using var pair = new Pair(faults);
        pair.B.ActorOf(Props.Create(() => new Echo()), "target");
        var watcher = CreateTestProbe(pair.A);
        var remote = pair.A.ResolveActorRef($"{pair.B.Address}/user/target");
        WatchFrom(pair.A, remote, watcher);

        faults.Blackhole(pair.A.Address, pair.B.Address);

        var terminated = watcher.ExpectMsg<Saw>(TimeSpan.FromSeconds(20)).Terminated;
        Assert.True(terminated.AddressTerminated);
        Assert.False(terminated.ExistenceConfirmed);
        Assert.Contains(pair.LogsA.Warnings, w => w.Message.Contains("declared gone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_peer_restart_terminates_watches_of_the_old_incarnation_and_the_new_one_is_reachable()
    {
        await using var pair = new Pair();
        pair.B.ActorOf(Props.Create(() => new Echo()), "target");
        var watcher = CreateTestProbe(pair.A);
        var remote = pair.A.ResolveActorRef($"{pair.B.Address}/user/target");
        WatchFrom(pair.A, remote, watcher);
        var port = pair.B.Address.Port!.Value;
        var oldIncarnation = new PeerIncarnation(pair.B.Address, pair.B.Remote().Remoting.Uid);

        await pair.B.Terminate();
        await pair.B.Remote().WhenStopped;
        var restarted = RemoteSystems.Tcp(adjust: s => s with { CanonicalPort = port });
        try
        {
            restarted.ActorOf(Props.Create(() => new Echo()), "target");
            var terminated = watcher.ExpectMsg<Saw>(TimeSpan.FromSeconds(20)).Terminated;
            Assert.True(terminated.ExistenceConfirmed || terminated.AddressTerminated);

            // The new incarnation answers at the same address; the old one stays quarantined.
            var client = CreateTestProbe(pair.A);
            AwaitAssert(
                () =>
                {
                    client.Send(pair.A.ResolveActorRef($"{restarted.Address}/user/target"), new Ping(5));
                    Assert.Equal(new Pong(5), client.ExpectMsg<Pong>(TimeSpan.FromMilliseconds(500)));
                },
                TimeSpan.FromSeconds(20));
            AwaitCondition(() => pair.A.Remote().Remoting.IsQuarantined(oldIncarnation));
        }
        finally
        {
            await restarted.Terminate();
        }
    }

    /// <summary>
    /// Watches <paramref name="remote"/> from an actor on <paramref name="system"/> that forwards Terminated to
    /// <paramref name="probe"/>; returns once the watch has reached the remote node (a ping sent after it
    /// on the same ordered association has been answered).
    /// </summary>
    private static void WatchFrom(ActorSystem system, IActorRef remote, TestProbe probe)
    {
        system.ActorOf(Props.Create(() => new Watcher(remote, probe)));
        probe.ExpectMsg("watching");
    }

    /// <summary>Terminated wrapped: sent as is, the probe would take it as its own watch's notice and drop it.</summary>
    private sealed record Saw(Terminated Terminated);

    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IActorRef target, IActorRef probe)
        {
            Context.Watch(target);
            target.Tell(new Ping(-1));
            Receive<Pong>(_ => probe.Tell("watching"));
            Receive<Terminated>(t => probe.Tell(new Saw(t)));
        }
    }

    private sealed class Pair : IAsyncDisposable
    {
        public Pair(FaultInjector? faults = null)
        {
            // Short heartbeats so a silent node is declared gone within seconds.
            A = RemoteSystems.Tcp(LogsA, faults: faults);
            B = RemoteSystems.Tcp(LogsB, faults: faults);
        }

        public LogCapture LogsA { get; } = new();

        public LogCapture LogsB { get; } = new();

        public ActorSystem A { get; }

        public ActorSystem B { get; }

        public async ValueTask DisposeAsync()
        {
            await A.Terminate();
            await B.Terminate();
            await Task.WhenAll(A.Remote().WhenStopped, B.Remote().WhenStopped);
        }
    }
}
