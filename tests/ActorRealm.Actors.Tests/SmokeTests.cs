using ActorRealm.TestKit;

namespace ActorRealm.Actors.Tests;

public sealed class SmokeTests : TestKitBase
{
    [Fact]
    public void Echo_replies_to_the_sender()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>(), "echo");
        echo.Tell("hello", TestActor);
        Assert.Equal("hello", ExpectMsg<string>());
        Assert.Equal(echo, TestActor.Sender);
    }

    [Fact]
    public void Ask_returns_the_reply()
    {
        var counter = Sys.ActorOf(Props.Create<CounterActor>());
        counter.Tell("inc");
        counter.Tell("inc");
        Assert.Equal(2, Await(counter.Ask<int>("get")));
    }
}
