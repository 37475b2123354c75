namespace ActorRealm.PersistenceSets.RealmLink;

/// <summary>Which change of primary set an administrator asks for.</summary>
public enum PersistenceChangeKind
{
    /// <summary>A disaster cut-over: the standby set becomes primary without the old primary (ADR 0070).</summary>
    CutOver,

    /// <summary>A planned migration: the primary drains, hands over, and becomes the standby set.</summary>
    Migration,
}

/// <summary>How a persistence server answered a <see cref="PersistenceAdminCommand"/>.</summary>
public enum PersistenceAdminOutcome
{
    /// <summary>The change is under way; the new epoch is in the answer.</summary>
    Accepted,

    /// <summary>Not this server: give the command to the leader named in the answer.</summary>
    Redirect,

    /// <summary>Refused, with the reason in the answer; nothing changed.</summary>
    Refused,
}

/// <summary>
/// An administrator's cut-over or migration, from a realm server to a persistence server (ADR 0073): the realm
/// server checked what only the realm knows (for a cut-over, that every realm server of the site confirmed down has
/// been unreachable long enough and that the prime site was switched) and passes its verdict; the persistence
/// server adds its own probe of the old primary set and gives the machine the combined guard.
/// </summary>
/// <param name="Kind">Cut-over or migration.</param>
/// <param name="ToSet">The set to make primary.</param>
/// <param name="ConfirmSiteDown">For a cut-over, the site the administrator confirms is down; empty for a migration.</param>
/// <param name="RealmGuardPassed">For a cut-over, the realm server's guard verdict; true for a migration.</param>
/// <param name="RealmGuardExplanation">The realm server's explanation, quoted in a refusal.</param>
/// <param name="RequestedBy">Who asked, for the persistence server's log.</param>
public sealed record PersistenceAdminCommand(
    PersistenceChangeKind Kind,
    string ToSet,
    string ConfirmSiteDown,
    bool RealmGuardPassed,
    string RealmGuardExplanation,
    string RequestedBy) : IPersistenceSetsMessage;

/// <summary>A persistence server's answer to a <see cref="PersistenceAdminCommand"/>.</summary>
/// <param name="Server">The persistence server that answered.</param>
/// <param name="Outcome">Accepted, redirect or refused.</param>
/// <param name="NewEpoch">The epoch the change starts (accepted only; 0 otherwise).</param>
/// <param name="Leader">The leader to give the command to (redirect only).</param>
/// <param name="Message">For the administrator.</param>
public sealed record PersistenceAdminAnswer(string Server, PersistenceAdminOutcome Outcome, long NewEpoch, string? Leader, string Message) : IPersistenceSetsMessage;
