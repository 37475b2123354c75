namespace ActorRealm.PersistenceSets.Replication;

/// <summary>
/// One epoch of the persistence cluster: which set is primary in it and the first log index it owns.
/// Entries of an older epoch at or after <paramref name="FirstIndex"/> are a divergent suffix.
/// </summary>
/// <param name="Epoch">The epoch, from 0.</param>
/// <param name="PrimarySet">The set primary in it.</param>
/// <param name="FirstIndex">Index of its first entry (its <see cref="EpochStart"/>; 1 for epoch 0).</param>
public sealed record EpochRecord(long Epoch, string PrimarySet, long FirstIndex);

/// <summary>
/// The small state a server stores durably besides its log: the epoch it follows with the history of
/// epochs it has learned, and its set's term and vote.
/// </summary>
/// <param name="Term">The set's term this server has seen.</param>
/// <param name="VotedFor">Whom it voted for in <paramref name="Term"/>, or null.</param>
/// <param name="EpochHistory">Every epoch it learned, ascending; the last is the current one.</param>
public sealed record HardState(long Term, string? VotedFor, IReadOnlyList<EpochRecord> EpochHistory)
{
    /// <summary>The current epoch.</summary>
    public EpochRecord Current => EpochHistory[^1];

    /// <summary>The state of a new server: term 0, no vote, epoch 0 with the configured primary.</summary>
    public static HardState Initial(ClusterDefinition cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new HardState(0, null, [new EpochRecord(0, cluster.InitialPrimarySet, 1)]);
    }
}

/// <summary>What a server reads back from its storage at start: its hard state, its compacted prefix and its log.</summary>
/// <param name="Hard">The hard state.</param>
/// <param name="Log">The log, contiguous from the snapshot's index plus 1.</param>
/// <param name="Snapshot">What the compacted prefix left behind (null: nothing was compacted).</param>
public sealed record DurableState(HardState Hard, IReadOnlyList<LogEntry> Log, LogSnapshot? Snapshot = null);
