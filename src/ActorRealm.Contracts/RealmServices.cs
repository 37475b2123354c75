namespace ActorRealm.Contracts;

/// <summary>Where a realm node's services live and how a client system is configured to talk to them.</summary>
public static class RealmServices
{
    /// <summary>
    /// The path of the status service, registered with the ClusterClient receptionist of every realm
    /// node: <c>clusterClient.Tell(new ClusterClient.Send(RealmServices.StatusPath, RealmStatusRequest.Instance))</c>.
    /// </summary>
    public const string StatusPath = "/user/realm-status";

    /// <summary>
    /// The path of the persistence directory service on every realm node that has persistence sets, registered with
    /// the ClusterClient receptionist: it answers <see cref="Persistence.PersistenceDirectoryRequest"/> with a
    /// <see cref="Persistence.PersistenceDirectory"/>.
    /// </summary>
    public const string PersistenceDirectoryPath = "/user/persistence-directory";

    /// <summary>The path of every realm node's ClusterClient receptionist (Akka's default name).</summary>
    public const string ReceptionistPath = "/system/receptionist";

    /// <summary>
    /// The Akka configuration that registers <see cref="ContractsSerializer"/> for the contract
    /// messages. A client system adds it to its own configuration, with
    /// <c>ClusterClientReceptionist.DefaultConfig()</c> and <c>DistributedPubSub.DefaultConfig()</c> so
    /// that ClusterClient's own messages use their protobuf serializers: realm nodes refuse Akka's JSON
    /// and protobuf fallbacks. Realm nodes include it.
    /// </summary>
    public const string SerializationHocon =
        """
        akka.actor.serializers.realm-contracts = "ActorRealm.Contracts.ContractsSerializer, ActorRealm.Contracts"
        akka.actor.serialization-bindings { "ActorRealm.Contracts.IRealmContract, ActorRealm.Contracts" = realm-contracts }
        """;
}
