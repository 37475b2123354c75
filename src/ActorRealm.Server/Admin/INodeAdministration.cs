using ActorRealm.PersistenceSets.RealmLink;

namespace ActorRealm.Server.Admin;

/// <summary>What the admin API asks of a running node; the node (<c>RealmNode</c>) answers from its cluster extension.</summary>
public interface INodeAdministration
{
    /// <summary>The node's current view of the realm.</summary>
    NodeStatusView Status();

    /// <summary>
    /// Asks the node's side to switch the prime site (the guarded switch): <paramref name="site"/>
    /// becomes prime if <paramref name="confirmSiteDown"/> is the current prime site and has been
    /// unreachable long enough.
    /// </summary>
    Task<PrimeSwitchResultView> SwitchPrimeAsync(string site, string confirmSiteDown, string requestedBy, CancellationToken cancellationToken);

    /// <summary>
    /// The realm's persistence servers from this realm server's perspective, or null when the realm defines no
    /// persistence sets.
    /// </summary>
    Task<PersistenceStatusView?> PersistenceAsync(CancellationToken cancellationToken);

    /// <summary>
    /// An administrator's cut-over or migration of the persistence sets (ADR 0073): checked here, then given to the
    /// persistence server that must carry it out, through the realm server it is a client of. Null when the realm
    /// defines no persistence sets.
    /// </summary>
    Task<PersistenceChangeResultView?> ChangePersistencePrimaryAsync(PersistenceChangeKind kind, string toSet, string confirmSiteDown, string requestedBy, CancellationToken cancellationToken);

    /// <summary>The live persistence servers of every realm server this one reaches; null when the realm defines no persistence sets.</summary>
    Task<PersistenceRealmView?> PersistenceRealmAsync(CancellationToken cancellationToken);

    /// <summary>The Prometheus text of <c>GET /metrics</c> (docs/operations.md, "Metrics").</summary>
    Task<string> MetricsAsync(CancellationToken cancellationToken);
}
