namespace ActorRealm.PersistenceSets.RealmLink;

/// <summary>
/// The realm link's current lease, readable from the persistence server's own thread at any moment. The server checks
/// it before every step of its replication machine, so a lease that expired while the process was paused ends the
/// machine's quorum before a message that arrived meanwhile is handled, rather than when the link's next lease check
/// runs (ADR 0084). Only the loss is taken from here: quorum itself still comes through the link's messages, behind
/// the epoch notices that must precede it (ADR 0073).
/// </summary>
public sealed class QuorumLeaseView
{
    private Snapshot? _snapshot;

    /// <summary>Whether the lease gives quorum now (false before the link's first lease).</summary>
    public bool HasQuorum => Volatile.Read(ref _snapshot) is { } s && s.Lease.HasQuorum(s.Now());

    /// <summary>Publishes the link's lease and its clock (called by the link whenever the lease changes).</summary>
    internal void Publish(QuorumLease lease, Func<TimeSpan> now) => Volatile.Write(ref _snapshot, new Snapshot(lease, now));

    private sealed record Snapshot(QuorumLease Lease, Func<TimeSpan> Now);
}
