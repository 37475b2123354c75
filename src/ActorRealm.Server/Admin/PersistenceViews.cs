using ActorRealm.PersistenceSets.Status;

namespace ActorRealm.Server.Admin;

/// <summary>
/// <c>GET /api/persistence</c>: the realm's persistence servers from this realm server's perspective (ADR 0071). Every
/// defined server is listed by set; those that are this realm server's clients with their live state, every other one
/// <c>offline: defined in the realm, not a client of this realm server</c>.
/// </summary>
/// <param name="RealmServer">This realm server's node name.</param>
/// <param name="Site">Its site.</param>
/// <param name="StandbyReplication">The configured standby replication, <c>async</c> or <c>sync</c>.</param>
/// <param name="Sets">Both sets.</param>
/// <param name="UndefinedClients">Clients reporting as a server the realm does not define.</param>
public sealed record PersistenceStatusView(
    string RealmServer,
    string Site,
    string StandbyReplication,
    IReadOnlyList<PersistenceSetStatusView> Sets,
    IReadOnlyList<string> UndefinedClients)
{
    /// <summary>The JSON view of <paramref name="view"/>.</summary>
    public static PersistenceStatusView From(PersistenceView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new(
            view.RealmServer,
            view.Site,
            view.StandbyReplication.ToString().ToLowerInvariant(),
            [.. view.Sets.Select(PersistenceSetStatusView.From)],
            [.. view.UndefinedClients.Select(c => $"{c.Server} ({c.Set} at {c.Site})")]);
    }
}

/// <summary>One set in <see cref="PersistenceStatusView"/>.</summary>
/// <param name="Name">The set's name.</param>
/// <param name="Site">Its site.</param>
/// <param name="InitialPrimary">Whether it is the configured primary set of epoch 0.</param>
/// <param name="Role"><c>primary</c> or <c>standby</c> as its live servers report it, or null when none is live here.</param>
/// <param name="Epoch">The persistence epoch they report, or null.</param>
/// <param name="Leader">Its leader as the newest report knows it, or null.</param>
/// <param name="Live">How many of its servers are clients of this realm server.</param>
/// <param name="Servers">Every server of the set.</param>
/// <param name="Notes">Alarms seen from here (two leaders in one term...).</param>
public sealed record PersistenceSetStatusView(
    string Name,
    string Site,
    bool InitialPrimary,
    string? Role,
    long? Epoch,
    string? Leader,
    int Live,
    IReadOnlyList<PersistenceServerStatusView> Servers,
    IReadOnlyList<string> Notes)
{
    internal static PersistenceSetStatusView From(PersistenceSetView set) => new(
        set.Set.Name,
        set.Set.Site,
        set.InitialPrimary,
        set.Role?.ToString().ToLowerInvariant(),
        set.Epoch,
        set.Leader,
        set.LiveCount,
        [.. set.Servers.Select(PersistenceServerStatusView.From)],
        [.. set.Notes]);
}

/// <summary>One server in <see cref="PersistenceSetStatusView"/>.</summary>
/// <param name="Name">The server's name.</param>
/// <param name="Address">Its configured address, <c>host:port</c>.</param>
/// <param name="State"><c>live</c> (a client of this realm server) or <c>offline</c>.</param>
/// <param name="Summary">Its state in one line (for an offline server, the document's wording).</param>
/// <param name="Role"><c>leader</c>, <c>member</c> or <c>candidate</c>; null when offline.</param>
/// <param name="Term">Its election term; null when offline.</param>
/// <param name="Epoch">The persistence epoch it follows; null when offline.</param>
/// <param name="LastIndex">Its last log index; null when offline.</param>
/// <param name="CommittedIndex">Its committed index; null when offline.</param>
/// <param name="LagBehindLeader">Entries behind its leader; null when offline, leader, or leaderless.</param>
/// <param name="StandbyLagMessages">For the primary leader: messages the standby set lacks (the live RPO).</param>
/// <param name="StandbyLagBytes">For the primary leader: their bytes.</param>
/// <param name="StandbyLagSeconds">For the primary leader: the age of the oldest of them.</param>
/// <param name="ReportedAt">When it took its status, by its clock; null when offline.</param>
/// <param name="Notes">What does not add up for this server.</param>
public sealed record PersistenceServerStatusView(
    string Name,
    string Address,
    string State,
    string Summary,
    string? Role,
    long? Term,
    long? Epoch,
    long? LastIndex,
    long? CommittedIndex,
    long? LagBehindLeader,
    long? StandbyLagMessages,
    long? StandbyLagBytes,
    double? StandbyLagSeconds,
    DateTimeOffset? ReportedAt,
    IReadOnlyList<string> Notes)
{
    internal static PersistenceServerStatusView From(PersistenceServerView server)
    {
        var s = server.Status;
        return new(
            server.Server.Name,
            server.Server.Address.ToString(),
            server.State.ToString().ToLowerInvariant(),
            server.Describe(),
            s?.Role.ToString().ToLowerInvariant(),
            s?.Term,
            s?.Epoch,
            s?.LastIndex,
            s?.CommittedIndex,
            s?.LagBehindLeader,
            s?.Standby?.Messages,
            s?.Standby?.Bytes,
            s?.Standby?.Time.TotalSeconds,
            s?.ReportedAt,
            [.. server.Notes]);
    }
}
