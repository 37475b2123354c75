using System.Collections.Immutable;
using ActorRealm.Cluster.Prime;

namespace ActorRealm.Cluster.Membership;

/// <summary>
/// The replicated cluster state: members, the reachability table, who has seen this version,
/// the version vector, the prime state and tombstones of removed members. Immutable; every
/// instance is normalised (nothing about a tombstoned incarnation survives except its tombstone).
/// </summary>
public sealed partial class Gossip : IEquatable<Gossip>
{
    private readonly ImmutableSortedDictionary<NodeId, Member> _members;
    private Reachability? _effectiveReachability;

    private Gossip(
        ImmutableSortedDictionary<NodeId, Member> members,
        Reachability reachability,
        ImmutableSortedSet<NodeId> seen,
        VectorClock version,
        PrimeState prime,
        ImmutableSortedDictionary<NodeId, long> tombstones)
    {
        _members = members;
        Reachability = reachability;
        Seen = seen;
        Version = version;
        Prime = prime;
        Tombstones = tombstones;
    }

    /// <summary>The members, ordered by node (address, then incarnation).</summary>
    public IEnumerable<Member> Members => _members.Values;

    /// <summary>The number of members.</summary>
    public int MemberCount => _members.Count;

    /// <summary>Every observer's reachability observations.</summary>
    public Reachability Reachability { get; }

    /// <summary>The members that have seen exactly this gossip.</summary>
    public ImmutableSortedSet<NodeId> Seen { get; }

    /// <summary>The version vector.</summary>
    public VectorClock Version { get; }

    /// <summary>The prime site and epoch the cluster follows.</summary>
    public PrimeState Prime { get; }

    /// <summary>Removed incarnations and when they were removed (Unix milliseconds).</summary>
    public ImmutableSortedDictionary<NodeId, long> Tombstones { get; }

    /// <summary>
    /// The reachability table without observations made by downed members, which the rest of the
    /// cluster no longer trusts. Used for leader election, convergence and downing.
    /// </summary>
    public Reachability EffectiveReachability =>
        _effectiveReachability ??= Reachability.WithoutObservers(Members.Where(m => m.Status == MemberStatus.Down).Select(m => m.Node));

    /// <summary>A gossip with no member, following <paramref name="prime"/>.</summary>
    public static Gossip Empty(PrimeState prime) => Create([], Reachability.Empty, [], VectorClock.Empty, prime, []);

    /// <summary>Creates a normalised gossip: tombstoned incarnations are dropped everywhere else.</summary>
    public static Gossip Create(
        IEnumerable<Member> members,
        Reachability reachability,
        IEnumerable<NodeId> seen,
        VectorClock version,
        PrimeState prime,
        IEnumerable<KeyValuePair<NodeId, long>> tombstones)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(reachability);
        ArgumentNullException.ThrowIfNull(seen);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(prime);
        ArgumentNullException.ThrowIfNull(tombstones);
        var tombs = ImmutableSortedDictionary.CreateRange(tombstones);
        var memberMap = ImmutableSortedDictionary.CreateBuilder<NodeId, Member>();
        foreach (var member in members)
        {
            memberMap[member.Node] = memberMap.TryGetValue(member.Node, out var existing) ? Member.HighestPriority(existing, member) : member;
        }

        return new Gossip(memberMap.ToImmutable(), reachability, seen.ToImmutableSortedSet(), version, prime, tombs).Normalised();
    }

    /// <summary>The member of incarnation <paramref name="node"/>, or null.</summary>
    public Member? GetMember(NodeId node) => _members.GetValueOrDefault(node);

    /// <summary>The members (any incarnation) at <paramref name="address"/>.</summary>
    public IEnumerable<Member> MembersAt(NodeAddress address) => Members.Where(m => m.Address == address);

    /// <summary>Whether <paramref name="node"/> has seen this gossip.</summary>
    public bool HasSeen(NodeId node) => Seen.Contains(node);

    /// <summary>Whether <paramref name="node"/> is a tombstoned (removed) incarnation.</summary>
    public bool IsRemoved(NodeId node) => Tombstones.ContainsKey(node);

    /// <summary>Returns this gossip with <paramref name="node"/> in the seen set (version unchanged).</summary>
    public Gossip MarkSeen(NodeId node) =>
        Seen.Contains(node) || IsRemoved(node) ? this : new Gossip(_members, Reachability, Seen.Add(node), Version, Prime, Tombstones);

    /// <summary>
    /// Returns a new version made by <paramref name="changedBy"/>: the given content, the version
    /// vector incremented for <paramref name="changedBy"/>, and only <paramref name="changedBy"/> in the seen set.
    /// </summary>
    public Gossip Update(NodeId changedBy, IEnumerable<Member>? members = null, Reachability? reachability = null, PrimeState? prime = null) =>
        Create(members ?? Members, reachability ?? Reachability, [changedBy], Version.Increment(changedBy), prime ?? Prime, Tombstones);

    /// <summary>
    /// Returns a new version made by <paramref name="changedBy"/> with <paramref name="removed"/>
    /// dropped and tombstoned at <paramref name="removedAtUnixMs"/>.
    /// </summary>
    public Gossip Remove(NodeId changedBy, IReadOnlyCollection<NodeId> removed, long removedAtUnixMs)
    {
        ArgumentNullException.ThrowIfNull(removed);
        var tombs = Tombstones.SetItems(removed.Select(n => KeyValuePair.Create(n, Math.Max(removedAtUnixMs, Tombstones.GetValueOrDefault(n)))));
        return new Gossip(_members, Reachability, [changedBy], Version.Increment(changedBy), Prime, tombs).Normalised();
    }

    /// <summary>Returns this gossip without tombstones older than <paramref name="olderThanUnixMs"/> (same version).</summary>
    public Gossip PruneTombstones(long olderThanUnixMs)
    {
        var kept = Tombstones.Where(t => t.Value >= olderThanUnixMs).ToImmutableSortedDictionary();
        return kept.Count == Tombstones.Count ? this : new Gossip(_members, Reachability, Seen, Version, Prime, kept);
    }

    /// <summary>Structural equality of everything, the seen set included.</summary>
    public bool Equals(Gossip? other) => other is not null && ContentEquals(other) && Seen.SetEquals(other.Seen);

    /// <summary>Structural equality of everything but the seen set.</summary>
    public bool ContentEquals(Gossip other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return ReferenceEquals(this, other) ||
            (Version.Equals(other.Version) &&
             Prime.Equals(other.Prime) &&
             _members.SequenceEqual(other._members) &&
             Tombstones.SequenceEqual(other.Tombstones) &&
             Reachability.Equals(other.Reachability));
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Gossip);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Version, Prime, _members.Count, Tombstones.Count);

    /// <summary>Summarises members, version and prime.</summary>
    public override string ToString() =>
        $"Gossip(members: [{string.Join(", ", Members)}], version: {Version}, seen: [{string.Join(", ", Seen)}], prime: {Prime}, unreachable: {Reachability})";

    // Drops everything about tombstoned incarnations except the tombstone itself.
    private Gossip Normalised()
    {
        if (Tombstones.IsEmpty)
        {
            return this;
        }

        var removed = Tombstones.Keys.ToImmutableHashSet();
        return new Gossip(_members.RemoveRange(removed), Reachability.Without(removed), Seen.Except(removed), Version.Prune(removed), Prime, Tombstones);
    }
}
