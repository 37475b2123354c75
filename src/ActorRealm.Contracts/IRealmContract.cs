namespace ActorRealm.Contracts;

/// <summary>
/// Marks a public contract message. Akka binds it to <see cref="ContractsSerializer"/> (see
/// <see cref="RealmServices.SerializationHocon"/>): every contract has a fixed manifest and a
/// protobuf body, so neither side ever deserializes a type the other chose.
/// </summary>
public interface IRealmContract;
