namespace ActorRealm.Contracts.Persistence;

/// <summary>
/// Publishes one message to a durable channel; send it to the primary leader's persistence server actor. Answered by
/// <see cref="RequestAcknowledged"/> (offset and index), <see cref="RedirectToLeader"/> or <see cref="RequestRefused"/>.
/// The server stores a (producer, sequence) pair once: a retry after a timeout or a failover gets the first answer again.
/// </summary>
/// <param name="RequestId">The client's request number, echoed in the answer (unique per client actor).</param>
/// <param name="Channel">The channel (<see cref="ChannelNames"/>).</param>
/// <param name="ProducerId">The producer, for deduplication.</param>
/// <param name="ProducerSeq">The producer's sequence number, from 1, increasing by one per message.</param>
/// <param name="Data">The message bytes.</param>
public sealed record PublishRequest(long RequestId, string Channel, string ProducerId, long ProducerSeq, ReadOnlyMemory<byte> Data) : IRealmContract
{
    /// <summary>Equality including the bytes.</summary>
    public bool Equals(PublishRequest? other) =>
        other is not null && (RequestId, Channel, ProducerId, ProducerSeq) == (other.RequestId, other.Channel, other.ProducerId, other.ProducerSeq)
        && Data.Span.SequenceEqual(other.Data.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(RequestId, Channel, ProducerId, ProducerSeq, Data.Length);
}
