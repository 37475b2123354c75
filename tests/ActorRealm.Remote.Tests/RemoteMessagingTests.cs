using ActorRealm.Actors;
using ActorRealm.Remote.Tests.Support;
using ActorRealm.Remote.Wire;
using ActorRealm.TestKit;
using Google.Protobuf;

namespace ActorRealm.Remote.Tests;

/// <summary>Actor systems on two nodes over loopback TCP.</summary>
public sealed class RemoteMessagingTests : TestKitBase, IAsyncLifetime
{
    private readonly LogCapture _logsA = new();
    private readonly LogCapture _logsB = new();
    private ActorSystem _a = null!;
    private ActorSystem _b = null!;

    public Task InitializeAsync()
    {
        // Room for the load test's bursts: a full queue drops (the documented overflow policy).
        static RemoteSettings Roomy(RemoteSettings s) => s with { Transport = s.Transport with { SendQueueSize = 100_000 } };
        _a = RemoteSystems.Tcp(_logsA, adjust: Roomy);
        _b = RemoteSystems.Tcp(_logsB, adjust: Roomy);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _a.Terminate();
        await _b.Terminate();
        await Task.WhenAll(_a.Remote().WhenStopped, _b.Remote().WhenStopped);
    }

    [Fact]
    public void The_system_address_is_the_node_address_and_remote_paths_resolve_to_remote_refs()
    {
        Assert.Equal(_a.Remote().Remoting.Address, _a.Address);
        Assert.Equal("realm", _a.Address.Protocol);
        Assert.NotNull(_a.Address.Port);
        var echo = _b.ActorOf(Props.Create(() => new Echo()), "echo");
        Assert.StartsWith(_b.Address.ToString(), echo.Path.ToString(), StringComparison.Ordinal);

        var remote = _a.ResolveActorRef(echo.Path.ToString());
        Assert.IsType<RemoteActorRef>(remote);
        Assert.Same(_b.ActorOf(Props.Create(() => new Echo())).GetType(), echo.GetType());
        Assert.IsNotType<RemoteActorRef>(_b.ResolveActorRef(echo.Path.ToString()));
    }

    [Fact]
    public void A_message_reaches_a_remote_actor_and_the_reply_comes_back_to_the_remote_sender()
    {
        _b.ActorOf(Props.Create(() => new Echo()), "echo");
        var probe = CreateTestProbe(_a);
        var echo = _a.ResolveActorRef($"{_b.Address}/user/echo");

        probe.Send(echo, new Ping(1));
        probe.Send(echo, "plain text");
        probe.Send(echo, new byte[] { 1, 2, 3 });

        Assert.Equal(new Pong(1), probe.ExpectMsg<Pong>());
        Assert.Equal("plain text", probe.ExpectMsg<string>());
        Assert.Equal([1, 2, 3], probe.ExpectMsg<byte[]>());
        Assert.IsType<RemoteActorRef>(probe.Sender);
        Assert.Equal(echo.Path, probe.Sender.Path.WithUid(ActorPath.UndefinedUid));
    }

    [Fact]
    public void Refs_inside_messages_travel_as_refs()
    {
        _b.ActorOf(Props.Create(() => new Echo()), "echo");
        var probe = CreateTestProbe(_a);
        _a.ResolveActorRef($"{_b.Address}/user/echo").Tell(new WithRef("via a ref in the message", probe));
        Assert.Equal("via a ref in the message", probe.ExpectMsg<string>());
    }

    [Fact]
    public async Task Ask_across_nodes_gets_its_answer()
    {
        _b.ActorOf(Props.Create(() => new Echo()), "echo");
        var echo = _a.ResolveActorRef($"{_b.Address}/user/echo");
        var answer = await echo.Ask<Pong>(new Ping(42), TimeSpan.FromSeconds(10));
        Assert.Equal(42, answer.Id);
    }

    [Fact]
    public void Messages_from_one_sender_to_one_remote_actor_arrive_in_order_under_load()
    {
        const int Count = 20_000;
        var sink = CreateTestProbe(_b);
        var target = _a.ResolveActorRef(sink.Path.ToString());
        var senders = Enumerable.Range(0, 3).Select(i => _a.ActorOf(Props.Create(() => new Burst(target, $"s{i}", Count)))).ToList();
        senders.ForEach(s => s.Tell("go"));

        var received = sink.ReceiveN(3 * Count, TimeSpan.FromSeconds(60)).Cast<Sequenced>().ToList();
        foreach (var stream in received.GroupBy(m => m.Stream))
        {
            Assert.Equal(Enumerable.Range(0, Count), stream.Select(m => m.Seq));
        }

        Assert.DoesNotContain(_logsA.Warnings, w => w.Message.Contains("Send queue", StringComparison.Ordinal));
    }

    [Fact]
    public void A_message_of_an_unregistered_type_becomes_a_dead_letter_on_the_sending_node()
    {
        var probe = CreateTestProbe(_b);
        var deadLetters = CreateTestProbe(_a);
        _a.EventStream.Subscribe<DeadLetter>(deadLetters);

        _a.ResolveActorRef(probe.Path.ToString()).Tell(new NotRegistered(7));

        Assert.Equal(new NotRegistered(7), deadLetters.ExpectMsg<DeadLetter>().Message);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Contains(_logsA.Warnings, w => w.Message.Contains("No serializer is registered", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("System.Diagnostics.Process")]
    [InlineData("System.Diagnostics.Process, System.Diagnostics.Process")]
    [InlineData("ActorRealm.Remote.Tests.Tripwire, ActorRealm.Remote.Tests")]
    public void A_manifest_naming_an_unregistered_type_is_dropped_and_never_instantiated(string manifest)
    {
        var probe = CreateTestProbe(_b);
        var created = Tripwire.Created;
        var children = ChildProcesses();

        // A peer that knows the join secret crafts the envelope by hand.
        var frame = new Frame
        {
            Envelope = new Envelope
            {
                Recipient = probe.Path.ToSerializationFormat(),
                SerializerId = 3,
                Manifest = manifest,
                Payload = ByteString.CopyFromUtf8("""{"StartInfo":{"FileName":"/bin/sh","Arguments":"-c touch /tmp/pwned"}}"""),
            },
        };
        _a.Remote().Remoting.Send(_b.Address, frame);

        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        AwaitCondition(() => _logsB.Warnings.Any(w => w.Message.Contains("is not a type registered with serializer 3", StringComparison.Ordinal)));
        Assert.Equal(created, Tripwire.Created);
        Assert.False(File.Exists("/tmp/pwned"));

        // Only this test host's own children count: the machine's process total moves with whatever else runs on it.
        Assert.Equal(children, ChildProcesses());

        // The connection survives a bad message: the next good one arrives.
        _a.ResolveActorRef(probe.Path.ToString()).Tell("after");
        probe.ExpectMsg("after");
    }

    /// <summary>The ids of this process's child processes (from /proc; empty where there is none).</summary>
    private static List<int> ChildProcesses()
    {
        var children = new List<int>();
        if (!Directory.Exists("/proc"))
        {
            return children;
        }

        foreach (var stat in Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "stat")))
        {
            string text;
            try
            {
                text = File.ReadAllText(stat);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // Not a process folder, or the process ended meanwhile.
            }

            // "pid (comm) state ppid ...": the command may hold spaces and parentheses, so read after the last ')'.
            var fields = text[(text.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 1 && int.TryParse(fields[1], System.Globalization.CultureInfo.InvariantCulture, out var parent) && parent == Environment.ProcessId)
            {
                children.Add(int.Parse(Path.GetFileName(Path.GetDirectoryName(stat)!), System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return children;
    }

    private sealed record NotRegistered(int Value);

    /// <summary>Sends Count sequenced messages when told "go".</summary>
    private sealed class Burst : ReceiveActor
    {
        public Burst(IActorRef target, string stream, int count) =>
            Receive<string>(_ =>
            {
                for (var i = 0; i < count; i++)
                {
                    target.Tell(new Sequenced(stream, i));
                }
            });
    }
}

/// <summary>Counts its constructions: a manifest naming it must never create one.</summary>
public sealed class Tripwire
{
    public Tripwire() => Interlocked.Increment(ref _created);

    private static int _created;

    public static int Created => Volatile.Read(ref _created);
}
