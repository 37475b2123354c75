using ActorRealm.Contracts;
using ActorRealm.Contracts.Persistence;
using ActorRealm.PersistenceSets.Layout;
using ActorRealm.PersistenceSets.RealmLink;
using ActorRealm.PersistenceSets.Status;
using Akka.Actor;

namespace ActorRealm.Server.Services;

/// <summary>
/// Answers <see cref="PersistenceDirectoryRequest"/> with this realm server's <see cref="PersistenceDirectory"/>
/// (<c>/user/persistence-directory</c>, registered with the ClusterClient receptionist): how the client library finds
/// the persistence servers and the primary leader. It asks the <see cref="PersistenceRegistry"/> for its view.
/// </summary>
internal sealed class PersistenceDirectoryService : ReceiveActor
{
    /// <summary>The actor's name under <c>/user</c> (<see cref="RealmServices.PersistenceDirectoryPath"/>).</summary>
    public const string Name = "persistence-directory";

    private static readonly TimeSpan RegistryTimeout = TimeSpan.FromSeconds(3);

    public PersistenceDirectoryService(PersistenceLayout layout, IActorRef registry, string protocol, string systemName) =>
        ReceiveAsync<PersistenceDirectoryRequest>(async _ =>
        {
            var asker = Sender;
            var view = await registry.Ask<PersistenceView>(GetPersistenceView.Instance, RegistryTimeout).ConfigureAwait(false);
            asker.Tell(PersistenceDirectoryBuilder.Build(layout, view, protocol, systemName));
        });

    public static Props Props(PersistenceLayout layout, IActorRef registry, string protocol, string systemName) =>
        Akka.Actor.Props.Create(() => new PersistenceDirectoryService(layout, registry, protocol, systemName));
}
