namespace ActorRealm.Client;

/// <summary>A publish's acknowledgement: the message is durable in the persistence cluster.</summary>
/// <param name="Offset">Its offset in the channel (from 0).</param>
/// <param name="Index">Its index in the persistence cluster's log.</param>
/// <param name="Epoch">The persistence epoch of the leader that acknowledged it.</param>
/// <param name="ProducerSeq">The producer sequence the client gave it.</param>
public sealed record PublishAck(long Offset, long Index, long Epoch, long ProducerSeq);
