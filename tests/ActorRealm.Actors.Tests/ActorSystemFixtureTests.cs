using ActorRealm.TestKit;

namespace ActorRealm.Actors.Tests;

/// <summary>The xunit actor-system fixture: one system for the tests of a class, probes in it, terminated on dispose.</summary>
public sealed class ActorSystemFixtureTests(ActorSystemFixture fixture) : IClassFixture<ActorSystemFixture>
{
    // The system the first test of this class saw: every other test must see the same one.
    private static ActorSystem? _firstSeen;

    [Fact]
    public void Tests_of_the_class_get_a_running_shared_system_with_probes()
    {
        var probe = fixture.CreateTestProbe();
        var echo = fixture.System.ActorOf(Props.Create<EchoActor>());
        echo.Tell("hello", probe);
        Assert.Equal("hello", probe.ExpectMsg<string>());
        Assert.Equal(echo, probe.Sender);
        Assert.False(fixture.System.WhenTerminated.IsCompleted);
        Assert.Same(Interlocked.CompareExchange(ref _firstSeen, fixture.System, null) ?? fixture.System, fixture.System);
    }

    [Fact]
    public void A_second_test_of_the_class_uses_the_same_system()
    {
        var probe = fixture.CreateTestProbe();
        Assert.Same(fixture.System, probe.System);
        Assert.False(fixture.System.WhenTerminated.IsCompleted);
        Assert.Same(Interlocked.CompareExchange(ref _firstSeen, fixture.System, null) ?? fixture.System, fixture.System);
    }

    [Fact]
    public void Disposing_the_fixture_terminates_its_system()
    {
        var own = new ActorSystemFixture();
        Assert.NotEqual(fixture.System.Name, own.System.Name);
        own.Dispose();
        Assert.True(own.System.WhenTerminated.IsCompletedSuccessfully);
    }
}
