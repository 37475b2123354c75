using ActorRealm.PersistenceSets.Status;

namespace ActorRealm.PersistenceSets.RealmLink;

/// <summary>
/// One realm server's registry asks another's for the latest status of its clients (ADR 0073): an administrator's
/// command goes to a persistence server through the realm server it is a client of, which may be another one.
/// </summary>
public sealed record GetRegistryClients : IPersistenceSetsMessage
{
    /// <summary>The single instance.</summary>
    public static GetRegistryClients Instance { get; } = new();
}

/// <summary>A registry's answer to <see cref="GetRegistryClients"/>: its clients' latest statuses.</summary>
/// <param name="RealmServer">The realm server's node name.</param>
/// <param name="Clients">The latest status of each client that reported one.</param>
public sealed record RegistryClients(string RealmServer, IReadOnlyList<PersistenceServerStatus> Clients) : IPersistenceSetsMessage;

/// <summary>
/// Asks a registry to hand <paramref name="Command"/> to its client <paramref name="Server"/> and to answer with the
/// client's <see cref="PersistenceAdminAnswer"/> (or a refusal of its own when <paramref name="Server"/> is not its client).
/// </summary>
/// <param name="Server">The persistence server to give the command to.</param>
/// <param name="Command">The command.</param>
public sealed record RelayPersistenceAdmin(string Server, PersistenceAdminCommand Command) : IPersistenceSetsMessage;
