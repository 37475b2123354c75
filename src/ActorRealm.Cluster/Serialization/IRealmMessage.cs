namespace ActorRealm.Cluster.Serialization;

/// <summary>
/// Marks ActorRealm's own messages between nodes. Akka binds this interface to
/// <see cref="RealmSerializer"/> (see the module's reference.conf), so every such message has an
/// explicit wire format and a fixed manifest: a peer can never make a node instantiate a type it chose.
/// </summary>
public interface IRealmMessage;
