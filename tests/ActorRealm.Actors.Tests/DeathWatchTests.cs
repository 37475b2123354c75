using ActorRealm.Actors.SystemMessages;
using ActorRealm.TestKit;

namespace ActorRealm.Actors.Tests;

public sealed class DeathWatchTests : TestKitBase
{
    [Fact]
    public void Watcher_gets_Terminated_when_the_actor_stops()
    {
        var target = Sys.ActorOf(Props.Create<EchoActor>());
        TestActor.Watch(target);
        Sys.Stop(target);
        var terminated = TestActor.ExpectTerminated(target);
        Assert.True(terminated.ExistenceConfirmed);
        Assert.False(terminated.AddressTerminated);
    }

    [Fact]
    public void Watching_an_already_dead_actor_yields_Terminated_at_once()
    {
        var target = Sys.ActorOf(Props.Create<EchoActor>());
        var first = CreateTestProbe();
        first.Watch(target);
        target.Tell(PoisonPill.Instance);
        first.ExpectTerminated(target);

        TestActor.Watch(target);
        Assert.True(TestActor.ExpectTerminated(target).ExistenceConfirmed);
    }

    [Fact]
    public void Watching_a_path_with_no_actor_yields_Terminated_without_confirmed_existence()
    {
        var nobody = Sys.ResolveActorRef("/user/nobody-here");
        TestActor.Watch(nobody);
        Assert.False(TestActor.ExpectTerminated(nobody).ExistenceConfirmed);
    }

    [Fact]
    public void Unwatch_before_the_death_means_no_Terminated()
    {
        var target = Sys.ActorOf(Props.Create<EchoActor>());
        TestActor.Watch(target);
        TestActor.Unwatch(target);

        // Both commands are processed in order by the probe before it sees anything else.
        var control = CreateTestProbe();
        control.Watch(target);
        Sys.Stop(target);
        control.ExpectTerminated(target);
        TestActor.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Kill_stops_the_actor_under_the_default_strategy()
    {
        var target = Sys.ActorOf(Props.Create<EchoActor>());
        TestActor.Watch(target);
        target.Tell(Kill.Instance);
        TestActor.ExpectTerminated(target);
    }

    [Fact]
    public void PoisonPill_is_processed_after_earlier_messages()
    {
        var target = Sys.ActorOf(Props.Create<EchoActor>());
        TestActor.Watch(target);
        target.Tell(1, TestActor);
        target.Tell(2, TestActor);
        target.Tell(PoisonPill.Instance, TestActor);
        target.Tell(3, TestActor);
        Assert.Equal(1, ExpectMsg<int>());
        Assert.Equal(2, ExpectMsg<int>());
        TestActor.ExpectTerminated(target);
        TestActor.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Terminated_can_be_replaced_by_a_custom_message_with_WatchWith()
    {
        var target = Sys.ActorOf(Props.Create<EchoActor>());
        var watcher = Sys.ActorOf(Props.Create(() => new CustomWatcher(target, TestActor)));
        Assert.Equal("watching", ExpectMsg<string>());
        Sys.Stop(target);
        Assert.Equal("target-gone", ExpectMsg<string>());
        Assert.NotNull(watcher);
    }

    [Fact]
    public void An_unhandled_Terminated_stops_the_watcher_with_a_death_pact()
    {
        var target = Sys.ActorOf(Props.Create<EchoActor>());
        var watcher = Sys.ActorOf(Props.Create(() => new CustomWatcher(target, TestActor, plainWatch: true)));
        Assert.Equal("watching", ExpectMsg<string>());
        TestActor.Watch(watcher);
        Sys.Stop(target);
        TestActor.ExpectTerminated(watcher);
    }

    [Fact]
    public void GracefulStop_completes_true_once_terminated()
    {
        var target = Sys.ActorOf(Props.Create<EchoActor>());
        Assert.True(Await(target.GracefulStop(TimeSpan.FromSeconds(3))));
        Assert.True(((IInternalActorRef)target).IsTerminated);
    }

    [Fact]
    public void GracefulStop_completes_false_when_the_actor_does_not_stop_in_time()
    {
        var stubborn = Sys.ActorOf(Props.Create(() => new IgnoresPoisonPill()));
        Assert.False(Await(stubborn.GracefulStop(TimeSpan.FromMilliseconds(100), "please-stop")));
    }

    [Fact]
    public void AddressTerminated_terminates_watched_refs_on_that_address()
    {
        var remoteAddress = new Address(Address.RealmProtocol, "other", "host-a", 2552);
        var remote = new FakeRemoteRef(Sys, new RootActorPath(remoteAddress).Child("user").Child("svc").WithUid(7));
        var other = new FakeRemoteRef(Sys, new RootActorPath(new Address(Address.RealmProtocol, "other", "host-b", 2552)).Child("user").Child("svc").WithUid(8));
        TestActor.Watch(remote);
        TestActor.Watch(other);
        AwaitCondition(() => remote.Received.Count == 1 && other.Received.Count == 1);
        Assert.IsType<Watch>(remote.Received[0]);

        Sys.EventStream.Publish(new AddressTerminated(remoteAddress));
        var terminated = TestActor.ExpectTerminated(remote);
        Assert.False(terminated.ExistenceConfirmed);
        Assert.True(terminated.AddressTerminated);
        TestActor.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_dead_actor_notifies_a_remote_watcher_through_its_system_message_target()
    {
        var target = Sys.ActorOf(Props.Create<EchoActor>());
        var remoteWatcher = new FakeRemoteRef(Sys, new RootActorPath(new Address(Address.RealmProtocol, "other", "h", 1)).Child("user").Child("w").WithUid(3));
        ((ISystemMessageTarget)target).SendSystemMessage(new Watch(target, remoteWatcher));
        Sys.Stop(target);
        AwaitCondition(() => remoteWatcher.Received.Count == 1);
        var notification = Assert.IsType<DeathWatchNotification>(remoteWatcher.Received[0]);
        Assert.Equal(target, notification.Actor);
        Assert.True(notification.ExistenceConfirmed);
    }

    private sealed class CustomWatcher : ReceiveActor
    {
        public CustomWatcher(IActorRef target, IActorRef probe, bool plainWatch = false)
        {
            if (plainWatch)
            {
                Context.Watch(target);
            }
            else
            {
                Context.WatchWith(target, "target-gone");
            }

            Receive<string>(s => probe.Tell(s));
            probe.Tell("watching");
        }
    }

    private sealed class IgnoresPoisonPill : ReceiveActor
    {
        public IgnoresPoisonPill() => Receive<string>(_ => { });
    }
}

/// <summary>A stand-in for a remote ref: records the system messages it is sent.</summary>
internal sealed class FakeRemoteRef(ActorSystem system, ActorPath path) : ActorRefBase, IInternalActorRef
{
    private readonly Lock _gate = new();
    private readonly List<SystemMessage> _received = [];

    public override ActorPath Path { get; } = path;

    public bool IsLocal => false;

    public bool IsTerminated => false;

    public ActorSystem System { get; } = system;

    public IReadOnlyList<SystemMessage> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public override void Tell(object message, IActorRef? sender = null)
    {
    }

    public void SendSystemMessage(SystemMessage message)
    {
        lock (_gate)
        {
            _received.Add(message);
        }
    }
}
