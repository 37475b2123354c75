namespace ActorRealm.PersistenceSets.Replication;

/// <summary>
/// One entry of the persistence cluster's single replicated log. <paramref name="Epoch"/> and
/// <paramref name="Term"/> are those of the set leader that created it (the primary set's leader, or the
/// standby leader for the <see cref="EpochStart"/> that makes its set primary); copies keep them unchanged,
/// so (index, epoch, term) names one entry everywhere.
/// </summary>
/// <param name="Index">Position in the log, from 1.</param>
/// <param name="Epoch">The persistence epoch it was created in.</param>
/// <param name="Term">The creating set's term.</param>
/// <param name="Payload">What it carries.</param>
public sealed record LogEntry(long Index, long Epoch, long Term, EntryPayload Payload)
{
    /// <summary>Whether this entry is the same entry as <paramref name="other"/> by its identity (index, epoch, term).</summary>
    public bool SameIdAs(LogEntry other) => other.Index == Index && other.Epoch == Epoch && other.Term == Term;
}

/// <summary>What a log entry carries.</summary>
public abstract record EntryPayload
{
    private protected EntryPayload()
    {
    }

    /// <summary>The application bytes it carries, for lag in bytes.</summary>
    public virtual int ByteCount => 0;
}

/// <summary>A message published to a durable channel.</summary>
/// <param name="Channel">The channel (channels are multiplexed in the one log).</param>
/// <param name="ProducerId">The producer, for deduplication.</param>
/// <param name="ProducerSeq">The producer's sequence number, increasing per producer.</param>
/// <param name="Data">The message bytes.</param>
/// <param name="Timestamp">
/// When the primary leader received it (Unix milliseconds of that leader's clock; 0 when unknown), for retention by age.
/// </param>
public sealed record Publish(string Channel, string ProducerId, long ProducerSeq, ReadOnlyMemory<byte> Data, long Timestamp = 0) : EntryPayload
{
    /// <inheritdoc />
    public override int ByteCount => Data.Length;

    /// <summary>Structural equality, including the bytes.</summary>
    public bool Equals(Publish? other) =>
        other is not null && Channel == other.Channel && ProducerId == other.ProducerId
        && ProducerSeq == other.ProducerSeq && Timestamp == other.Timestamp && Data.Span.SequenceEqual(other.Data.Span);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Channel, ProducerId, ProducerSeq, Data.Length);
}

/// <summary>A durable subscription's read position, replicated like data.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Subscription">The subscription's name.</param>
/// <param name="Offset">The position: the next offset the subscription reads.</param>
public sealed record SubscriptionPosition(string Channel, string Subscription, long Offset) : EntryPayload;

/// <summary>
/// The primary leader's retention decision for a channel: its messages below <paramref name="FirstOffset"/> are no
/// longer readable (every server applies it when committed, so all agree on what a channel holds).
/// </summary>
/// <param name="Channel">The channel.</param>
/// <param name="FirstOffset">The channel's first readable offset from now on (only ever moves forward).</param>
public sealed record ChannelTrim(string Channel, long FirstOffset) : EntryPayload;

/// <summary>The first entry of a new epoch, written by the leader of the set that becomes primary.</summary>
/// <param name="Epoch">The new epoch.</param>
/// <param name="PrimarySet">The set primary in it.</param>
/// <param name="Reason">Whether a cut-over or a migration made it.</param>
public sealed record EpochStart(long Epoch, string PrimarySet, EpochChange Reason) : EntryPayload;

/// <summary>
/// The primary leader's decision to hand over to the standby set in a migration. Once it is in a primary
/// leader's log, that leader never serves in this epoch again (it cannot know that the hand-over did not happen).
/// </summary>
/// <param name="NewEpoch">The epoch the standby set will start.</param>
/// <param name="ToSet">The set that becomes primary.</param>
public sealed record Handover(long NewEpoch, string ToSet) : EntryPayload;

/// <summary>The empty entry a new leader appends so that entries of earlier terms commit with it (Raft's rule).</summary>
public sealed record LeaderNoop : EntryPayload;

/// <summary>Why an epoch began.</summary>
public enum EpochChange
{
    /// <summary>The configured start, epoch 0.</summary>
    Initial,

    /// <summary>An administrator's cut-over after a disaster.</summary>
    CutOver,

    /// <summary>A planned migration.</summary>
    Migration,
}
