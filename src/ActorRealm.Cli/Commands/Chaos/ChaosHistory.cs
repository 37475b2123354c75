namespace ActorRealm.Cli.Commands.Chaos;

/// <summary>A message's identity across the realm: the client's producer id and the sequence it gave the publish.</summary>
/// <param name="Producer">The publishing client's producer id.</param>
/// <param name="Seq">Its producer sequence.</param>
internal readonly record struct MessageKey(string Producer, long Seq)
{
    /// <inheritdoc />
    public override string ToString() => $"{Producer}#{Seq}";
}

/// <summary>A publish the persistence cluster acknowledged (durable, by its answer).</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Key">The message.</param>
/// <param name="Offset">The offset the acknowledgement gave.</param>
/// <param name="Epoch">The persistence epoch of the leader that acknowledged it.</param>
/// <param name="AtMs">When the acknowledgement arrived, in milliseconds since the run started.</param>
internal sealed record AckedPublish(string Channel, MessageKey Key, long Offset, long Epoch, long AtMs);

/// <summary>A message a durable subscriber read.</summary>
/// <param name="Subscriber">The subscription's name.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Key">The message.</param>
/// <param name="Offset">The offset it was read at.</param>
/// <param name="AtMs">When, in milliseconds since the run started.</param>
internal sealed record SubscriberDelivery(string Subscriber, string Channel, MessageKey Key, long Offset, long AtMs);

/// <summary>One message of a read-back, in offset order.</summary>
/// <param name="Offset">Its offset.</param>
/// <param name="Key">The message.</param>
internal sealed record StoredMessage(long Offset, MessageKey Key);

/// <summary>A whole channel as one server (or one set's leader) served it at the end of the run.</summary>
/// <param name="Source">Who served it (a server name, or a set's leader).</param>
/// <param name="Channel">The channel.</param>
/// <param name="Messages">Its messages in the order read.</param>
internal sealed record ChannelReadBack(string Source, string Channel, IReadOnlyList<StoredMessage> Messages);

/// <summary>One live persistence server as a status sample saw it.</summary>
/// <param name="Round">The sampling round (samples of one round were taken together).</param>
/// <param name="AtMs">When, in milliseconds since the run started.</param>
/// <param name="Server">The server.</param>
/// <param name="Set">Its set.</param>
/// <param name="SetRole"><c>primary</c> or <c>standby</c>, as it reports.</param>
/// <param name="Role"><c>leader</c>, <c>member</c> or <c>candidate</c>.</param>
/// <param name="Epoch">The persistence epoch it follows.</param>
/// <param name="Term">Its election term.</param>
/// <param name="Serving">Whether it accepts publishes.</param>
internal sealed record StatusSample(int Round, long AtMs, string Server, string Set, string SetRole, string Role, long Epoch, long Term, bool Serving);

/// <summary>An administrator's cut-over with <c>async</c> standby replication: what it may lose, and what it exported.</summary>
/// <param name="AtMs">When it was accepted.</param>
/// <param name="NewEpoch">The epoch it started.</param>
/// <param name="ReportedNotAtStandby">
/// The most messages the primary leader's status reported as not yet at the standby set (<c>standbyLagMessages</c>)
/// over the samples between the last publish acknowledged before the stop and the stop itself.
/// </param>
/// <param name="Exported">The publishes the old primary exported as its divergent suffix when it followed the new epoch.</param>
/// <param name="MistakenUntilMs">
/// For a mistaken cut-over (the old primary side only cut off, and serving on as the prime site), when every server of
/// the old set was seen following the new epoch: until then both sets may serve, in different epochs, and whatever the
/// old set acknowledged may be lost, provided it was exported. Null for a cut-over after the old side stopped.
/// </param>
internal sealed record AsyncCutOver(long AtMs, long NewEpoch, long ReportedNotAtStandby, IReadOnlyList<MessageKey> Exported, long? MistakenUntilMs = null)
{
    /// <summary>Until when an acknowledgement in an older epoch may be lost by this cut-over.</summary>
    public long LosesUntilMs => MistakenUntilMs ?? AtMs;
}

/// <summary>Everything a chaos run recorded, for <see cref="ChaosChecker"/>.</summary>
/// <param name="Acked">Acknowledged publishes.</param>
/// <param name="Deliveries">What the durable subscribers read.</param>
/// <param name="ReadBacks">Every channel read back at the end, from every source that served it.</param>
/// <param name="Samples">Status samples over the run.</param>
/// <param name="CutOvers">The administrator's async cut-overs.</param>
internal sealed record ChaosHistory(
    IReadOnlyList<AckedPublish> Acked,
    IReadOnlyList<SubscriberDelivery> Deliveries,
    IReadOnlyList<ChannelReadBack> ReadBacks,
    IReadOnlyList<StatusSample> Samples,
    IReadOnlyList<AsyncCutOver> CutOvers);
