using System.Collections.Immutable;

namespace ActorRealm.Cluster;

/// <summary>One incarnation of a node as the cluster knows it (read from an Akka.Cluster member).</summary>
/// <param name="Node">The incarnation.</param>
/// <param name="Site">The site the node belongs to (from its configuration).</param>
/// <param name="Roles">Optional roles, sorted.</param>
/// <param name="Status">Where the member is in its lifecycle.</param>
/// <param name="UpNumber">
/// Order in which members were moved up (1 = oldest); <see cref="NotUp"/> until the leader moves it up.
/// </param>
public sealed record Member(NodeId Node, string Site, ImmutableSortedSet<string> Roles, MemberStatus Status, int UpNumber)
{
    /// <summary>The up-number of a member that has not been moved up yet.</summary>
    public const int NotUp = int.MaxValue;

    /// <summary>The member's address.</summary>
    public NodeAddress Address => Node.Address;

    /// <summary>
    /// The node's name (<c>actorrealm.node.name</c>) as it gave it when joining; empty when unknown.
    /// Fixed for an incarnation; shown in status output.
    /// </summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The name, or the address when the name is unknown.</summary>
    public string DisplayName => Name.Length > 0 ? Name : Address.ToString();

    /// <summary>A new joining member.</summary>
    public static Member Joining(NodeId node, string site, IEnumerable<string>? roles = null, string? name = null) =>
        new(node, site, (roles ?? []).ToImmutableSortedSet(StringComparer.Ordinal), MemberStatus.Joining, NotUp) { Name = name ?? string.Empty };

    /// <summary>Whether <see cref="WithStatus"/> would accept <paramref name="status"/>.</summary>
    public bool CanMoveTo(MemberStatus status) => MemberStatusRules.IsLegal(Status, status);

    /// <summary>Returns this member in <paramref name="status"/>.</summary>
    /// <exception cref="InvalidOperationException">The transition is not legal.</exception>
    public Member WithStatus(MemberStatus status) =>
        CanMoveTo(status)
            ? this with { Status = status }
            : throw new InvalidOperationException($"Member {Node} cannot move from {Status} to {status}.");

    /// <summary>Whether this member was moved up before <paramref name="other"/>.</summary>
    public bool IsOlderThan(Member other) => UpNumber < other.UpNumber || (UpNumber == other.UpNumber && Node.CompareTo(other.Node) < 0);

    /// <summary>Structural equality (roles compared by content).</summary>
    public bool Equals(Member? other) =>
        other is not null &&
        Node.Equals(other.Node) &&
        string.Equals(Site, other.Site, StringComparison.Ordinal) &&
        string.Equals(Name, other.Name, StringComparison.Ordinal) &&
        Roles.SequenceEqual(other.Roles, StringComparer.Ordinal) &&
        Status == other.Status &&
        UpNumber == other.UpNumber;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Node, Site, Status, UpNumber, Roles.Count);

    /// <summary>Returns <c>node (site, status)</c>.</summary>
    public override string ToString() => $"{Node} ({Site}, {Status})";
}
