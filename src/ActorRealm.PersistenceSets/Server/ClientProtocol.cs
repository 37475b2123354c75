using ActorRealm.PersistenceSets.RealmLink;
using ActorRealm.PersistenceSets.Replication;

namespace ActorRealm.PersistenceSets.Server;

/// <summary>An application publishes a message to a durable channel; answered by a <see cref="ClientAnswer"/> with the same id.</summary>
/// <param name="RequestId">The client's request number (unique per client actor).</param>
/// <param name="Message">The message with its channel, producer id and producer sequence number.</param>
public sealed record PublishRequest(long RequestId, Publish Message) : IPersistenceSetsMessage;

/// <summary>An application stores a durable subscription's position; answered by a <see cref="ClientAnswer"/>.</summary>
/// <param name="RequestId">The client's request number.</param>
/// <param name="Position">The position.</param>
public sealed record StorePositionRequest(long RequestId, SubscriptionPosition Position) : IPersistenceSetsMessage;

/// <summary>A persistence server's answer to a <see cref="PublishRequest"/> or <see cref="StorePositionRequest"/>.</summary>
/// <param name="RequestId">The request it answers.</param>
/// <param name="Result">Acknowledged, redirected to the primary leader, or refused.</param>
public sealed record ClientAnswer(long RequestId, ClientResult Result) : IPersistenceSetsMessage;

/// <summary>
/// Reads a channel from an offset, as far as the answering server knows it committed (any server answers from its own
/// copy: the primary leader for applications, every server for tests and operators).
/// </summary>
/// <param name="RequestId">The client's request number.</param>
/// <param name="Channel">The channel.</param>
/// <param name="FromOffset">The first offset to read: a channel's messages are numbered from 0 in log order.</param>
/// <param name="MaxMessages">The most messages to return.</param>
public sealed record ReadChannel(long RequestId, string Channel, long FromOffset, int MaxMessages) : IPersistenceSetsMessage;

/// <summary>One message of a channel, as <see cref="ChannelRead"/> returns it.</summary>
/// <param name="Offset">Its offset in the channel.</param>
/// <param name="Index">Its index in the persistence cluster's log.</param>
/// <param name="ProducerId">Its producer.</param>
/// <param name="ProducerSeq">Its producer sequence number.</param>
/// <param name="Data">Its bytes.</param>
public sealed record ChannelMessage(long Offset, long Index, string ProducerId, long ProducerSeq, ReadOnlyMemory<byte> Data);

/// <summary>The answer to a <see cref="ReadChannel"/>.</summary>
/// <param name="RequestId">The request it answers.</param>
/// <param name="Server">The server that answered.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Messages">The committed messages from the offset asked for, in order.</param>
/// <param name="NextOffset">The offset to read next.</param>
/// <param name="CommittedIndex">The answering server's commit index (standby servers: standby-committed).</param>
public sealed record ChannelRead(long RequestId, string Server, string Channel, IReadOnlyList<ChannelMessage> Messages, long NextOffset, long CommittedIndex)
    : IPersistenceSetsMessage;
