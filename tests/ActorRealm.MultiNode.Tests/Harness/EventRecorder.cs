using System.Collections.Concurrent;
using ActorRealm.Cluster.Membership;
using Akka.Actor;
using ClusterEvent = Akka.Cluster.ClusterEvent;

namespace ActorRealm.MultiNode.Tests.Harness;

/// <summary>
/// A subscriber on one node: Akka.Cluster's membership and reachability events (the current state
/// first) and the realm's own events (quorum lost and regained, prime changed), in arrival order.
/// </summary>
internal static class EventRecorder
{
    /// <summary>Starts a recorder on <paramref name="node"/>'s current incarnation.</summary>
    public static ConcurrentQueue<object> Record(RealmTestNode node)
    {
        var events = new ConcurrentQueue<object>();
        var recorder = node.System.ActorOf(Props.Create(() => new Recorder(events)), "event-recorder");
        Akka.Cluster.Cluster.Get(node.System).Subscribe(recorder, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        node.System.EventStream.Subscribe(recorder, typeof(RealmEvent));
        return events;
    }

    private sealed class Recorder : ReceiveActor
    {
        public Recorder(ConcurrentQueue<object> events) => ReceiveAny(events.Enqueue);
    }
}
