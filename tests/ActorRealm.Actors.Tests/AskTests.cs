using ActorRealm.TestKit;

namespace ActorRealm.Actors.Tests;

public sealed class AskTests : TestKitBase
{
    [Fact]
    public void Ask_gets_the_typed_reply()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        Assert.Equal("hi", Await(echo.Ask<string>("hi")));
        Assert.Equal(7, Await(echo.Ask(7)));
    }

    [Fact]
    public void Ask_timeout_names_the_target_and_the_timeout()
    {
        var silent = Sys.ActorOf(Props.Create(() => new Silent()), "silent");
        var error = Assert.Throws<AskTimeoutException>(() => Await(silent.Ask<string>("hello?", TimeSpan.FromMilliseconds(100))));
        Assert.Contains("/user/silent", error.Message, StringComparison.Ordinal);
        Assert.Contains("100 ms", error.Message, StringComparison.Ordinal);
        Assert.Contains("String", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ask_uses_the_configured_default_timeout()
    {
        var settings = ActorSettings.Default with { AskTimeout = TimeSpan.FromMilliseconds(150) };
        using var kit = new SettingsKit(settings);
        var silent = kit.Sys.ActorOf(Props.Create(() => new Silent()));
        var error = Assert.Throws<AskTimeoutException>(() => kit.Await(silent.Ask<string>("x")));
        Assert.Contains("150 ms", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failure_status_reply_faults_the_task_with_its_cause()
    {
        var failing = Sys.ActorOf(Props.Create(() => new Replier(new Status.Failure(new InvalidOperationException("nope")))));
        var error = Assert.Throws<InvalidOperationException>(() => Await(failing.Ask<string>("q")));
        Assert.Equal("nope", error.Message);
    }

    [Fact]
    public void A_success_status_reply_unwraps_its_value()
    {
        var replier = Sys.ActorOf(Props.Create(() => new Replier(new Status.Success(12))));
        Assert.Equal(12, Await(replier.Ask<int>("q")));
    }

    [Fact]
    public void A_reply_of_the_wrong_type_is_a_clear_error()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        var error = Assert.Throws<InvalidCastException>(() => Await(echo.Ask<int>("not an int")));
        Assert.Contains("expected a reply of type Int32 but got String", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ask_is_cancelled_by_its_token()
    {
        var silent = Sys.ActorOf(Props.Create(() => new Silent()));
        using var cancellation = new CancellationTokenSource();
        var task = silent.Ask<string>("x", TimeSpan.FromMinutes(1), cancellation.Token);
        Assert.False(task.IsCompleted);
        cancellation.Cancel();
        Assert.Throws<TaskCanceledException>(() => Await(task));
    }

    [Fact]
    public void Asking_a_terminated_actor_fails_at_once()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        Assert.True(Await(echo.GracefulStop(TimeSpan.FromSeconds(3))));
        var task = echo.Ask<string>("x", TimeSpan.FromMinutes(1));
        Assert.True(task.IsFaulted);
        Assert.Contains("already been terminated", task.Exception!.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_temporary_ref_can_be_resolved_by_path_while_pending()
    {
        var pathReporter = Sys.ActorOf(Props.Create(() => new PathReplier()));
        var answer = Await(pathReporter.Ask<string>("where"));
        Assert.Equal("resolved", answer);
    }

    [Fact]
    public void Late_replies_go_to_dead_letters()
    {
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe<DeadLetter>(deadLetters);
        var slow = Sys.ActorOf(Props.Create(() => new Silent()));
        var task = slow.Ask<string>("q", TimeSpan.FromMilliseconds(50));
        Assert.Throws<AskTimeoutException>(() => Await(task));
        slow.Tell("reply-now", TestActor);
        Assert.Equal("late", deadLetters.ExpectMsg<DeadLetter>(d => d.Message is "late").Message);
    }

    private sealed class Silent : ReceiveActor
    {
        private IActorRef? _asker;

        public Silent()
        {
            Receive<string>(s => s == "reply-now", _ => _asker?.Tell("late"));
            Receive<string>(_ => _asker = Sender);
        }
    }

    private sealed class Replier : ReceiveActor
    {
        public Replier(object reply) => ReceiveAny(_ => Sender.Tell(reply));
    }

    /// <summary>Resolves the asker's temporary path (as a remote reply would) and answers through the resolved ref.</summary>
    private sealed class PathReplier : ReceiveActor
    {
        public PathReplier() => Receive<string>(_ =>
        {
            var resolved = Context.System.ResolveActorRef(Sender.Path.ToSerializationFormat());
            resolved.Tell(resolved.Equals(Sender) ? "resolved" : "different");
        });
    }

    private sealed class SettingsKit(ActorSettings settings) : TestKitBase(settings: settings);
}
