using System.Collections.Immutable;

namespace ActorRealm.Contracts.Persistence;

/// <summary>
/// Reads a channel's committed messages from an offset. Answered by <see cref="ChannelMessages"/>; unless
/// <paramref name="AnyServer"/>, a server that is not the primary leader answers <see cref="RedirectToLeader"/> or
/// <see cref="RequestRefused"/> instead.
/// </summary>
/// <param name="RequestId">The client's request number.</param>
/// <param name="Channel">The channel.</param>
/// <param name="FromOffset">The first offset to read (a channel's messages are numbered from 0 in log order).</param>
/// <param name="MaxMessages">The most messages to return (the server caps it at 10,000).</param>
/// <param name="AnyServer">Whether any server may answer from its own copy (operators and tests); applications read at the primary leader.</param>
public sealed record ReadChannelRequest(long RequestId, string Channel, long FromOffset, int MaxMessages, bool AnyServer = false) : IRealmContract;

/// <summary>One message of a channel.</summary>
/// <param name="Offset">Its offset in the channel.</param>
/// <param name="Index">Its index in the persistence cluster's log.</param>
/// <param name="ProducerId">Its producer.</param>
/// <param name="ProducerSeq">Its producer sequence number.</param>
/// <param name="Data">Its bytes.</param>
public sealed record ChannelMessage(long Offset, long Index, string ProducerId, long ProducerSeq, ReadOnlyMemory<byte> Data)
{
    /// <summary>Equality including the bytes.</summary>
    public bool Equals(ChannelMessage? other) =>
        other is not null && (Offset, Index, ProducerId, ProducerSeq) == (other.Offset, other.Index, other.ProducerId, other.ProducerSeq)
        && Data.Span.SequenceEqual(other.Data.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Offset, Index, ProducerId, ProducerSeq, Data.Length);
}

/// <summary>The answer to a <see cref="ReadChannelRequest"/>.</summary>
/// <param name="RequestId">The request it answers.</param>
/// <param name="Server">The server that answered.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Messages">The committed messages from the offset asked for, in order.</param>
/// <param name="NextOffset">The offset to read next.</param>
/// <param name="EndOffset">How many committed messages the channel has had at the answering server (the offset the next one gets).</param>
/// <param name="FirstOffset">
/// The channel's first readable offset: retention dropped the messages before it. A read from an earlier offset starts
/// here, so the first message's offset says how many were skipped.
/// </param>
public sealed record ChannelMessages(long RequestId, string Server, string Channel, ImmutableArray<ChannelMessage> Messages, long NextOffset, long EndOffset, long FirstOffset = 0)
    : IPersistenceAnswer
{
    /// <summary>Equality with the messages compared by content.</summary>
    public bool Equals(ChannelMessages? other) =>
        other is not null && (RequestId, Server, Channel, NextOffset, EndOffset, FirstOffset) == (other.RequestId, other.Server, other.Channel, other.NextOffset, other.EndOffset, other.FirstOffset)
        && Messages.SequenceEqual(other.Messages);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(RequestId, Channel, NextOffset, Messages.Length);
}
