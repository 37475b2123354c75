using System.Collections.Immutable;

namespace ActorRealm.Contracts.Persistence;

/// <summary>
/// Asks a realm server where the persistence servers are. Send it through a ClusterClient to
/// <see cref="RealmServices.PersistenceDirectoryPath"/> (<c>SendToAll</c> asks every realm server: each knows the
/// live state of its own clients only). The answer is a <see cref="PersistenceDirectory"/>.
/// </summary>
public sealed record PersistenceDirectoryRequest : IRealmContract
{
    /// <summary>The single instance (the request carries nothing).</summary>
    public static PersistenceDirectoryRequest Instance { get; } = new();
}

/// <summary>One persistence server of the realm's layout.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Set">Its set.</param>
/// <param name="Site">Its site.</param>
/// <param name="Address">Its address, <c>host:port</c>.</param>
/// <param name="Path">The actor path of its persistence server actor, where applications send requests.</param>
public sealed record PersistenceServerEntry(string Name, string Set, string Site, string Address, string Path);

/// <summary>A realm server's directory of the persistence cluster.</summary>
/// <param name="RealmServer">The answering realm server.</param>
/// <param name="PrimarySet">The primary set as best known there (the configured one until a client reports a later epoch).</param>
/// <param name="Epoch">The persistence epoch that goes with it.</param>
/// <param name="Leader">The primary leader, when one of the realm server's clients reports it; else null.</param>
/// <param name="Servers">Every persistence server of the layout, primary set first.</param>
public sealed record PersistenceDirectory(string RealmServer, string PrimarySet, long Epoch, string? Leader, ImmutableArray<PersistenceServerEntry> Servers)
    : IRealmContract
{
    /// <summary>Equality with the servers compared by content.</summary>
    public bool Equals(PersistenceDirectory? other) =>
        other is not null && (RealmServer, PrimarySet, Epoch, Leader) == (other.RealmServer, other.PrimarySet, other.Epoch, other.Leader)
        && Servers.SequenceEqual(other.Servers);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(RealmServer, PrimarySet, Epoch, Leader, Servers.Length);
}
