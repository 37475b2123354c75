using System.Collections.Concurrent;
using ActorRealm.Actors;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>Subscribes to every cluster event of one node and keeps what it gets (the current state, then the events), in order.</summary>
internal sealed class EventRecorder : ReceiveActor
{
    private EventRecorder(ConcurrentQueue<object> events) => ReceiveAny(events.Enqueue);

    /// <summary>Starts a recorder on <paramref name="node"/>'s current incarnation and subscribes it to all cluster events.</summary>
    public static ConcurrentQueue<object> Record(SimNode node)
    {
        var events = new ConcurrentQueue<object>();
        var recorder = node.System.ActorOf(Props.Create(() => new EventRecorder(events)), "event-recorder");
        node.Cluster.Subscribe(recorder);
        return events;
    }
}
