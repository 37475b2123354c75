namespace ActorRealm.Actors.Tests;

/// <summary>Replies to every message with the same message.</summary>
internal sealed class EchoActor : ReceiveActor
{
    public EchoActor() => ReceiveAny(m => Sender.Tell(m));
}

/// <summary>Counts "inc", answers "get" with the count; throws on "boom" and Exception messages.</summary>
internal sealed class CounterActor : ReceiveActor
{
    private int _count;

    public CounterActor()
    {
        Receive<string>(s => s == "inc", _ => _count++);
        Receive<string>(s => s == "get", _ => Sender.Tell(_count));
        Receive<string>(s => s == "boom", _ => throw new InvalidOperationException("boom"));
        Receive<Exception>(e => throw e);
    }
}

/// <summary>Reports its lifecycle hooks to a probe.</summary>
internal sealed class LifecycleActor : ReceiveActor
{
    private readonly IActorRef _probe;

    public LifecycleActor(IActorRef probe)
    {
        _probe = probe;
        _probe.Tell("ctor");
        Receive<Exception>(e => throw e);
        Receive<string>(s => s == "ping", _ => Sender.Tell("pong"));
        Receive<Props>(p => Sender.Tell(Context.ActorOf(p, "child")));
    }

    protected override void PreStart() => _probe.Tell("preStart");

    protected override void PostStop() => _probe.Tell("postStop");

    protected override void PreRestart(Exception reason, object? message)
    {
        _probe.Tell($"preRestart:{reason.Message}:{message}");
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        _probe.Tell($"postRestart:{reason.Message}");
        base.PostRestart(reason);
    }
}

/// <summary>Creates children on request and supervises them with the given strategy.</summary>
internal sealed class ParentActor : ReceiveActor
{
    private readonly Supervision.SupervisorStrategy? _strategy;

    public ParentActor(Supervision.SupervisorStrategy? strategy = null)
    {
        _strategy = strategy;
        Receive<(Props Props, string Name)>(p => Sender.Tell(Context.ActorOf(p.Props, p.Name)));
        Receive<Exception>(e => throw e);
    }

    protected override Supervision.SupervisorStrategy? SupervisorStrategy => _strategy;
}
