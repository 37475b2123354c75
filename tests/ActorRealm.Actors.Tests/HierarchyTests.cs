using ActorRealm.TestKit;

namespace ActorRealm.Actors.Tests;

public sealed class HierarchyTests : TestKitBase
{
    [Fact]
    public void Top_level_actors_live_under_user()
    {
        var actor = Sys.ActorOf(Props.Create<EchoActor>(), "echo");
        Assert.Equal($"realm://{Sys.Name}/user/echo", actor.Path.ToString());
        Assert.NotEqual(ActorPath.UndefinedUid, actor.Path.Uid);
        Assert.Equal(actor, Sys.ResolveActorRef("/user/echo"));
        Assert.Equal(actor, Sys.ResolveActorRef(actor.Path.ToSerializationFormat()));
    }

    [Fact]
    public void Children_get_paths_below_their_parent_and_can_be_found()
    {
        var parent = Sys.ActorOf(Props.Create(() => new ParentActor(null)), "parent");
        var child = Await(parent.Ask<IActorRef>((Props.Create<EchoActor>(), "kid")));
        Assert.Equal($"realm://{Sys.Name}/user/parent/kid", child.Path.ToString());
        Assert.Equal(child, Sys.ResolveActorRef("/user/parent/kid"));
        child.Tell("hi", TestActor);
        Assert.Equal("hi", ExpectMsg<string>());
    }

    [Fact]
    public void Duplicate_names_among_live_siblings_are_rejected_with_a_clear_error()
    {
        Sys.ActorOf(Props.Create<EchoActor>(), "same");
        var error = Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), "same"));
        Assert.Contains("[same] is not unique", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_is_free_again_once_the_old_child_has_stopped()
    {
        var first = Sys.ActorOf(Props.Create<EchoActor>(), "reused");
        TestActor.Watch(first);
        Sys.Stop(first);
        TestActor.ExpectTerminated(first);
        AwaitAssert(() => Sys.ActorOf(Props.Create<EchoActor>(), "reused"));
        Assert.NotEqual(first, Sys.ResolveActorRef("/user/reused"));
    }

    [Theory]
    [InlineData("$reserved", "reserved for generated names")]
    [InlineData("with space", "Invalid actor name")]
    [InlineData("a/b", "Invalid actor name")]
    [InlineData("", "must not be empty")]
    public void Invalid_names_are_rejected(string name, string reason)
    {
        var error = Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), name));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_names_start_with_a_dollar_and_are_unique()
    {
        var names = Enumerable.Range(0, 200).Select(_ => Sys.ActorOf(Props.Create<EchoActor>()).Path.Name).ToList();
        Assert.All(names, n => Assert.StartsWith("$", n, StringComparison.Ordinal));
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Fact]
    public void Context_lists_and_finds_children()
    {
        var parent = Sys.ActorOf(Props.Create(() => new ChildLister()), "lister");
        parent.Tell("make", TestActor);
        var names = ExpectMsg<string[]>();
        Assert.Equal(["one", "two"], names.Order());
        parent.Tell("find", TestActor);
        Assert.Equal("one", ExpectMsg<string>());
    }

    [Fact]
    public void Stopping_a_parent_stops_its_children_first()
    {
        var parent = Sys.ActorOf(Props.Create(() => new LifecycleActor(TestActor)), "p");
        ExpectMsg<string>(s => s == "ctor");
        ExpectMsg<string>(s => s == "preStart");
        var replies = CreateTestProbe();
        parent.Tell(Props.Create(() => new LifecycleActor(TestActor)), replies);
        var child = replies.ExpectMsg<IActorRef>();
        ExpectMsg<string>(s => s == "ctor");
        ExpectMsg<string>(s => s == "preStart");
        var watcher = CreateTestProbe();
        watcher.Watch(child);
        watcher.Watch(parent);
        Sys.Stop(parent);
        Assert.Equal("postStop", ExpectMsg<string>());
        Assert.Equal("postStop", ExpectMsg<string>());
        watcher.ExpectTerminated(child);
        watcher.ExpectTerminated(parent);
    }

    [Fact]
    public void Identify_returns_the_actor_or_nothing()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>(), "identified");
        Sys.ActorSelection("/user/identified").Tell(new Identify("a"), TestActor);
        var identity = ExpectMsg<ActorIdentity>();
        Assert.Equal("a", identity.MessageId);
        Assert.Equal(echo, identity.Subject);

        Sys.ActorSelection("/user/missing").Tell(new Identify("b"), TestActor);
        Assert.Null(ExpectMsg<ActorIdentity>().Subject);
        Assert.Equal(echo, Await(Sys.ActorSelection("/user/identified").ResolveOne(TimeSpan.FromSeconds(3))));
        var missing = Assert.Throws<ActorNotFoundException>(() => Await(Sys.ActorSelection("/user/missing").ResolveOne(TimeSpan.FromSeconds(3))));
        Assert.Contains("/user/missing", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stopped_actor_answers_Identify_with_no_subject()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>(), "short-lived");
        Assert.True(Await(echo.GracefulStop(TimeSpan.FromSeconds(3))));
        echo.Tell(new Identify(1), TestActor);
        Assert.Equal(new ActorIdentity(1, null), ExpectMsg<ActorIdentity>());
        Sys.DeadLetters.Tell(new Identify(2), TestActor);
        Assert.Equal(new ActorIdentity(2, null), ExpectMsg<ActorIdentity>());
    }

    [Fact]
    public void Paths_of_other_systems_resolve_to_refs_that_dead_letter()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe<DeadLetter>(probe);
        var elsewhere = Sys.ResolveActorRef("realm://other@host:1/user/x");
        elsewhere.Tell("lost");
        Assert.Equal("lost", probe.ExpectMsg<DeadLetter>().Message);
    }

    [Fact]
    public void Actors_cannot_be_created_with_new()
    {
        var error = Assert.Throws<ActorInitializationException>(() => new EchoActor());
        Assert.Contains("ActorOf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void System_names_are_validated()
    {
        Assert.Throws<ArgumentException>(() => ActorSystem.Create("bad name"));
        Assert.Throws<ArgumentException>(() => ActorSystem.Create("-x"));
    }

    [Fact]
    public void Top_level_actors_cannot_be_created_once_terminating()
    {
        Await(Sys.Terminate());
        Assert.Throws<InvalidOperationException>(() => Sys.ActorOf(Props.Create<EchoActor>()));
    }

    private sealed class ChildLister : ReceiveActor
    {
        public ChildLister()
        {
            Receive<string>(s => s == "make", _ =>
            {
                Context.ActorOf(Props.Create<EchoActor>(), "one");
                Context.ActorOf(Props.Create<EchoActor>(), "two");
                Sender.Tell(Context.Children.Select(c => c.Path.Name).ToArray());
            });
            Receive<string>(s => s == "find", _ => Sender.Tell(Context.Child("one")!.Path.Name));
        }
    }
}
