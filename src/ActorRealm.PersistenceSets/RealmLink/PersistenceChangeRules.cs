using ActorRealm.Cluster;
using ActorRealm.Cluster.Prime;
using ActorRealm.PersistenceSets.Layout;
using ActorRealm.PersistenceSets.Status;

namespace ActorRealm.PersistenceSets.RealmLink;

/// <summary>What a realm server decides about an administrator's change before any persistence server hears of it.</summary>
public enum PrecheckVerdict
{
    /// <summary>Give the command to the set's servers, with the realm guard's verdict.</summary>
    Proceed,

    /// <summary>The request names what the realm does not define: nothing to do (HTTP 400).</summary>
    BadRequest,

    /// <summary>The request cannot be carried out from here (HTTP 409).</summary>
    Conflict,
}

/// <summary>A realm server's precheck of a cut-over or migration.</summary>
/// <param name="Verdict">Proceed, or why not.</param>
/// <param name="GuardPassed">For a cut-over that proceeds: the realm half of the guard (the persistence server adds its probe).</param>
/// <param name="Message">The refusal, or the guard's explanation.</param>
public sealed record PersistenceChangePrecheck(PrecheckVerdict Verdict, bool GuardPassed, string Message);

/// <summary>
/// The realm server's half of a cut-over or migration (ADR 0073), pure: what the layout refuses outright, the realm
/// guard of a cut-over (the prime switch's rule applied to the site confirmed down, and the prime site switched
/// first when that site was prime), and which persistence server gets the command.
/// </summary>
public static class PersistenceChangeRules
{
    /// <summary>Checks a migration to <paramref name="toSet"/>: only that the set exists; the primary leader decides the rest.</summary>
    public static PersistenceChangePrecheck Migration(PersistenceLayout layout, string toSet)
    {
        ArgumentNullException.ThrowIfNull(layout);
        return UnknownSet(layout, toSet) is { } refusal
            ? new(PrecheckVerdict.BadRequest, false, refusal)
            : new(PrecheckVerdict.Proceed, true, "a migration needs no guard: the primary set takes part in it");
    }

    /// <summary>Checks a cut-over to <paramref name="toSet"/> given at a realm server of <paramref name="selfSite"/>.</summary>
    /// <param name="layout">The persistence layout.</param>
    /// <param name="realm">The realm's sites and their realm servers.</param>
    /// <param name="prime">The prime state this realm server follows.</param>
    /// <param name="selfSite">This realm server's site.</param>
    /// <param name="toSet">The set to make primary.</param>
    /// <param name="confirmSiteDown">The site the administrator confirms is down.</param>
    /// <param name="unreachableFor">How long each unreachable realm server has been unreachable from this one.</param>
    /// <param name="minUnreachable"><c>actorrealm.cluster.prime-switch.min-unreachable</c>.</param>
    public static PersistenceChangePrecheck CutOver(
        PersistenceLayout layout,
        ClusterLayout realm,
        PrimeState prime,
        string selfSite,
        string toSet,
        string confirmSiteDown,
        IReadOnlyDictionary<NodeAddress, TimeSpan> unreachableFor,
        TimeSpan minUnreachable)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentNullException.ThrowIfNull(prime);
        if (UnknownSet(layout, toSet) is { } unknown)
        {
            return new(PrecheckVerdict.BadRequest, false, unknown);
        }

        if (!realm.HasSite(confirmSiteDown))
        {
            return new(PrecheckVerdict.BadRequest, false, $"there is no site '{confirmSiteDown}'; the sites are {string.Join(", ", realm.Sites.Order(StringComparer.Ordinal).Select(s => $"'{s}'"))}");
        }

        var target = layout.Set(toSet);
        if (target.Site != selfSite)
        {
            return new(PrecheckVerdict.Conflict, false,
                $"a cut-over to '{toSet}' is given at a realm server of its site '{target.Site}', the side that survives; this realm server is at '{selfSite}'");
        }

        var recentlyReachable = PrimeSwitchGuard.RecentlyReachable(realm, confirmSiteDown, unreachableFor, minUnreachable);
        var min = PrimeSwitchGuard.Seconds(minUnreachable);
        if (recentlyReachable.Count > 0)
        {
            return new(PrecheckVerdict.Proceed, false,
                $"site '{confirmSiteDown}' is not down as seen from this side: {string.Join("; ", recentlyReachable)}. Every realm server of " +
                $"'{confirmSiteDown}' must have been unreachable for at least {min} (actorrealm.cluster.prime-switch.min-unreachable), as for the prime switch");
        }

        if (prime.Site == confirmSiteDown)
        {
            return new(PrecheckVerdict.Proceed, false,
                $"'{confirmSiteDown}' is still the realm's prime site, so this side has no quorum and the new primary could not serve. " +
                $"Switch the prime site first: actorrealm prime set --site {selfSite} --confirm-site-down {confirmSiteDown}, then repeat the cut-over");
        }

        return new(PrecheckVerdict.Proceed, true,
            $"every realm server of '{confirmSiteDown}' has been unreachable from this side for at least {min}, and '{prime.Site}' is the prime site (epoch {prime.Epoch})");
    }

    /// <summary>
    /// The persistence server to give the command to, among the live statuses the realm servers hold: for a cut-over
    /// the leader of <paramref name="toSet"/> (else any of its servers, which redirects), for a migration the primary
    /// leader of the newest epoch (else any primary server). <paramref name="preferred"/> (a redirect's leader) wins
    /// when it is live. Null when none is live anywhere the realm server can ask.
    /// </summary>
    public static string? Target(PersistenceChangeKind kind, string toSet, IEnumerable<PersistenceServerStatus> live, string? preferred = null)
    {
        ArgumentNullException.ThrowIfNull(live);
        var statuses = live.ToList();
        if (preferred is not null && statuses.Any(s => s.Server == preferred))
        {
            return preferred;
        }

        var candidates = kind == PersistenceChangeKind.CutOver
            ? statuses.Where(s => s.Set == toSet)
            : statuses.Where(s => s.SetRole == SetRole.Primary);
        return candidates
            .OrderByDescending(s => s.Role == PersistenceRole.Leader)
            .ThenByDescending(s => s.Epoch)
            .ThenByDescending(s => s.Term)
            .ThenBy(s => s.Server, StringComparer.Ordinal)
            .FirstOrDefault()?.Server;
    }

    private static string? UnknownSet(PersistenceLayout layout, string toSet) =>
        layout.Sets.Any(s => s.Name == toSet)
            ? null
            : $"there is no set '{toSet}'; the sets are {string.Join(", ", layout.Sets.Select(s => $"'{s.Name}'"))}";
}
