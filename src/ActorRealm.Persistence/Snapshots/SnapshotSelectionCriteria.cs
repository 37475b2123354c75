namespace ActorRealm.Persistence.Snapshots;

/// <summary>Bounds (inclusive) on the snapshots to load or delete.</summary>
/// <param name="MaxSequenceNr">Highest sequence number selected.</param>
/// <param name="MaxTimestamp">Latest timestamp selected.</param>
/// <param name="MinSequenceNr">Lowest sequence number selected.</param>
/// <param name="MinTimestamp">Earliest timestamp selected.</param>
public sealed record SnapshotSelectionCriteria(
    long MaxSequenceNr,
    DateTimeOffset MaxTimestamp,
    long MinSequenceNr,
    DateTimeOffset MinTimestamp)
{
    /// <summary>Selects every snapshot (load picks the latest).</summary>
    public static SnapshotSelectionCriteria Latest { get; } =
        new(long.MaxValue, DateTimeOffset.MaxValue, 0, DateTimeOffset.MinValue);

    /// <summary>Selects no snapshot (recovery then replays every event).</summary>
    public static SnapshotSelectionCriteria None { get; } =
        new(0, DateTimeOffset.MinValue, 0, DateTimeOffset.MinValue);

    /// <summary>Selects snapshots up to <paramref name="maxSequenceNr"/>.</summary>
    public static SnapshotSelectionCriteria UpTo(long maxSequenceNr) => Latest with { MaxSequenceNr = maxSequenceNr };
}
