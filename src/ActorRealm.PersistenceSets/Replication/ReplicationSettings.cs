namespace ActorRealm.PersistenceSets.Replication;

/// <summary>
/// Timing and batching of the replication machine, counted in ticks (the shell sends one <see cref="Tick"/>
/// every tick interval, 50 ms by default, so the defaults below are a 150 ms heartbeat and a 1–2 s election
/// timeout).
/// </summary>
/// <param name="HeartbeatTicks">How often a leader sends appends (heartbeats) to its members and to the standby leader.</param>
/// <param name="ElectionTimeoutTicks">
/// The minimum election timeout; each server's timeout in a term is this plus a deterministic spread in
/// [0, this) derived from its name and term, so that servers of a set rarely time out together.
/// </param>
/// <param name="MaxEntriesPerAppend">The most entries in one append message.</param>
/// <param name="MaxBytesPerAppend">
/// The most bytes (message bytes plus <see cref="EntryOverheadBytes"/> per entry) in one append message, unless its one
/// entry alone is larger: an append must fit the transport's frame, which Akka.Remote drops silently when exceeded.
/// A persistence server refuses to start when one message of <c>max-message-bytes</c> would not fit a frame, so with
/// this budget below the frame every append does.
/// </param>
/// <param name="DrainTimeoutTicks">
/// How long a migration may hold new publishes before it gives up: before the hand-over entry is written the
/// migration is abandoned and the held publishes are appended; after it, they are refused as retryable.
/// </param>
public sealed record ReplicationSettings(
    int HeartbeatTicks = 3,
    int ElectionTimeoutTicks = 20,
    int MaxEntriesPerAppend = 64,
    int DrainTimeoutTicks = 100,
    int MaxBytesPerAppend = 1024 * 1024)
{
    /// <summary>What an entry costs on the wire beyond its message bytes, counted generously (ids, names, framing).</summary>
    public const int EntryOverheadBytes = 512;

    /// <summary>The defaults.</summary>
    public static ReplicationSettings Default { get; } = new();
}
