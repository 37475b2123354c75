using Akka.Actor;
using Akka.Event;

namespace ActorRealm.Cluster.Joining;

/// <summary>
/// Answers probes from nodes of the realm that are not in this node's cluster
/// (<c>/system/realm-beacon</c>) with this node's side, and draws its own conclusion from the
/// prober's side: the meeting is symmetric, so whichever end should move over does, even when
/// only one direction of the network works.
/// </summary>
internal sealed class RealmBeacon : ReceiveActor
{
    /// <summary>The actor's name under <c>/system</c>.</summary>
    public const string Name = "realm-beacon";

    private readonly RealmSetup _setup;
    private readonly IActorRef _primeActor;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public RealmBeacon(RealmSetup setup, IActorRef primeActor)
    {
        _setup = setup;
        _primeActor = primeActor;
        Receive<ProbeRequest>(OnProbe);
    }

    private void OnProbe(ProbeRequest request)
    {
        if (_setup.State.View is not { } view)
        {
            return;
        }

        var own = RealmSides.Describe(_setup.Realm, view, _setup.Cluster.SeedNodes.FirstOrDefault() == _setup.Address);
        Sender.Tell(new ProbeReply(own), Self);
        RealmMoves.Conclude(_setup, _primeActor, _log, Context.System, own, view, request.Side);
    }
}
