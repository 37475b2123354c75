using System.Collections.Immutable;

namespace ActorRealm.Contracts;

/// <summary>
/// Asks a realm node for its view of the realm. Send it through a ClusterClient to
/// <see cref="RealmServices.StatusPath"/>; the answer is a <see cref="RealmStatus"/>.
/// </summary>
public sealed record RealmStatusRequest : IRealmContract
{
    /// <summary>The single instance (the request carries nothing).</summary>
    public static RealmStatusRequest Instance { get; } = new();
}

/// <summary>One member of the realm as the answering node sees it.</summary>
/// <param name="Node">The node's name.</param>
/// <param name="Site">Its site.</param>
/// <param name="Address">Its cluster address, <c>host:port</c>.</param>
/// <param name="Status">joining, up, leaving, exiting, down, removed or absent.</param>
/// <param name="Reachable">Whether the answering node reaches it.</param>
public sealed record RealmMember(string Node, string Site, string Address, string Status, bool Reachable);

/// <summary>A realm node's view of the realm (the same facts as the admin API's <c>/api/status</c>).</summary>
/// <param name="Realm">The realm name.</param>
/// <param name="Node">The answering node's name.</param>
/// <param name="Site">Its site.</param>
/// <param name="Status">Its own member status.</param>
/// <param name="HasQuorum">Whether its side of the realm has quorum.</param>
/// <param name="Quorum">The quorum rule's explanation.</param>
/// <param name="Serving">Whether it serves work that needs the realm.</param>
/// <param name="PrimeSite">The prime site it follows.</param>
/// <param name="PrimeEpoch">The prime epoch it follows.</param>
/// <param name="Members">Every configured node and member, by site.</param>
public sealed record RealmStatus(
    string Realm,
    string Node,
    string Site,
    string Status,
    bool HasQuorum,
    string Quorum,
    bool Serving,
    string PrimeSite,
    long PrimeEpoch,
    ImmutableArray<RealmMember> Members) : IRealmContract
{
    /// <summary>Equality with the members compared by content.</summary>
    public bool Equals(RealmStatus? other) =>
        other is not null &&
        (Realm, Node, Site, Status, HasQuorum, Quorum, Serving, PrimeSite, PrimeEpoch) ==
        (other.Realm, other.Node, other.Site, other.Status, other.HasQuorum, other.Quorum, other.Serving, other.PrimeSite, other.PrimeEpoch) &&
        Members.SequenceEqual(other.Members);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Realm, Node, PrimeEpoch, Members.Length);
}
