using ActorRealm.Contracts.Persistence;

namespace ActorRealm.Client;

/// <summary>
/// A named durable subscription of a channel: the persistence cluster stores its position (replicated like the data),
/// so a new client resumes where the last commit left it. Messages read and not committed are read again by the next
/// client (at-least-once): commit after handling them.
/// </summary>
public sealed class DurableSubscription
{
    private readonly RealmClient _client;

    internal DurableSubscription(RealmClient client, string channel, string name, long position)
    {
        _client = client;
        Channel = channel;
        Name = name;
        Position = position;
        CommittedPosition = position;
    }

    /// <summary>The channel.</summary>
    public string Channel { get; }

    /// <summary>The subscription's name.</summary>
    public string Name { get; }

    /// <summary>The next offset this subscription reads.</summary>
    public long Position { get; private set; }

    /// <summary>The position last stored (or found stored when the subscription was opened).</summary>
    public long CommittedPosition { get; private set; }

    /// <summary>
    /// How many messages this subscription never saw because the channel's retention dropped them before it read
    /// them (the persistence servers' status shows the same, per subscription).
    /// </summary>
    public long SkippedByRetention { get; private set; }

    /// <summary>
    /// Reads up to <paramref name="maxMessages"/> messages from <see cref="Position"/> and moves past them (an empty
    /// list: nothing new yet). When retention dropped messages from the position on, the read starts at the channel's
    /// first readable offset and <see cref="SkippedByRetention"/> counts the gap.
    /// </summary>
    public async Task<IReadOnlyList<ChannelMessage>> ReadAsync(int maxMessages, CancellationToken cancellationToken = default)
    {
        var read = await _client.ReadAsync(Channel, Position, maxMessages, cancellationToken).ConfigureAwait(false);
        SkippedByRetention += Math.Max(0, Math.Min(read.FirstOffset, read.NextOffset) - Position);
        Position = Math.Max(Position, read.NextOffset);
        return read.Messages;
    }

    /// <summary>Stores <see cref="Position"/> (everything read so far is handled); completes once it is durable.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        var position = Position;
        await _client.StorePositionAsync(Channel, Name, position, cancellationToken).ConfigureAwait(false);
        CommittedPosition = position;
    }
}
