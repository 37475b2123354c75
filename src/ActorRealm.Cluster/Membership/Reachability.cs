using System.Collections.Immutable;

namespace ActorRealm.Cluster.Membership;

/// <summary>What an observer's failure detector says about a subject.</summary>
public enum ReachabilityStatus
{
    /// <summary>Heartbeats arrive (or arrive again).</summary>
    Reachable,

    /// <summary>The failure detector suspects the subject.</summary>
    Unreachable,

    /// <summary>The subject is known to be gone for good (final).</summary>
    Terminated,
}

/// <summary>One observation: <paramref name="Observer"/> sees <paramref name="Subject"/> as <paramref name="Status"/>.</summary>
/// <param name="Observer">The observing member.</param>
/// <param name="Subject">The observed member.</param>
/// <param name="Status">The observation.</param>
/// <param name="Version">The observer's version when it made the observation.</param>
public sealed record ReachabilityRecord(NodeId Observer, NodeId Subject, ReachabilityStatus Status, long Version);

/// <summary>
/// The reachability table of the cluster: for each observer, a version and its observations.
/// Only observations that differ from "reachable" are kept (an observer whose observations all
/// become reachable again drops them and bumps its version), so an absent record means reachable.
/// Akka.Cluster gossips and merges the table; ActorRealm reads it (<c>AkkaClusterView</c>) to feed
/// the downing strategy.
/// </summary>
public sealed class Reachability : IEquatable<Reachability>
{
    private readonly ImmutableSortedDictionary<NodeId, ObserverRows> _observers;

    private Reachability(ImmutableSortedDictionary<NodeId, ObserverRows> observers) => _observers = observers;

    /// <summary>The table with no observation.</summary>
    public static Reachability Empty { get; } = new(ImmutableSortedDictionary<NodeId, ObserverRows>.Empty);

    /// <summary>
    /// Rebuilds a table from every observer's version and the records (for example read from the
    /// wire). A record's observer must be listed in <paramref name="versions"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A record names an observer without a version.</exception>
    public static Reachability Create(IEnumerable<KeyValuePair<NodeId, long>> versions, IEnumerable<ReachabilityRecord> records)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(records);
        var rows = versions.ToDictionary(v => v.Key, v => (v.Value, Rows: ImmutableSortedDictionary.CreateBuilder<NodeId, ReachabilityRecord>()));
        foreach (var record in records)
        {
            if (!rows.TryGetValue(record.Observer, out var observer))
            {
                throw new ArgumentException($"Reachability record {record} names observer {record.Observer}, which has no version.", nameof(records));
            }

            observer.Rows[record.Subject] = record;
        }

        return new Reachability(rows.ToImmutableSortedDictionary(r => r.Key, r => new ObserverRows(r.Value.Value, r.Value.Rows.ToImmutable())));
    }

    /// <summary>Every record, ordered by observer then subject.</summary>
    public IEnumerable<ReachabilityRecord> Records => _observers.Values.SelectMany(o => o.Rows.Values);

    /// <summary>Every observer's version (including observers with no record left).</summary>
    public IEnumerable<KeyValuePair<NodeId, long>> Versions => _observers.Select(o => KeyValuePair.Create(o.Key, o.Value.Version));

    /// <summary>Whether no observer holds an unreachable or terminated record.</summary>
    public bool IsAllReachable => Records.All(r => r.Status == ReachabilityStatus.Reachable);

    /// <summary>Records that <paramref name="observer"/> sees <paramref name="subject"/> as unreachable.</summary>
    public Reachability Unreachable(NodeId observer, NodeId subject) => Change(observer, subject, ReachabilityStatus.Unreachable);

    /// <summary>Records that <paramref name="observer"/> sees <paramref name="subject"/> as reachable again.</summary>
    public Reachability Reachable(NodeId observer, NodeId subject) => Change(observer, subject, ReachabilityStatus.Reachable);

    /// <summary>Records that <paramref name="observer"/> knows <paramref name="subject"/> is gone (final).</summary>
    public Reachability Terminated(NodeId observer, NodeId subject) => Change(observer, subject, ReachabilityStatus.Terminated);

    /// <summary>What <paramref name="observer"/> says about <paramref name="subject"/>.</summary>
    public ReachabilityStatus StatusOf(NodeId observer, NodeId subject) =>
        _observers.TryGetValue(observer, out var rows) && rows.Rows.TryGetValue(subject, out var record)
            ? record.Status
            : ReachabilityStatus.Reachable;

    /// <summary>
    /// The worst observation of <paramref name="subject"/> by any observer (Terminated, then
    /// Unreachable, then Reachable).
    /// </summary>
    public ReachabilityStatus StatusOf(NodeId subject)
    {
        var worst = ReachabilityStatus.Reachable;
        foreach (var rows in _observers.Values)
        {
            if (rows.Rows.TryGetValue(subject, out var record) && record.Status > worst)
            {
                worst = record.Status;
            }
        }

        return worst;
    }

    /// <summary>Whether no observer sees <paramref name="subject"/> as unreachable or terminated.</summary>
    public bool IsReachable(NodeId subject) => StatusOf(subject) == ReachabilityStatus.Reachable;

    /// <summary>Subjects that some observer sees as unreachable or terminated.</summary>
    public ImmutableSortedSet<NodeId> AllUnreachableOrTerminated =>
        Records.Where(r => r.Status != ReachabilityStatus.Reachable).Select(r => r.Subject).ToImmutableSortedSet();

    /// <summary>Subjects that <paramref name="observer"/> sees as unreachable or terminated.</summary>
    public ImmutableSortedSet<NodeId> UnreachableFrom(NodeId observer) =>
        _observers.TryGetValue(observer, out var rows)
            ? rows.Rows.Values.Where(r => r.Status != ReachabilityStatus.Reachable).Select(r => r.Subject).ToImmutableSortedSet()
            : [];

    /// <summary>Observers that see <paramref name="subject"/> as unreachable or terminated.</summary>
    public ImmutableSortedSet<NodeId> ObserversOf(NodeId subject) =>
        Records.Where(r => r.Subject == subject && r.Status != ReachabilityStatus.Reachable).Select(r => r.Observer).ToImmutableSortedSet();

    /// <summary>The table without the observations made by <paramref name="observers"/> (for example downed members).</summary>
    public Reachability WithoutObservers(IEnumerable<NodeId> observers) => new(_observers.RemoveRange(observers));

    /// <summary>The table without anything about <paramref name="nodes"/>, as observers or as subjects (removed members).</summary>
    public Reachability Without(IReadOnlySet<NodeId> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (nodes.Count == 0)
        {
            return this;
        }

        var builder = ImmutableSortedDictionary.CreateBuilder<NodeId, ObserverRows>();
        foreach (var (observer, rows) in _observers)
        {
            if (!nodes.Contains(observer))
            {
                builder[observer] = rows with { Rows = rows.Rows.RemoveRange(nodes) };
            }
        }

        return new Reachability(builder.ToImmutable());
    }

    /// <inheritdoc />
    public bool Equals(Reachability? other) => other is not null && _observers.SequenceEqual(other._observers);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Reachability);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_observers.Count, _observers.Values.Sum(o => o.Version));

    /// <summary>Lists the records that are not reachable.</summary>
    public override string ToString() =>
        "[" + string.Join(", ", Records.Where(r => r.Status != ReachabilityStatus.Reachable).Select(r => $"{r.Observer} -> {r.Subject}: {r.Status}")) + "]";

    private Reachability Change(NodeId observer, NodeId subject, ReachabilityStatus status)
    {
        var current = _observers.GetValueOrDefault(observer) ?? ObserverRows.None;
        var old = current.Rows.GetValueOrDefault(subject);
        var oldStatus = old?.Status ?? ReachabilityStatus.Reachable;
        if (oldStatus == ReachabilityStatus.Terminated || oldStatus == status)
        {
            return this;
        }

        var version = current.Version + 1;
        var rows = status == ReachabilityStatus.Reachable && current.Rows.Values.All(r => r.Subject == subject || r.Status == ReachabilityStatus.Reachable)
            ? ImmutableSortedDictionary<NodeId, ReachabilityRecord>.Empty
            : current.Rows.SetItem(subject, new ReachabilityRecord(observer, subject, status, version));
        return new Reachability(_observers.SetItem(observer, new ObserverRows(version, rows)));
    }

    private sealed record ObserverRows(long Version, ImmutableSortedDictionary<NodeId, ReachabilityRecord> Rows)
    {
        public static ObserverRows None { get; } = new(0, ImmutableSortedDictionary<NodeId, ReachabilityRecord>.Empty);

        public bool Equals(ObserverRows? other) => other is not null && Version == other.Version && Rows.SequenceEqual(other.Rows);

        public override int GetHashCode() => HashCode.Combine(Version, Rows.Count);
    }
}
