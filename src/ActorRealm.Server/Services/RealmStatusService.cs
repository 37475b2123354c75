using ActorRealm.Cluster;
using ActorRealm.Contracts;
using Akka.Actor;

namespace ActorRealm.Server.Services;

/// <summary>
/// Answers <see cref="RealmStatusRequest"/> with the node's <see cref="RealmStatus"/>
/// (<c>/user/realm-status</c>, registered with the ClusterClient receptionist): how other Akka.NET
/// systems read a realm without joining it.
/// </summary>
internal sealed class RealmStatusService : ReceiveActor
{
    /// <summary>The actor's name under <c>/user</c> (<see cref="RealmServices.StatusPath"/>).</summary>
    public const string Name = "realm-status";

    public RealmStatusService(RealmCluster realm) => Receive<RealmStatusRequest>(_ => Sender.Tell(From(realm.CurrentStatus)));

    public static Props Props(RealmCluster realm) => Akka.Actor.Props.Create(() => new RealmStatusService(realm));

    /// <summary>The contract view of a status snapshot.</summary>
    public static RealmStatus From(ClusterStatus status) => new(
        status.Realm,
        status.NodeName,
        status.Site,
        status.SelfStatus.ToString().ToLowerInvariant(),
        status.HasQuorum,
        status.Quorum.Explanation,
        status.IsServing,
        status.PrimeSite,
        status.PrimeEpoch,
        [.. status.Members.Select(m => new RealmMember(m.Node, m.Site, m.Address.ToString(), m.StatusText, m.Reachable))]);
}
