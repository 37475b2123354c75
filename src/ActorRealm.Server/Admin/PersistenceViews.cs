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
/// <param name="Serving">Whether it accepts publishes now (the primary leader with its side's quorum); null when offline.</param>
/// <param name="ExportFile">The file its last exported log suffix went to (on its host), or null.</param>
/// <param name="ExportCount">How many entries that file holds, or null.</param>
/// <param name="ExportDivergent">True when the export is an old primary's divergent suffix after a cut-over (it may hold acknowledged messages).</param>
/// <param name="MigrationEpoch">For an old primary leader: the epoch of the last migration it handed over, or null.</param>
/// <param name="MigrationPauseSeconds">The publish pause that migration caused, in seconds, or null.</param>
/// <param name="CompactedThrough">The last log index compacted into its snapshot (0: none); null when offline.</param>
/// <param name="UnreadDropped">Durable subscriptions that retention passed before they read, with what they lost; null when offline.</param>
/// <param name="ClientSessions">Client processes the server serves now; null when offline.</param>
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
    IReadOnlyList<string> Notes,
    bool? Serving = null,
    string? ExportFile = null,
    int? ExportCount = null,
    bool? ExportDivergent = null,
    long? MigrationEpoch = null,
    double? MigrationPauseSeconds = null,
    long? CompactedThrough = null,
    IReadOnlyList<SubscriptionLoss>? UnreadDropped = null,
    int? ClientSessions = null)
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
            [.. server.Notes],
            s?.Serving,
            s?.LastExport?.File,
            s?.LastExport?.Count,
            s?.LastExport?.FromOldEpoch,
            s?.LastMigration?.NewEpoch,
            s?.LastMigration?.PublishPause.TotalSeconds,
            s?.CompactedThrough,
            s?.UnreadDropped,
            s?.ClientSessions);
    }
}

/// <summary><c>POST /api/persistence/cutover</c> and <c>/migrate</c> body.</summary>
/// <param name="ToSet">The set to make primary.</param>
/// <param name="ConfirmSiteDown">For a cut-over: the primary set's site, which the operator confirms is down.</param>
/// <param name="RequestedBy">Who asks (logged by the realm server and the persistence server); optional.</param>
public sealed record PersistenceChangeBody(string? ToSet, string? ConfirmSiteDown, string? RequestedBy);

/// <summary>
/// The answer to a cut-over or migration: 200 <c>accepted</c>, 409 <c>refused</c> (nothing changed), 400 <c>invalid</c>
/// (a set or site the realm does not define), 503 <c>unavailable</c> (no persistence server could be asked; retry).
/// </summary>
/// <param name="Outcome"><c>accepted</c>, <c>refused</c>, <c>invalid</c> or <c>unavailable</c>.</param>
/// <param name="Change"><c>cutover</c> or <c>migration</c>.</param>
/// <param name="ToSet">The set asked to become primary.</param>
/// <param name="NewEpoch">The persistence epoch the change starts (accepted only).</param>
/// <param name="Server">The persistence server that answered, or null when the realm server answered itself.</param>
/// <param name="RealmServer">The realm server that took the request.</param>
/// <param name="Message">What happened, for the operator.</param>
public sealed record PersistenceChangeResultView(string Outcome, string Change, string ToSet, long? NewEpoch, string? Server, string RealmServer, string Message)
{
    /// <summary>The outcome of an accepted change.</summary>
    public const string AcceptedOutcome = "accepted";

    /// <summary>The outcome of a change refused in the realm's or the set's present state.</summary>
    public const string RefusedOutcome = "refused";

    /// <summary>The outcome of a request naming what the realm does not define.</summary>
    public const string InvalidOutcome = "invalid";

    /// <summary>The outcome when no persistence server could be asked.</summary>
    public const string UnavailableOutcome = "unavailable";
}

/// <summary>
/// <c>GET /api/persistence/realm</c>: the live persistence servers of every realm server this one reaches, each as
/// reported to the realm server it is a client of. What a cut-over or migration waits on: the new primary leader
/// may be a client of another realm server, at the other site.
/// </summary>
/// <param name="RealmServer">The realm server that gathered the view.</param>
/// <param name="RealmServers">The realm servers whose clients are listed (those that answered).</param>
/// <param name="Servers">Every live persistence server they hold.</param>
public sealed record PersistenceRealmView(string RealmServer, IReadOnlyList<string> RealmServers, IReadOnlyList<PersistenceLiveServerView> Servers);

/// <summary>One live persistence server in <see cref="PersistenceRealmView"/>.</summary>
/// <param name="RealmServer">The realm server it is a client of.</param>
/// <param name="Name">The server.</param>
/// <param name="Set">Its set.</param>
/// <param name="SetRole"><c>primary</c> or <c>standby</c>.</param>
/// <param name="Role"><c>leader</c>, <c>member</c> or <c>candidate</c>.</param>
/// <param name="Epoch">The persistence epoch it follows.</param>
/// <param name="Term">Its term.</param>
/// <param name="CommittedIndex">Its committed index.</param>
/// <param name="Serving">Whether it accepts publishes now.</param>
/// <param name="MigrationEpoch">The epoch of the last migration it handed over (or abandoned) as primary leader, or null.</param>
/// <param name="MigrationPauseSeconds">That migration's publish pause in seconds, or null.</param>
/// <param name="ExportFile">Its last export file, or null.</param>
/// <param name="ExportCount">That file's entry count, or null.</param>
/// <param name="MigrationAbandoned">Why its last migration was abandoned before the hand-over, or null.</param>
public sealed record PersistenceLiveServerView(
    string RealmServer,
    string Name,
    string Set,
    string SetRole,
    string Role,
    long Epoch,
    long Term,
    long CommittedIndex,
    bool Serving,
    long? MigrationEpoch,
    double? MigrationPauseSeconds,
    string? ExportFile,
    int? ExportCount,
    string? MigrationAbandoned = null);
