using ActorRealm.TestKit;

namespace ActorRealm.Actors.Tests;

public sealed class EventStreamTests : TestKitBase
{
    [Fact]
    public void Subscribers_receive_events_of_their_type_and_subtypes()
    {
        var animals = CreateTestProbe();
        var dogs = CreateTestProbe();
        var all = CreateTestProbe();
        Sys.EventStream.Subscribe<Animal>(animals);
        Sys.EventStream.Subscribe<Dog>(dogs);
        Sys.EventStream.Subscribe<IMarker>(all);
        Sys.EventStream.Publish(new Dog("rex"));
        Sys.EventStream.Publish(new Cat("tom"));
        Assert.Equal(new Dog("rex"), animals.ExpectMsg<Dog>());
        Assert.Equal(new Cat("tom"), animals.ExpectMsg<Cat>());
        Assert.Equal(new Dog("rex"), dogs.ExpectMsg<Dog>());
        Assert.Equal(new Dog("rex"), all.ExpectMsg<Dog>());
        Assert.Equal(new Cat("tom"), all.ExpectMsg<Cat>());
        dogs.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_subscriber_to_a_type_and_its_base_gets_each_event_once()
    {
        Sys.EventStream.Subscribe<Animal>(TestActor);
        Assert.True(Sys.EventStream.Subscribe<Dog>(TestActor));
        Assert.False(Sys.EventStream.Subscribe<Dog>(TestActor));
        Sys.EventStream.Publish(new Dog("once"));
        ExpectMsg<Dog>();
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Unsubscribe_ends_one_or_all_subscriptions()
    {
        Sys.EventStream.Subscribe<Dog>(TestActor);
        Sys.EventStream.Subscribe<Cat>(TestActor);
        Assert.True(Sys.EventStream.Unsubscribe(TestActor, typeof(Dog)));
        Assert.False(Sys.EventStream.Unsubscribe(TestActor, typeof(Dog)));
        Sys.EventStream.Publish(new Dog("x"));
        Sys.EventStream.Publish(new Cat("y"));
        Assert.Equal(new Cat("y"), ExpectMsg<Cat>());
        Sys.EventStream.Unsubscribe(TestActor);
        Sys.EventStream.Publish(new Cat("z"));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_terminated_subscriber_is_unsubscribed()
    {
        var subscriber = Sys.ActorOf(Props.Create<EchoActor>());
        Sys.EventStream.Subscribe<Dog>(subscriber);
        Assert.True(Await(subscriber.GracefulStop(TimeSpan.FromSeconds(3))));
        Assert.False(Sys.EventStream.Unsubscribe(subscriber, typeof(Dog)));
    }

    internal interface IMarker
    {
    }

    internal abstract record Animal(string Name) : IMarker;

    internal sealed record Dog(string Name) : Animal(Name);

    internal sealed record Cat(string Name) : Animal(Name);
}
